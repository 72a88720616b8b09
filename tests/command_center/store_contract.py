"""The contract every storage engine of the command centre keeps (huey's StorageTests
pattern): subclass `StoreContract`, give it a `store` fixture for your engine and a
`corrupt` that writes a raw value past the engine's own checks, and every test here
runs against it. `test_store_sqlite.py` does so for the SQLite engine; a PostgreSQL
engine does the same.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import pytest

from command_center.errors import AlreadyExists, InvalidTransition, NotFound
from command_center.model import Action, Outcome, Place, Status
from command_center.store import Incoming, Store, ThrottleKey
from wire.report import Event, KioskInfo, Report

from .live_contract import LiveContract

KIOSK = KioskInfo("kiosk-c", "MRT Dukuh Atas", -6.2009, 106.8228)
PLACE = Place(KIOSK.station, KIOSK.lat, KIOSK.lon)
OTHER = KioskInfo("kiosk-d", "Halte Senen", -6.1767, 106.8412)


def incoming(item: Report | Event, received_at: float = 1000.0,
             flags: tuple[str, ...] = ()) -> Incoming:
    text = json.dumps(item.to_dict(), sort_keys=True, separators=(",", ":"))
    return Incoming(text, hashlib.sha256(text.encode()).hexdigest(), received_at, flags,
                    Place(item.kiosk.station, item.kiosk.lat, item.kiosk.lon))


def report(kiosk: KioskInfo = KIOSK, category: str = "theft", **kw: Any) -> Report:
    return Report.create(kiosk=kiosk, category=category, language="id",
                         description="Tas dicuri", **kw)


def put(store: Store, item: Report, **kw: Any) -> Outcome:
    return asyncio.run(store.put_report(item, incoming(item, **kw)))


class StoreContract(LiveContract):
    """The tests. Subclasses provide the `store` fixture and `corrupt`."""

    def corrupt(self, store: Store, table: str, row_id: str, column: str,
                value: Any) -> None:
        raise NotImplementedError

    # -- kiosks ---------------------------------------------------------------------

    def test_a_kiosk_is_registered_once_with_its_place(self, store: Store) -> None:
        token = store.add_kiosk(KIOSK.id, PLACE)
        with pytest.raises(AlreadyExists):
            store.add_kiosk(KIOSK.id)
        identity = store.kiosk_for_token(token)
        assert identity is not None and identity.id == KIOSK.id and identity.place == PLACE
        assert store.kiosk_for_token("not-a-token") is None
        moved = Place("MRT Setiabudi", -6.209, 106.822)
        store.set_kiosk_place(KIOSK.id, moved)
        assert store.kiosks()[0].station == "MRT Setiabudi"
        with pytest.raises(NotFound):
            store.set_kiosk_place("nobody", moved)

    def test_a_rotated_token_replaces_the_old_one(self, store: Store) -> None:
        old = store.add_kiosk(KIOSK.id)
        new = store.rotate_kiosk_token(KIOSK.id)
        assert store.kiosk_for_token(old) is None and store.kiosk_for_token(new) is not None
        with pytest.raises(NotFound):
            store.rotate_kiosk_token("nobody")

    def test_a_kiosk_without_a_place_shows_the_place_it_claimed(self, store: Store) -> None:
        store.add_kiosk(KIOSK.id)
        assert store.kiosks()[0].station is None
        put(store, report())
        row = store.kiosks()[0]
        assert row.station == KIOSK.station and row.place_claimed and row.place is None

    # -- what kiosks send ---------------------------------------------------------------

    def test_an_item_is_stored_once_and_a_changed_body_is_a_conflict(self,
                                                                      store: Store) -> None:
        item = report()
        assert put(store, item) is Outcome.CREATED
        assert put(store, item) is Outcome.DUPLICATE
        changed = Report.from_dict(item.to_dict() | {"description": "other"})
        assert asyncio.run(store.put_report(changed, incoming(changed))) is Outcome.CONFLICT
        stored = store.report(item.id)
        assert stored is not None and stored.body["description"] == "Tas dicuri"
        event = Event.create(kiosk=KIOSK, type="call.started")
        assert asyncio.run(store.put_event(event, incoming(event))) is Outcome.CREATED
        assert asyncio.run(store.put_event(event, incoming(event))) is Outcome.DUPLICATE
        assert [e.id for e in store.events(KIOSK.id)] == [event.id]

    def test_usage_and_recent_reports_count_by_our_receive_time(self, store: Store) -> None:
        first, second = report(), report()
        put(store, first, received_at=10_000.0)
        put(store, second, received_at=20_000.0)
        put(store, first, received_at=20_001.0)   # a repeat costs nothing
        size = len(incoming(first).canonical.encode())
        assert store.usage_bytes(KIOSK.id, 0) == 2 * size
        assert store.usage_bytes(KIOSK.id, 19_000.0) == size
        assert store.recent_reports(KIOSK.id, 15_000.0) == 1
        assert store.usage_bytes(OTHER.id, 0) == 0

    def test_the_stored_flags_and_shown_place_are_kept(self, store: Store) -> None:
        item = report()
        asyncio.run(store.put_report(item, Incoming(
            incoming(item).canonical, incoming(item).digest, 5.0, ("clock_skew", "flood"),
            Place("Registered", 1.0, 2.0))))
        stored = store.report(item.id)
        assert stored is not None
        assert stored.flags == ("clock_skew", "flood") and stored.received_at == 5.0
        assert (stored.station, stored.lat, stored.lon) == ("Registered", 1.0, 2.0)

    # -- the inbox ----------------------------------------------------------------------

    def test_the_inbox_groups_pages_and_lets_kiosks_take_turns(self, store: Store) -> None:
        real = report(OTHER, category="medical")
        put(store, real, received_at=50.0)            # older than the whole flood
        flood = [report(category="fire") for _ in range(5)]
        for n, item in enumerate(flood):
            put(store, item, received_at=100.0 + n, flags=("flood",) if n >= 2 else ())
        theft = report()
        put(store, theft, received_at=200.0)           # newest, not an emergency
        view = store.inbox(page=1, page_size=3)
        # Kiosks take turns among unflagged open emergencies: kiosk-c's newest
        # unflagged, kiosk-d's only one, then kiosk-c's next.
        assert [r.id for r in view.rows] == [flood[1].id, real.id, flood[0].id]
        assert (view.total, view.open_total, view.open_emergencies, view.flooded) == (
            7, 7, 6, 3)
        assert view.open_not_shown == 4 and view.pages == 3
        rest = store.inbox(page=2, page_size=3).rows + store.inbox(page=3, page_size=3).rows
        assert [r.id for r in rest] == [flood[4].id, flood[3].id, flood[2].id, theft.id]
        store.act(theft.id, Action.CLOSE, "siti")
        assert theft.id not in [r.id for r in store.inbox(page_size=10, open_only=True).rows]

    # -- the 110 flow ----------------------------------------------------------------------

    def test_actions_follow_the_flow_and_are_recorded(self, store: Store) -> None:
        item = report()
        put(store, item)
        store.act(item.id, Action.ACKNOWLEDGE, "siti", "on it")
        with pytest.raises(InvalidTransition):
            store.act(item.id, Action.ACKNOWLEDGE, "siti")
        with pytest.raises(NotFound):
            store.act("nope", Action.CLOSE, "siti")
        stored = store.report(item.id)
        assert stored is not None and stored.status is Status.ACKNOWLEDGED
        assert [(c.operator, c.note) for c in store.changes(item.id)] == [("siti", "on it")]

    def test_a_damaged_row_is_read_raw_and_can_still_be_closed(self, store: Store) -> None:
        item = report(category="fire")
        put(store, item)
        for column, value in (("status", "hijacked"), ("body", "{not json"),
                              ("lat", "north"), ("created_at", "year one")):
            self.corrupt(store, "reports", item.id, column, value)
        stored = store.report(item.id)
        assert stored is not None
        assert set(stored.damaged) >= {"status", "body", "lat"}
        assert stored.raw["status"] == "hijacked" and stored.lat is None
        assert item.id in [r.id for r in store.inbox(page_size=10).rows]
        store.act(item.id, Action.CLOSE, "siti")
        closed = store.report(item.id)
        assert closed is not None and closed.status is Status.CLOSED

    # -- operators ----------------------------------------------------------------------

    def test_sessions_end_at_sign_out_when_idle_on_expiry_and_with_the_operator(
            self, store: Store) -> None:
        store.add_operator("siti", "pw")
        with pytest.raises(AlreadyExists):
            store.add_operator("siti", "pw2")
        store.create_session("siti", "h1", "c1", 100.0, 1000.0)
        assert store.session("h1", 150.0, 600.0) is not None
        store.end_session("h1")
        assert store.session("h1", 151.0, 600.0) is None
        store.create_session("siti", "h2", "c2", 100.0, 1000.0)
        assert store.session("h2", 100.0 + 601.0, 600.0) is None          # idle
        store.create_session("siti", "h3", "c3", 100.0, 200.0)
        assert store.session("h3", 201.0, 600.0) is None                  # expired
        store.create_session("siti", "h4", "c4", 100.0, 1000.0)
        store.set_operator_enabled("siti", False)
        assert store.session("h4", 101.0, 600.0) is None
        assert store.operator_password_hash("siti") is None
        store.set_operator_enabled("siti", True)
        assert store.operator_password_hash("siti") is not None
        store.create_session("siti", "h5", "c5", 100.0, 1000.0)
        store.set_password("siti", "new")
        assert store.session("h5", 101.0, 600.0) is None
        with pytest.raises(NotFound):
            store.set_password("nobody", "x")

    def test_the_throttle_records_before_it_verifies_and_forgets(self, store: Store) -> None:
        keys = [ThrottleKey("ua:x", 2, 300.0), ThrottleKey("a:ip", 5, 300.0)]
        assert store.login_attempt(keys, 100.0, 3600) == 0
        assert store.login_attempt(keys, 100.0, 3600) == 0
        assert store.login_attempt(keys, 100.0, 3600) == 1.0   # third, at once: wait
        assert store.login_attempt(keys, 101.0, 3600) == 0     # waited
        store.login_succeeded(keys)
        assert store.login_attempt(keys, 101.0, 3600) == 0     # the user key is clear
        other = [ThrottleKey("ua:y", 2, 300.0), ThrottleKey("a:ip", 5, 300.0)]
        assert store.login_attempt(other, 101.0, 3600) == 0    # the address still has room
        assert store.login_attempt(keys, 101.0 + 3601, 3600) == 0   # forgotten

    def test_the_audit_keeps_who_what_and_why(self, store: Store) -> None:
        store.audit("siti", "export.personal", "csv: case 17", 5.0)
        assert store.audit_log() == [(5.0, "siti", "export.personal", "csv: case 17")]

    # -- partner agencies and the forwarding outbox (issue 16) -------------------------

    def test_partners_are_routing_rows_updated_in_place(self, store: Store) -> None:
        from command_center.model import Partner
        store.put_partner(Partner("damkar", "Damkar", "https://d.example/cap", ("fire",)))
        store.put_partner(Partner("bpbd", "BPBD", "https://b.example/cap", ("disaster",)))
        store.put_partner(Partner("damkar", "Damkar Jakpus", "https://d.example/cap",
                                  ("fire", "accident"), enabled=False))
        assert [(p.id, p.name, p.categories, p.enabled) for p in store.partners()] == [
            ("bpbd", "BPBD", ("disaster",), True),
            ("damkar", "Damkar Jakpus", ("fire", "accident"), False)]

    def test_a_forward_is_queued_once_claimed_under_a_lease_and_settled(
            self, store: Store) -> None:
        from command_center.model import ForwardState
        r = report(category="fire")
        put(store, r)
        assert store.ensure_forward(r.id, "damkar", 0, r.id, 100.0)
        assert not store.ensure_forward(r.id, "damkar", 0, r.id, 101.0)   # once
        assert store.ensure_forward(r.id, "bpbd", 0, r.id, 101.0)
        claimed = store.claim_forwards(100.5, 10, lease_s=60.0)
        assert [(f.partner_id, f.attempts) for f in claimed] == [("damkar", 1)]
        assert store.claim_forwards(120.0, 10, lease_s=60.0)[0].partner_id == "bpbd"
        assert store.claim_forwards(130.0, 10, lease_s=60.0) == []   # both leased
        # A lease that ran out (the forwarder died): due again.
        again = store.claim_forwards(161.0, 10, lease_s=60.0)
        assert [(f.partner_id, f.attempts) for f in again] == [("damkar", 2)]
        store.settle_forward(again[0].seq, now=162.0, delivered=True)
        bpbd = next(f for f in store.forwards(r.id) if f.partner_id == "bpbd")
        store.settle_forward(bpbd.seq, now=163.0, retry_at=170.0, error="busy (503)")
        assert store.claim_forwards(169.0, 10, lease_s=60.0) == []
        (retried,) = store.claim_forwards(170.0, 10, lease_s=60.0)
        store.settle_forward(retried.seq, now=171.0, failed=True, error="refused (400)")
        states = {f.partner_id: (f.state, f.last_error) for f in store.forwards(r.id)}
        assert states == {"damkar": (ForwardState.DELIVERED, None),
                          "bpbd": (ForwardState.FAILED, "refused (400)")}

    def test_reports_changed_since_follow_receipt_and_actions(self, store: Store) -> None:
        fire, theft = report(category="fire"), report()
        put(store, fire, received_at=1000.0)
        put(store, theft, received_at=1001.0)
        assert [r.id for r in store.reports_changed_since(0.0, ["fire"])] == [fire.id]
        assert store.reports_changed_since(1000.5, ["fire"]) == []
        store.act(fire.id, Action.ACKNOWLEDGE, "siti")
        changed = store.reports_changed_since(1000.5, ["fire", "theft"])
        assert [r.id for r in changed] == [theft.id, fire.id]
        assert store.reports_changed_since(0.0, []) == []
