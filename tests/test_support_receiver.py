"""The one stub command centre of the tests and benchmarks (tests/support/receiver.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from tests.support.receiver import Answer, Receiver, Request, always

ROOT = Path(__file__).resolve().parents[1]


def test_it_stores_reports_and_events_and_answers_as_the_centre_does() -> None:
    with Receiver() as centre:
        report = requests.post(f"{centre.url}/reports", json={"id": "r1", "category": "x"},
                               timeout=5)
        keyed = requests.post(f"{centre.url}/events", json={"id": "e1"},
                              headers={"idempotency-key": "e1"}, timeout=5)
        beat = requests.post(f"{centre.url}/kiosks/k1/heartbeat", json={}, timeout=5)
        status = requests.get(f"{centre.url}/reports/r1/status", timeout=5)
        unknown = requests.get(f"{centre.url}/reports/nope/status", timeout=5)
    assert (report.status_code, report.json()) == (201, {"id": "r1"})
    assert (keyed.status_code, keyed.json()) == (201, {"id": "e1"})
    assert beat.status_code == 204 and unknown.status_code == 404
    assert status.json() == {"id": "r1", "status": "received", "acknowledged": False}
    assert centre.reports == [{"id": "r1", "category": "x"}] and centre.events == [{"id": "e1"}]
    assert [r.method for r in centre.requests] == ["POST", "POST", "POST", "GET", "GET"]
    assert centre.requests[1].header("Idempotency-Key") == "e1"


def test_its_answer_is_configurable_and_what_it_got_is_still_recorded() -> None:
    with Receiver(always(302, {"Location": "http://portal.invalid/"}, b"")) as portal:
        r = requests.get(f"{portal.url}/reports/x/status", allow_redirects=False, timeout=5)
    assert r.status_code == 302 and r.headers["Location"] == "http://portal.invalid/"
    assert [q.route for q in portal.requests] == ["/reports/x/status"]

    def slow_down(request: Request, receiver: Receiver) -> Answer:
        return Answer.json(429, {"error": "slow down"}, **{"Retry-After": "7"})

    with Receiver(slow_down) as busy:
        r = requests.post(f"{busy.url}/reports", data=b"not json", timeout=5)
    assert (r.status_code, r.headers["Retry-After"]) == (429, "7")
    assert busy.requests[0].body == b"not json"


def test_it_runs_in_a_process_of_its_own_for_the_benchmarks() -> None:
    server = subprocess.Popen([sys.executable, "-m", "tests.support.receiver"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}/api/v1"
        r = requests.post(f"{url}/reports", json={"id": "r1"}, timeout=5)
        assert (r.status_code, r.json()) == (201, {"id": "r1"})
    finally:
        server.kill()
        server.wait()
