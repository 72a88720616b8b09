"""TLS is always verified (a custom CA bundle may be configured), and a rotated token
file is picked up without losing the reports that were refused meanwhile."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from core.config import Config
from devtools.kiosk_toml import Changes
from offline_queue.outbox import Hold, Outbox, State
from offline_queue.uploader import Uploader
from tests.offline_queue.faultserver import TOKEN, FaultServer
from tests.offline_queue.helpers import make_config, report
from tests.support.clock import FakeClock


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    d = tmp_path_factory.mktemp("pki")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Kiosk 110 test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1", cwd=d)
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext",
            cwd=d)
    return {"ca": d / "ca.pem", "cert": d / "server.pem", "key": d / "server.key"}


def deliver_once(tmp_path: Path, url: str, server: Changes,
                 clock: FakeClock | None = None) -> tuple[Config, Outbox, Uploader]:
    cfg = make_config(tmp_path, url=url, server=server)
    clock = clock or FakeClock(time.time())  # one clock for the outbox and the uploader
    outbox = Outbox.for_config(cfg, clock=clock)
    uploader = Uploader(cfg, outbox, clock=clock, mono=clock, rng=random.Random(1))
    return cfg, outbox, uploader


def test_an_unknown_certificate_is_refused_and_the_report_kept(
        tmp_path: Path, certificates: dict[str, Path]) -> None:
    with FaultServer(tls=(certificates["cert"], certificates["key"])) as server:
        _, outbox, uploader = deliver_once(tmp_path, server.url,
                                           {"token": TOKEN})
        r = report()
        outbox.enqueue_report(r)
        uploader.deliver_batch()
        [item] = outbox.list_items()
        assert item.state is State.PENDING and str(item.last_error).startswith("TLS error")
        assert server.posts == []
        outbox.close()


def test_a_configured_ca_bundle_is_trusted(tmp_path: Path, certificates: dict[str, Path]) -> None:
    with FaultServer(tls=(certificates["cert"], certificates["key"])) as server:
        _, outbox, uploader = deliver_once(
            tmp_path, server.url, {"token": TOKEN, "ca_bundle": certificates["ca"]})
        r = report()
        outbox.enqueue_report(r)
        uploader.deliver_batch()
        assert outbox.list_items()[0].state is State.DELIVERED
        assert r.id in server.stored
        outbox.close()


def test_a_rotated_token_file_is_read_again_after_a_401(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("an-old-revoked-token\n")
    clock = FakeClock(time.time())
    with FaultServer() as server:
        _, outbox, uploader = deliver_once(tmp_path, server.url,
                                           {"token_file": token_file}, clock)
        r = report()
        outbox.enqueue_report(r)
        uploader.deliver_batch()
        assert outbox.list_items()[0].state is State.PENDING
        assert uploader.status.auth_alarm
        assert outbox.list_items()[0].hold is Hold.AUTH and len(server.heartbeats) == 0
        token_file.write_text(TOKEN + "\n")  # the technician installs the new token
        os.utime(token_file, (time.time() + 5, time.time() + 5))  # a visibly new mtime
        uploader.deliver_batch()  # tried at once, not after auth_retry_s: accepted
        assert len(server.heartbeats) == 1
        uploader.deliver_batch()
        assert outbox.list_items()[0].state is State.DELIVERED
        assert not uploader.status.auth_alarm
        outbox.close()
