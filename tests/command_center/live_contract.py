"""The live inbox's part of the store contract (mixed into `StoreContract`, so every
engine runs it): the change log and the engine's waker."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from command_center.errors import InvalidTransition
from command_center.live import ChangeKind
from command_center.model import Action
from command_center.store import Store
from wire.report import Event, KioskInfo, Report

KIOSK = KioskInfo("kiosk-live", "MRT Bundaran HI", -6.1935, 106.8227)


def _report(category: str = "theft") -> Report:
    return Report.create(kiosk=KIOSK, category=category, language="id",
                         description="Tas dicuri")


class LiveContract:
    """Subclasses provide `store` and `another_process(store)`: a second store on the
    same database that does not share this one's waker (as another process would)."""

    def another_process(self, store: Store) -> Store:
        raise NotImplementedError

    def _put(self, store: Store, item: Report | Event, at: float = 1000.0) -> None:
        from .store_contract import incoming  # the contract's own helper
        if isinstance(item, Report):
            asyncio.run(store.put_report(item, incoming(item, received_at=at)))
        else:
            asyncio.run(store.put_event(item, incoming(item, received_at=at)))

    def test_every_stored_item_and_action_is_one_change_in_order(self, store: Store) -> None:
        assert store.change_seq() == 0 and store.changes_since(0) == []
        sos = _report("fire")
        self._put(store, sos)
        self._put(store, sos)   # a repeat changes nothing
        call = Event.create(kiosk=KIOSK, type="call.started")
        self._put(store, call, at=1001.0)
        store.act(sos.id, Action.ACKNOWLEDGE, "siti")
        changes = store.changes_since(0)
        assert [(c.kind, c.ref) for c in changes] == [
            (ChangeKind.REPORT, sos.id), (ChangeKind.EVENT, call.id),
            (ChangeKind.ACTION, sos.id)]
        assert changes[0].priority == "emergency" and changes[0].at == 1000.0
        seqs = [c.seq for c in changes]
        assert seqs == sorted(seqs) and len(set(seqs)) == 3
        assert store.change_seq() == seqs[-1]
        assert [c.ref for c in store.changes_since(seqs[0], limit=1)] == [call.id]
        assert store.changes_since(seqs[-1]) == []

    def test_a_refused_action_is_no_change(self, store: Store) -> None:
        r = _report()
        self._put(store, r)
        before = store.change_seq()
        store.act(r.id, Action.CLOSE, "siti")
        with pytest.raises(InvalidTransition):
            store.act(r.id, Action.ACKNOWLEDGE, "siti")
        assert store.change_seq() == before + 1

    def test_the_waker_wakes_a_waiter_at_once_and_times_out_quietly(
            self, store: Store) -> None:
        feed = store.change_feed()

        async def scenario() -> tuple[int, float, int]:
            start = store.change_seq()
            quiet = await feed.wait(start, timeout_s=0.05)   # nothing happened
            writer = threading.Timer(0.05, lambda: self._put(store, _report()))
            writer.start()
            began = time.monotonic()
            seq = await feed.wait(start, timeout_s=5.0)
            writer.join()
            return quiet - start, time.monotonic() - began, seq - start

        quiet, waited, moved = asyncio.run(scenario())
        assert quiet == 0 and moved == 1
        assert waited < 4.0   # woken, not timed out (the timeout was 5 s)

    def test_a_change_by_another_process_wakes_the_waiter(self, store: Store) -> None:
        other = self.another_process(store)
        try:
            async def scenario() -> int:
                start = store.change_seq()
                writer = threading.Timer(0.05, lambda: self._put(other, _report()))
                writer.start()
                seq = await store.change_feed().wait(start, timeout_s=5.0)
                writer.join()
                return seq - start

            assert asyncio.run(scenario()) == 1
        finally:
            other.close()

    def test_a_reader_following_the_log_never_misses_a_concurrent_write(
            self, store: Store) -> None:
        """Sequence order is commit order: a reader that has seen N never later finds a
        change below N (a sequence taken before commit, as a bare SERIAL is, fails)."""
        writers, each = 4, 15
        done = threading.Event()
        seen: list[str] = []

        def write() -> None:
            async def some() -> None:
                from .store_contract import incoming
                for _ in range(each):
                    r = _report()
                    await store.put_report(r, incoming(r))
            asyncio.run(some())

        def follow() -> None:
            last = 0
            while True:
                finished = done.is_set()
                for change in store.changes_since(last):
                    assert change.seq > last
                    seen.append(change.ref)
                    last = change.seq
                if finished:
                    return

        reader = threading.Thread(target=follow)
        threads = [threading.Thread(target=write) for _ in range(writers)]
        reader.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        done.set()
        reader.join()
        everything = [c.ref for c in store.changes_since(0, limit=1000)]
        assert len(everything) == writers * each
        assert seen == everything   # each once, in sequence order, none skipped
