"""Class 2 of issue 14: the inbox cannot be starved.

GIVEN one kiosk token flooding the centre with emergencies dated far in the future,
WHEN a real emergency arrives from another kiosk, THEN it is first in the inbox, the
flood is flagged (as a flood and for its clock) and listed after it, and the inbox
says how many open reports are not on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from command_center.flags import Flag
from wire.report import WIB

from .conftest import KIOSK_A, KIOSK_B, Service, make_report, running_service

FLOOD = 210   # more than the old inbox's fixed 200 rows
PAGE = 25


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    with running_service(tmp_path / "cc", inbox_page_size=PAGE, kiosk_burst=1000) as svc:
        yield svc


def _flood(service: Service) -> None:
    future = datetime(2099, 12, 31, 23, 0, tzinfo=WIB)
    reports = [make_report(KIOSK_A, category="fire", description=f"flood {n}",
                           now=future - timedelta(seconds=n)) for n in range(FLOOD)]
    with ThreadPoolExecutor(4) as pool:
        sessions = [service.session() for _ in range(4)]
        codes = list(pool.map(lambda i: service.post_report(
            reports[i], session=sessions[i % 4]).status_code, range(FLOOD)))
    assert codes.count(201) == FLOOD   # nothing is refused for its time or its count


def test_a_future_dated_flood_cannot_push_a_real_emergency_out_of_view(
        service: Service) -> None:
    _flood(service)
    real = make_report(KIOSK_B, category="medical", description="Ibu pingsan di peron")
    assert service.post_report(real, "kiosk-b").status_code == 201
    s = service.sign_in()
    s.cookies.set("cc_lang", "en")   # the sentences below are read in English
    html = s.get(f"{service.url}/inbox", timeout=30).text
    ids = re.findall(r'data-id="([0-9a-f-]{36})"', html)
    assert ids[0] == real.id and len(ids) == PAGE
    stored = service.store.report(real.id)
    assert stored is not None and stored.flags == ()
    # The flood is flagged: beyond the threshold as a flood, all of it for its clock.
    flood = [r for r in service.store.all_reports() if r.kiosk_id == KIOSK_A.id]
    assert all(Flag.CLOCK_SKEW in r.flags for r in flood)
    assert sum(Flag.FLOOD in r.flags for r in flood) == FLOOD - 20   # --flood-reports
    # The page says what is not on it.
    not_shown = re.search(r'id="not-shown">(\d+) open reports? (?:is|are) not on this page', html)
    assert not_shown and int(not_shown.group(1)) == FLOOD + 1 - PAGE
    assert "emergencies flagged as a flood" in html


def test_a_real_emergency_filed_before_the_flood_stays_on_top(service: Service) -> None:
    real = make_report(KIOSK_B, category="crime_in_progress", description="Copet")
    assert service.post_report(real, "kiosk-b").status_code == 201
    _flood(service)
    html = service.sign_in().get(f"{service.url}/inbox", timeout=30).text
    ids = re.findall(r'data-id="([0-9a-f-]{36})"', html)
    # Kiosks take turns: kiosk-a's newest, then kiosk-b's only one, then the rest.
    assert real.id in ids[:2]


def test_every_report_is_on_exactly_one_page(service: Service) -> None:
    _flood(service)
    s = service.sign_in()
    seen: list[str] = []
    for page in range(1, 100):
        html = s.get(f"{service.url}/inbox?page={page}&refresh=0", timeout=30).text
        seen += re.findall(r'data-id="([0-9a-f-]{36})"', html)
        if "Lebih lama →" not in html:   # "Older →"
            break
    assert len(seen) == len(set(seen)) == FLOOD


def test_order_is_by_our_receive_time_never_the_kiosks_clock(service: Service) -> None:
    # Filed 20 minutes ago (a kiosk offline for a while): late, but a possible time.
    old_clock = make_report(KIOSK_A, category="fire",
                            now=datetime.now(WIB) - timedelta(minutes=20))
    service.post_report(old_clock)
    future = make_report(KIOSK_B, category="fire", now=datetime(2099, 1, 1, tzinfo=WIB))
    service.post_report(future, "kiosk-b")
    later = make_report(KIOSK_A, category="fire")
    service.post_report(later)
    view = service.store.inbox()
    assert [r.id for r in view.rows] == [later.id, future.id, old_clock.id]
    flags = {r.id: r.flags for r in view.rows}
    assert flags[future.id] == (Flag.CLOCK_SKEW,) and flags[old_clock.id] == (Flag.DELAYED,)
