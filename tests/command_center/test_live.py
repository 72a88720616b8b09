"""The live inbox's stream over real HTTP: only for a signed-in operator, one event per
change with the sequence as its id, a reconnect told what it missed, heartbeats,
bounded streams, and a stream that ends with the session or the server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from command_center.model import Action
from command_center.sqlite import SqliteStore

from .conftest import Fronted, Service, make_report, running_service, start_service


@dataclass
class Sse:
    """What one SSE event said."""

    event: str
    id: str | None
    data: dict[str, object]


class Stream:
    """An SSE client on a real connection: reads events and comments as they come."""

    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.lines = response.iter_lines(decode_unicode=True)
        self.comments = 0

    def next(self) -> Sse:
        fields: dict[str, str] = {}
        for line in self.lines:
            if line == "":
                if "event" in fields or "data" in fields:
                    return Sse(fields.get("event", "message"), fields.get("id"),
                               json.loads(fields.get("data", "{}")))
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            name, _, value = line.partition(":")
            fields[name] = value.lstrip(" ")
        raise EOFError("the stream ended")

    def close(self) -> None:
        self.response.close()


def open_stream(service: Service, session: requests.Session, **headers: str) -> Stream:
    r = session.get(f"{service.url}/inbox/events", stream=True, timeout=10,
                    headers=headers)
    assert r.status_code == 200, r.status_code
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-store"
    return Stream(r)


@pytest.fixture
def quick(tmp_path: Path) -> Iterator[Service]:
    """Heartbeats every 0.2 s and at most two streams per operator."""
    with running_service(tmp_path / "cc", live_heartbeat_s=0.2,
                         live_streams_per_operator=2) as svc:
        yield svc


def test_the_stream_is_refused_without_a_session(service: Service) -> None:
    r = requests.get(f"{service.url}/inbox/events", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    forged = requests.get(f"{service.url}/inbox/events", allow_redirects=False, timeout=10,
                          cookies={"cc_session": "not-a-session"})
    assert forged.status_code == 303
    assert requests.get(f"{service.url}/inbox/live", allow_redirects=False,
                        timeout=10).status_code == 303


def test_each_change_is_one_event_whose_id_is_the_sequence(quick: Service) -> None:
    s = quick.sign_in()
    stream = open_stream(quick, s)
    hello = stream.next()
    assert hello.event == "hello" and hello.id == "0"
    fire = make_report(category="fire", description="Kebakaran di peron")
    assert quick.post_report(fire).status_code == 201
    change = stream.next()
    assert change.event == "change" and change.id == str(quick.store.change_seq())
    assert change.data["changes"] == [{"kind": "report", "ref": fire.id,
                                       "priority": "emergency"}]
    assert "Kebakaran" not in json.dumps(change.data)   # ids only, never what was typed
    quick.store.act(fire.id, Action.ACKNOWLEDGE, "siti")
    acted = stream.next()
    assert acted.data["changes"] == [{"kind": "action", "ref": fire.id,
                                      "priority": "emergency"}]
    assert int(acted.id or 0) > int(change.id or 0)
    stream.close()


def test_a_reconnect_is_told_at_once_what_it_missed(quick: Service) -> None:
    s = quick.sign_in()
    first = open_stream(quick, s)
    seen = first.next().id
    first.close()
    missed = [make_report(), make_report(category="fire")]
    for report in missed:
        quick.post_report(report)
    again = open_stream(quick, s, **{"Last-Event-ID": seen or "0"})
    assert again.next().event == "hello"
    change = again.next()
    listed = change.data["changes"]
    assert isinstance(listed, list) and [c["ref"] for c in listed] == [r.id for r in missed]
    again.close()
    # `?after=` (the sequence the page was rendered at) does the same for a first
    # connection; Last-Event-ID wins when both are there.
    fresh = Stream(s.get(f"{quick.url}/inbox/events?after=0", stream=True, timeout=10))
    assert fresh.next().event == "hello"
    assert len(fresh.next().data["changes"]) == 2  # type: ignore[arg-type]
    fresh.close()


def test_an_idle_stream_sends_heartbeats_and_ends_with_the_session(quick: Service) -> None:
    s = quick.sign_in()
    stream = open_stream(quick, s)
    stream.next()
    done: list[Sse] = []
    reader = threading.Thread(target=lambda: done.append(stream.next()), daemon=True)
    reader.start()
    time.sleep(0.7)   # a few heartbeat periods of 0.2 s
    assert stream.comments >= 2 and not done
    csrf = quick.csrf(s, "/inbox")
    s.post(f"{quick.url}/logout", data={"csrf": csrf}, timeout=10)
    reader.join(timeout=5)
    assert done and done[0].event == "signedout"
    stream.close()


def test_streams_are_bounded_per_operator(quick: Service) -> None:
    s = quick.sign_in()
    streams = [open_stream(quick, s) for _ in range(2)]
    for stream in streams:
        stream.next()
    refused = s.get(f"{quick.url}/inbox/events", stream=True, timeout=10)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    streams[0].close()
    deadline = time.monotonic() + 5
    while True:   # the server notices the closed connection at its next write
        again = s.get(f"{quick.url}/inbox/events", stream=True, timeout=10)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert again.status_code == 200
    again.close()
    streams[1].close()


def test_a_change_by_another_process_reaches_the_stream(quick: Service,
                                                        tmp_path: Path) -> None:
    report = make_report()
    quick.post_report(report)
    s = quick.sign_in()
    stream = open_stream(quick, s)
    stream.next()
    other = SqliteStore(tmp_path / "cc")   # as the CLI would, with its own waker
    try:
        other.act(report.id, Action.ACKNOWLEDGE, "budi")
    finally:
        other.close()
    change = stream.next()
    assert change.data["changes"] == [{"kind": "action", "ref": report.id,
                                       "priority": report.priority.value}]
    stream.close()


def test_stopping_the_server_ends_open_streams(tmp_path: Path) -> None:
    server, svc = start_service(tmp_path / "cc")
    try:
        s = svc.sign_in()
        stream = open_stream(svc, s)
        stream.next()
        began = time.monotonic()
        server.stop()
        assert time.monotonic() - began < 10   # not held open by the stream
        with pytest.raises((EOFError, requests.exceptions.RequestException)):
            stream.next()
    finally:
        svc.store.close()


def test_the_live_part_is_the_inbox_rows(quick: Service) -> None:
    fire = make_report(category="fire", description="Asap\n\n  tebal <b>x</b> " + "z" * 300)
    quick.post_report(fire)
    s = quick.sign_in()
    part = s.get(f"{quick.url}/inbox/live", timeout=10)
    assert part.status_code == 200 and "<html" not in part.text
    assert f'data-id="{fire.id}"' in part.text and 'data-alert="1"' in part.text
    assert "Asap tebal &lt;b&gt;x&lt;/b&gt; zzz" in part.text   # one line, escaped
    assert "z" * 100 not in part.text and "z…" in part.text        # cut short
    page = s.get(f"{quick.url}/inbox", timeout=10).text
    assert 'src="/static/live.js"' in page and 'data-seq="1"' in page
    quick.store.act(fire.id, Action.ACKNOWLEDGE, "siti")
    assert 'data-alert="1"' not in s.get(f"{quick.url}/inbox/live", timeout=10).text


def test_the_stream_passes_the_nginx_front_unbuffered(fronted: Fronted) -> None:
    service = fronted.service
    s = service.sign_in()
    stream = open_stream(service, s)
    assert stream.next().event == "hello"
    fire = make_report(category="fire")
    assert service.post_report(fire).status_code == 201
    change = stream.next()   # not held in the front's buffer until the stream ends
    assert change.data["changes"] == [{"kind": "report", "ref": fire.id,
                                       "priority": "emergency"}]
    stream.close()
