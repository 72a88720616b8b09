"""On PostgreSQL every read is a round trip to a server that can be slow (a lock held by
a migration, a failover, a busy disk). The kiosk API's per-request reads (token, quota,
report status) then run off the event loop: a kiosk request stuck on the database
stalls itself, not the centre's other requests. Here the stall is real: another
session holds an ACCESS EXCLUSIVE lock on the kiosks table, as ALTER TABLE would."""

from __future__ import annotations

import threading
import time

import psycopg
import requests

from .conftest import Service

STALL_S = 3.0


def test_a_kiosk_read_stuck_on_a_lock_stalls_only_its_own_request(
        pg_service: Service, pg_url: str) -> None:
    answered: list[int] = []

    def kiosk_asks() -> None:
        r = requests.get(f"{pg_service.url}/api/v1/reports/no-such-report/status",
                         headers=pg_service.headers(), timeout=60)
        answered.append(r.status_code)

    with psycopg.connect(pg_url) as locker:
        locker.execute("LOCK TABLE kiosks IN ACCESS EXCLUSIVE MODE")
        asking = threading.Thread(target=kiosk_asks)
        asking.start()
        time.sleep(0.5)                       # the kiosk's read is now waiting on the lock
        started = time.monotonic()
        page = requests.get(f"{pg_service.url}/login", timeout=STALL_S)
        assert page.status_code == 200
        assert time.monotonic() - started < STALL_S
        assert asking.is_alive() and not answered   # still stuck, alone
        locker.rollback()                      # the lock goes: the kiosk gets its answer
    asking.join(timeout=30)
    assert answered == [404]
