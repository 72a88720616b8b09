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

from tests.support.wait import wait_until

from .conftest import Service

STALL_S = 3.0


def waiting_on_kiosks(conn: psycopg.Connection[tuple[int]]) -> int:
    row = conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                       "AND relation = 'kiosks'::regclass").fetchone()
    return int(row[0]) if row else 0


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
        # The marker: the kiosk's read is waiting on the lock (PostgreSQL says so).
        with psycopg.connect(pg_url, autocommit=True) as watcher:
            assert wait_until(lambda: waiting_on_kiosks(watcher) > 0, 30), answered
        started = time.monotonic()
        page = requests.get(f"{pg_service.url}/login", timeout=STALL_S)
        assert page.status_code == 200
        assert time.monotonic() - started < STALL_S
        assert asking.is_alive() and not answered   # still stuck, alone
        locker.rollback()                      # the lock goes: the kiosk gets its answer
    asking.join(timeout=30)
    assert answered == [404]
