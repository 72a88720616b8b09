"""What the network may answer the uploader's reply and lookup requests, and what the
kiosk makes of it: a clear log line, nothing stored that could break the screen, and
nothing lost (the cursor moves only past what was really received)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core.conversation import ASSIST_REQUESTED, MAX_TEXT
from core.lookup import Progress
from offline_queue.delivery import HttpClient
from offline_queue.outbox import Outbox
from offline_queue.replies import ReplyPoller
from tests.kiosk.flow_support import KIOSK
from tests.offline_queue.helpers import make_config
from tests.support.clock import FakeClock
from wire.categories import Priority
from wire.report import Event

Answer = tuple[int, str, bytes]   # status, content type, body


def logged(caplog: pytest.LogCaptureFixture, name: str) -> list[str]:
    """The fields (as text) of every `name` event logged."""
    return [json.dumps(getattr(r, "fields", {})) for r in caplog.records
            if r.getMessage() == name]
SESSION = str(uuid.uuid4())


class Scripted(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, list[Answer]] = {}
        self.asked: list[tuple[str, str, bytes]] = []
        self.hang: dict[str, threading.Event] = {}   # path → answered once it is set
        self.log: list[tuple[float, str]] = []       # (monotonic, "start GET /…" …)

    def script(self, path: str, *answers: Answer) -> None:
        self.answers[path] = list(answers)


class _Handler(BaseHTTPRequestHandler):
    server: Scripted

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.asked.append((self.command, self.path, body))
        path = self.path.split("?")[0]
        self.server.log.append((time.monotonic(), f"start {self.command} {path}"))
        if path in self.server.hang:
            self.server.hang[path].wait(5)
        if self.command == "POST" and path == "/api/v1/events":   # a centre that stores
            item = json.loads(body)["id"]
            self.server.answers[path] = [(201, "application/json",
                                          json.dumps({"id": item}).encode())]
        queue = self.server.answers.get(path) or [(404, "application/json", b"{}")]
        status, kind, payload = queue.pop(0) if len(queue) > 1 else queue[0]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        if status in (429, 503):
            self.send_header("Retry-After", "7")
        self.end_headers()
        self.wfile.write(payload)
        self.server.log.append((time.monotonic(), f"end {self.command} {path}"))

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _json(data: Any) -> Answer:
    return (200, "application/json", json.dumps(data).encode())


def _message(seq: int, text: str = "Petugas menuju", session: str = SESSION) -> dict[str, Any]:
    return {"seq": seq, "session": session, "at": "2026-12-01T21:04:05+07:00", "text": text}


MESSAGES = "/api/v1/kiosks/test-kiosk-01/messages"
ACK = MESSAGES + "/ack"


@pytest.fixture
def server() -> Iterator[Scripted]:
    srv = Scripted()
    thread = threading.Thread(target=srv.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


class Rig:
    def __init__(self, tmp_path: Path, server: Scripted) -> None:
        host, port = server.server_address[:2]
        self.cfg = make_config(tmp_path, url=f"http://{host!s}:{port}/api/v1")
        self.clock = FakeClock()
        self.outbox = Outbox.for_config(self.cfg, clock=self.clock)
        self.client = HttpClient(self.cfg.server)
        self.mono = FakeClock(0.0)
        self.poller = ReplyPoller(self.outbox.inbound, KIOSK.id, 0.5, self.mono)

    def ask_for_help(self, session: str = SESSION) -> None:
        self.outbox.enqueue_event(Event.create(
            kiosk=KIOSK, type=ASSIST_REQUESTED, priority=Priority.EMERGENCY,
            data={"session": session, "number": "110", "station": KIOSK.station,
                  "replies_shown": True}))

    def round(self) -> None:
        """One round as the uploader runs it: fetch, store, then the ack it asks for."""
        self.mono.advance(1.0)
        ack = self.poller.settle(self.poller.job()(self.client))
        if ack is not None:
            self.poller.settle(ack(self.client))

    def shown(self, session: str = SESSION) -> list[str]:
        return [m.text for m in self.outbox.inbound.operator_messages(session, 0)]


@pytest.fixture
def rig(tmp_path: Path, server: Scripted) -> Iterator[Rig]:
    r = Rig(tmp_path, server)
    yield r
    r.client.close()
    r.outbox.close()


def test_nothing_is_asked_until_a_caller_asks_for_help(rig: Rig, server: Scripted) -> None:
    assert rig.poller.due_in() is None
    rig.ask_for_help()
    rig.poller.changed()
    assert rig.poller.due_in() == 0.0


@pytest.mark.parametrize(("answer", "reason"), [
    ((500, "application/json", b'{"error": "boom"}'), "HTTP 500"),
    ((200, "text/html", b"<html><form>Accept terms</form></html>"), "captive portal"),
    ((200, "application/json", b'{"messages": [{"seq": 1,'), "invalid JSON"),
    ((200, "application/json", b'[1, 2, 3]'), "not a messages answer"),
    ((200, "application/json", b'{"messages": {"seq": 1}}'), "not a messages answer"),
    ((200, "application/json", b" " * (300 * 1024)), "larger than"),
    ((302, "text/html", b""), "HTTP 302"),
])
def test_an_answer_that_is_not_one_is_logged_stores_nothing_and_loses_nothing(
        rig: Rig, server: Scripted, caplog: pytest.LogCaptureFixture,
        answer: Answer, reason: str) -> None:
    rig.ask_for_help()
    server.script(MESSAGES, answer, _json({"messages": [_message(1)], "next_after": 1}))
    server.script(ACK, _json({"up_to": 1, "delivered": 1}))
    with caplog.at_level(logging.WARNING):
        rig.round()
    assert rig.shown() == [] and rig.outbox.inbound.cursor() == (0, 0)
    lines = logged(caplog, "messages.unanswered")
    assert any(reason in line for line in lines), lines
    rig.round()   # the next answer is a real one: the message was not lost
    assert rig.shown() == ["Petugas menuju"] and rig.outbox.inbound.cursor() == (1, 1)
    assert server.asked[-1][:2] == ("POST", ACK) and json.loads(server.asked[-1][2]) == \
        {"up_to": 1}


@pytest.mark.parametrize("bad", [
    _message(2, "x" * (MAX_TEXT + 1)),
    _message(2, "\x1b[2J\x1b[31mRESET"),
    _message(2, "abc\u202etxt.exe"),
    _message(2, ""),
    _message(2, session="a/b\x00"),
    {**_message(2), "seq": "2"},
    {**_message(2), "at": ["x"]},
])
def test_a_bad_message_is_skipped_with_a_log_line_and_the_good_ones_are_stored(
        rig: Rig, server: Scripted, caplog: pytest.LogCaptureFixture,
        bad: dict[str, Any]) -> None:
    rig.ask_for_help()
    server.script(MESSAGES, _json({"messages": [_message(1), bad, _message(3, "Tunggu")],
                                   "next_after": 3}))
    server.script(ACK, _json({"up_to": 3, "delivered": 3}))
    with caplog.at_level(logging.WARNING):
        rig.round()
    assert rig.shown() == ["Petugas menuju", "Tunggu"]
    assert rig.outbox.inbound.cursor() == (3, 3)   # past the bad one: it never heals
    assert len(logged(caplog, "messages.refused")) == 1


def test_a_message_for_a_session_not_on_this_screen_is_never_shown(
        rig: Rig, server: Scripted, caplog: pytest.LogCaptureFixture) -> None:
    rig.ask_for_help()
    other = str(uuid.uuid4())
    server.script(MESSAGES, _json({"messages": [_message(1, "bukan untuk Anda", other),
                                                _message(2)], "next_after": 2}))
    server.script(ACK, _json({"up_to": 2, "delivered": 2}))
    with caplog.at_level(logging.WARNING):
        rig.round()
    assert rig.shown() == ["Petugas menuju"] and rig.shown(other) == []
    assert logged(caplog, "messages.not_for_a_conversation") == ['{"seq": 1}']


def test_an_ack_that_fails_is_sent_again_and_the_message_stays(
        rig: Rig, server: Scripted) -> None:
    rig.ask_for_help()
    server.script(MESSAGES, _json({"messages": [_message(1)], "next_after": 1}),
                  _json({"messages": [], "next_after": 1}))
    server.script(ACK, (503, "application/json", b"{}"), _json({"up_to": 1, "delivered": 1}))
    rig.round()
    assert rig.shown() == ["Petugas menuju"] and rig.outbox.inbound.cursor() == (1, 0)
    rig.round()
    assert rig.outbox.inbound.cursor() == (1, 1)


def test_a_stored_value_that_is_not_what_it_should_be_never_breaks_the_screen(
        rig: Rig) -> None:
    rig.ask_for_help()
    with sqlite3.connect(rig.outbox.path) as db:
        db.execute("INSERT INTO messages VALUES (?, 1, ?, 'x', ?, 0)",
                   (KIOSK.id, SESSION, "\x1b[2Jhai\u202e" + "y" * 500))
        db.execute("INSERT INTO messages VALUES (?, 2, ?, X'80ff', X'ff00', 0)",
                   (KIOSK.id, SESSION))
        db.execute("INSERT INTO lookups VALUES ('l1', 'KX4M-7HPA', 1, '{not json', 1)")
        db.execute("INSERT INTO lookups VALUES ('l2', 'KX4M-7HPA', 1, '{\"found\": 1}', 1)")
        db.execute("INSERT INTO lookups VALUES ('l3', 'KX4M-7HPA', 1, "
                   "'{\"found\": true, \"status\": \"exploded\"}', 1)")
    first, second = rig.outbox.inbound.operator_messages(SESSION, 0)
    assert first.text.startswith("[2Jhaiy") and len(first.text) <= MAX_TEXT
    assert "\x1b" not in first.text and "\u202e" not in first.text
    assert second.text == "" and second.at == ""
    for lookup_id, progress in (("l1", Progress.UNAVAILABLE), ("l2", Progress.UNAVAILABLE),
                                ("l3", Progress.DELIVERED)):
        answer = rig.outbox.inbound.answer(lookup_id)
        assert answer is not None and answer.progress is progress


BY_CODE = "/api/v1/reports/by-code/KX4M-7HPA"


@pytest.mark.parametrize("answer", [
    (500, "application/json", b"{}"),
    (429, "application/json", b"{}"),
    (200, "text/html", b"<html>login</html>"),
    _json({"code": "KX4M-7HPA", "found": True, "status": "exploded"}),
    _json({"code": "AAAA-AAAA", "found": False}),
    _json({"found": "yes"}),
])
def test_a_lookup_the_centre_did_not_really_answer_waits_for_the_next_round(
        rig: Rig, server: Scripted, answer: Answer) -> None:
    lookup = rig.outbox.inbound.ask("KX4M-7HPA")
    server.script(BY_CODE, answer, _json({"code": "KX4M-7HPA", "found": False}))
    rig.round()
    assert rig.outbox.inbound.answer(lookup) is None
    rig.mono.advance(10.0)
    rig.round()
    found = rig.outbox.inbound.answer(lookup)
    assert found is not None and found.progress is Progress.NOT_FOUND


def test_a_lookup_answer_keeps_only_what_the_screen_shows(rig: Rig, server: Scripted) -> None:
    lookup = rig.outbox.inbound.ask("KX4M-7HPA")
    server.script(BY_CODE, _json({"code": "KX4M-7HPA", "found": True, "status": "dispatched",
                                  "category": "<script>", "updated_at": "2026-12-01T21:10:00+07:00",
                                  "description": "rahasia", "kiosk": "kiosk-b"}))
    rig.round()
    answer = rig.outbox.inbound.answer(lookup)
    assert answer is not None and answer.progress is Progress.IN_HAND
    assert answer.category is None and answer.updated_at == "2026-12-01T21:10:00+07:00"
    with sqlite3.connect(rig.outbox.path) as db:
        stored = db.execute("SELECT answer_json FROM lookups").fetchone()[0]
    assert "rahasia" not in stored and "kiosk-b" not in stored


def test_a_centre_that_hangs_on_replies_does_not_hold_up_the_callers_answers(
        rig: Rig, server: Scripted) -> None:
    from offline_queue.uploader import Uploader
    from tests.text_channel.support import eventually

    released = threading.Event()
    server.hang[MESSAGES] = released
    server.script(MESSAGES, _json({"messages": [], "next_after": 0}))
    server.script("/api/v1/kiosks/test-kiosk-01/heartbeat", (204, "application/json", b""))
    uploader = Uploader(rig.cfg, Outbox.for_config(rig.cfg))
    thread = threading.Thread(target=uploader.run, daemon=True)
    thread.start()
    try:
        rig.ask_for_help()
        eventually(lambda: any(e == f"start GET {MESSAGES}" for _, e in server.log))
        for n in range(3):   # the caller answers while the reply poll hangs
            rig.outbox.enqueue_event(Event.create(
                kiosk=KIOSK, type="call.text", priority=Priority.EMERGENCY,
                data={"session": SESSION, "text": f"jawaban {n}", "language": "id"}))
        eventually(lambda: rig.outbox.stats().delivered == 4)
        assert not any(e == f"end GET {MESSAGES}" for _, e in server.log)   # still hanging
    finally:
        released.set()
        uploader.stop.set()
        thread.join(10)
        uploader.outbox.close()
