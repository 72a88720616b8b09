"""The same report id sent by several clients at the same moment is stored once."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from functools import partial
from pathlib import Path

import requests

from .conftest import Service, make_report


def _race(service: Service, bodies: list[bytes], key: str) -> list[int]:
    """POST each body from its own thread and connection, released together."""
    barrier = threading.Barrier(len(bodies))
    codes: list[int] = [0] * len(bodies)
    sessions = [requests.Session() for _ in bodies]
    for s in sessions:  # connect first, so the race is between requests, not handshakes
        s.get(f"{service.url}/t/AAAA-AAAA", timeout=30)

    def send(i: int) -> None:
        barrier.wait(timeout=30)
        codes[i] = sessions[i].post(f"{service.url}/api/v1/reports", data=bodies[i],
                                    headers=service.headers(key=key), timeout=60).status_code
    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    return codes


def _stored_rows(service: Service, report_id: str) -> int:
    row = service.store.db.conn().execute("SELECT count(*) FROM reports WHERE id=?",
                                          (report_id,)).fetchone()
    return int(row[0])


def test_the_same_id_from_eight_clients_at_once_is_stored_once(service: Service) -> None:
    for _ in range(5):
        report = make_report()
        codes = _race(service, [report.to_json_bytes()] * 8, report.id)
        assert Counter(codes) == {201: 1, 202: 7}
        assert _stored_rows(service, report.id) == 1


def test_two_different_bodies_racing_under_one_id_keep_the_first(service: Service) -> None:
    report = make_report()
    other = make_report(description="another text").to_dict() | {"id": report.id}
    bodies = [report.to_json_bytes(), json.dumps(other).encode()]
    codes = _race(service, bodies, report.id)
    assert sorted(codes) == [201, 422]
    stored = service.store.report(report.id)
    assert stored is not None
    winner = 0 if codes[0] == 201 else 1
    assert service.body(report.id)["description"] == [report.description,
                                                      "another text"][winner]


def test_with_synchronous_full_the_race_also_stores_once(full_sync_service: Service) -> None:
    report = make_report()
    codes = _race(full_sync_service, [report.to_json_bytes()] * 6, report.id)
    assert Counter(codes) == {201: 1, 202: 5}
    assert _stored_rows(full_sync_service, report.id) == 1


def _insert(v: int, conn: sqlite3.Connection) -> int:
    return conn.execute("INSERT INTO t VALUES (?)", (v,)).rowcount


def test_a_group_commit_undoes_only_the_write_that_failed(tmp_path: Path) -> None:
    from command_center.db import Database, GroupCommit

    db = Database(tmp_path / "cc.sqlite3", "full")
    db.conn().execute("CREATE TABLE t (v INTEGER UNIQUE)")
    group = GroupCommit(db)
    try:
        hold, holding = threading.Event(), threading.Event()

        def first(conn: sqlite3.Connection) -> int:
            holding.set()
            hold.wait(10)   # the writer is busy: the next writes queue up as one group
            return conn.execute("INSERT INTO t VALUES (1)").rowcount

        futures = [group.submit(first)]
        assert holding.wait(10)
        # The second 2 breaks UNIQUE.
        futures += [group.submit(partial(_insert, v)) for v in (2, 2, 3)]
        hold.set()
        assert futures[0].result(10) == 1 and futures[1].result(10) == 1
        assert isinstance(futures[2].exception(10), Exception)
        assert futures[3].result(10) == 1
        # Another connection sees exactly the writes that were acknowledged.
        other = Database(tmp_path / "cc.sqlite3", "full")
        assert [r[0] for r in other.conn().execute("SELECT v FROM t ORDER BY v")] == [1, 2, 3]
        other.close()
    finally:
        group.stop()
        db.close()


def test_a_cancelled_write_is_skipped_and_the_writer_goes_on(tmp_path: Path) -> None:
    from command_center.db import Database, GroupCommit

    db = Database(tmp_path / "cc.sqlite3", "full")
    db.conn().execute("CREATE TABLE t (v INTEGER)")
    group = GroupCommit(db)
    try:
        hold = threading.Event()
        busy = group.submit(lambda c: hold.wait(10))
        gone = group.submit(lambda c: c.execute("INSERT INTO t VALUES (1)"))
        assert gone.cancel()   # e.g. the kiosk's connection dropped while it waited
        hold.set()
        busy.result(10)
        after = group.submit(lambda c: c.execute("INSERT INTO t VALUES (2)").rowcount)
        assert after.result(10) == 1
        assert [r[0] for r in db.conn().execute("SELECT v FROM t")] == [2]
    finally:
        group.stop()
        db.close()
