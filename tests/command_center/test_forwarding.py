"""Partner agencies (issue 16): a fire report reaches the reference Damkar receiver as
CAP 1.2, exactly once, across a receiver that crashes after storing (its answer lost)
and one that is busy after its restart; an operator's action follows as an Update;
each forward is audited and shown on the report page; other categories go elsewhere."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from command_center.forwarding import Policy, classify, save_partner_token
from command_center.keyring import Keyring
from command_center.model import Action, ForwardState, Partner
from devtools.demo import ROOT
from tests.command_center.conftest import Service, make_report, running_service
from tests.support.wait import wait_until


class Receiver:
    """The reference partner receiver as its own process, restartable on its port."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.port = 0
        self.proc: subprocess.Popen[str] | None = None

    def start(self, *faults: str) -> Receiver:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devtools.partner_receiver", "--dir", str(self.dir),
             "--port", str(self.port), "--token", "damkar-secret", *faults],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        self.port = int(line.rsplit(":", 1)[1].strip("/\n"))
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alerts(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = requests.get(f"{self.url}/alerts", timeout=10).json()
        return data

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Receiver]:
    r = Receiver(tmp_path / "damkar")
    yield r
    r.stop()


@pytest.fixture
def forwarding(tmp_path: Path) -> Iterator[Service]:
    with running_service(tmp_path / "cc", forward_poll_s=0.05,
                         forward_backoff_cap_s=0.5) as svc:
        yield svc


def test_the_backoff_grows_to_its_cap_and_survives_days_of_attempts() -> None:
    policy, rng = Policy(), random.Random(7)
    first = [policy.backoff(1, rng) for _ in range(200)]
    assert max(first) <= policy.backoff_base_s
    # A partner down for days: thousands of attempts (2.0 ** 1100 overflows a float).
    late = [policy.backoff(n, rng) for n in (10, 1100, 5000)]
    assert all(0 <= d <= policy.backoff_cap_s for d in late)


def test_the_answers_are_read_with_the_kiosks_rules() -> None:
    echo = json.dumps({"identifier": "x"}).encode()
    assert classify(201, echo, "x", None).delivered
    assert classify(200, echo, "x", None).delivered
    assert not classify(200, b"<html>login</html>", "x", None).delivered   # a portal
    assert classify(503, b"", "x", "7").retry_after_s == 7.0
    assert classify(429, b"", "x", None).retry_after_s is None
    assert classify(400, b"bad", "x", None).failed and classify(409, b"", "x", None).failed
    assert not classify(None, b"", "x", None).failed   # no answer: again later


def test_a_fire_report_reaches_damkar_exactly_once_across_a_crash_and_a_restart(
        forwarding: Service, receiver: Receiver, tmp_path: Path) -> None:
    # The receiver stores the first alert and dies before answering.
    receiver.start("--crash-after-store", "1")
    token = tmp_path / "damkar.token"
    token.write_text("damkar-secret\n")
    done = subprocess.run(
        [sys.executable, "-m", "command_center", "--data-dir", str(tmp_path / "cc"),
         "add-partner", "damkar-jakpus", "--name", "Damkar Jakarta Pusat",
         "--url", f"{receiver.url}/damkar-jakpus/cap", "--categories", "fire,accident",
         "--token-file", str(token)], cwd=ROOT, capture_output=True, text=True, timeout=60,
        check=False)
    assert done.returncode == 0, done.stderr
    forwarding.store.put_partner(Partner("ambulans-dki", "Ambulans 118",
                                         f"{receiver.url}/ambulans-dki/cap", ("medical",)))
    assert forwarding.keys_dir is not None
    save_partner_token(Keyring(forwarding.keys_dir), "ambulans-dki", "damkar-secret")
    fire = make_report(category="fire", description="Asap dari panel listrik pintu B")
    medical = make_report(category="medical", description="Ibu pingsan di peron")
    assert forwarding.post_report(fire).status_code == 201
    assert wait_until(lambda: receiver.proc is not None and receiver.proc.poll() is not None,
                      60.0, every=0.2), "the receiver to crash after storing the fire alert"
    with sqlite3.connect(receiver.dir / "partner.sqlite3") as db:   # stored, unanswered
        assert db.execute("SELECT identifier FROM alerts").fetchall() == [(fire.id,)]
    assert forwarding.store.forwards(fire.id)[0].state is ForwardState.PENDING
    # Restarted on its address, busy for its first two answers.
    receiver.start("--fail-first", "2")
    assert forwarding.post_report(medical).status_code == 201

    def delivered(report_id: str, n: int = 1) -> bool:
        return sum(f.state is ForwardState.DELIVERED
                   for f in forwarding.store.forwards(report_id)) >= n
    assert wait_until(lambda: delivered(fire.id) and delivered(medical.id),
                      60.0, every=0.2), "both alerts delivered"
    alerts = receiver.alerts()
    assert [a["identifier"] for a in alerts].count(fire.id) == 1   # exactly once
    assert {a["identifier"]: a["partner"] for a in alerts} == {
        fire.id: "damkar-jakpus", medical.id: "ambulans-dki"}     # routed by category
    (first,) = forwarding.store.forwards(fire.id)
    assert first.attempts >= 2   # the lost answer and the busy ones were retried

    # An operator acts: the Update follows, to the same partner, once.
    forwarding.store.act(fire.id, Action.ACKNOWLEDGE, "siti")
    assert wait_until(lambda: delivered(fire.id, 2), 60.0, every=0.2), "the Update"
    alerts = receiver.alerts()
    assert [(a["identifier"], a["msg_type"]) for a in alerts
            if a["identifier"].startswith(fire.id)] == [(fire.id, "Alert"),
                                                        (f"{fire.id}.1", "Update")]
    audit = [a for a in forwarding.store.audit_log() if a[1] == "forwarder"]
    assert {a[2] for a in audit} == {"forward.delivered"} and len(audit) == 3  # 2 + Update
    s = forwarding.sign_in()
    page = s.get(f"{forwarding.url}/reports/{fire.id}", timeout=30).text
    assert "damkar-jakpus" in page and f"{fire.id}.1" in page and "delivered" in page


def test_a_partner_that_refuses_gets_a_dead_letter_shown_and_audited(
        forwarding: Service, receiver: Receiver) -> None:
    receiver.start()   # its token is not ours: 401, a refusal of this item
    forwarding.store.put_partner(Partner("bpbd-dki", "BPBD DKI", f"{receiver.url}/bpbd/cap",
                                         ("disaster",)))
    flood = make_report(category="disaster", description="Banjir di pintu masuk")
    forwarding.post_report(flood)
    assert wait_until(lambda: any(f.state is ForwardState.FAILED
                                  for f in forwarding.store.forwards(flood.id)),
                      60.0, every=0.2), "the dead letter"
    (forward,) = forwarding.store.forwards(flood.id)
    assert "401" in (forward.last_error or "")
    assert receiver.alerts() == []
    assert [a[2] for a in forwarding.store.audit_log() if a[1] == "forwarder"] == \
        ["forward.failed"]
