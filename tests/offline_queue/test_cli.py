"""`python -m offline_queue`: enqueue (good and bad lines), status, list, retry, run."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from offline_queue.cli import enqueue_lines, kiosk_info
from offline_queue.outbox import Outbox, State
from tests.offline_queue.cli_support import run_cli
from tests.offline_queue.faultserver import Fault, FaultServer
from tests.offline_queue.helpers import make_config, make_config_path, report_line

BAD_NIK = "9934567890123456"  # 99 is no province


def enqueue(tmp_path: Path, lines: list[bytes]) -> tuple[list[str], str, int, Outbox]:
    cfg = make_config(tmp_path)
    outbox = Outbox.for_config(cfg)
    out, err = io.StringIO(), io.StringIO()
    refused = enqueue_lines(lines, outbox, kiosk_info(cfg), out, err)
    return out.getvalue().split(), err.getvalue(), refused, outbox


@pytest.mark.parametrize(("bad_line", "reason"), [
    (b'{"category": "theft", "language": "id"', "invalid JSON: Expecting ',' delimiter"),
    (b'["theft", "id", "a list"]', "a report must be a JSON object, not an array"),
    (report_line(description=42).encode(), "description: has the wrong type"),
    (report_line(language=["id"]).encode(), "language: ['id'] is not one of ['id', 'en']"),
    (report_line("pickpocket").encode(), "category: unknown category 'pickpocket'"),
    (report_line(description="x" * 2001).encode(), "description: is too long"),
    (report_line(reporter={"nik": BAD_NIK}).encode(),
     "reporter.nik: the first two digits are not an Indonesian province code"),
    (report_line(reporter={"phone": "12345"}).encode(), "reporter.phone:"),
    (report_line(id="not-a-uuid").encode(), "id:"),
    (b'\xff\xfe{"category": "theft"}', "not UTF-8 (byte 1)"),
    # Issue 11 #8: the gate never crashes, whatever the line.
    (b'{"category": "theft", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
     "nested more than 16 levels deep"),
    (report_line(kiosk="K").replace('"K"', '{"id": "test-kiosk-01", "station": "MRT", '
                                    '"lat": NaN, "lon": 106.8}').encode(),
     "NaN is not a JSON number"),
    (report_line(kiosk="K").replace('"K"', '{"id": "test-kiosk-01", "station": "MRT", '
                                    '"lat": 1e999, "lon": 106.8}').encode(),
     "a number is out of range"),
    (report_line(description="Tas\u0000saya").encode(),
     "description: contains control characters"),
    (report_line(description="Tas \u001b[2J saya").encode(),
     "description: contains control characters"),
    (report_line(description="Tas \u202esaya").encode(),
     "description: contains bidirectional-override characters"),
    (report_line(incident={"where": "peron\u001b]0;x\u0007", "when": "now"}).encode(),
     "incident.where: contains control characters"),
    (report_line(reporter={"name": "Siti\u2067"}).encode(),
     "reporter.name: contains bidirectional-override characters"),
    # Issue 11 #5: another kiosk's report would be refused by the centre.
    (report_line(kiosk={"id": "mrt-blok-m-02", "station": "MRT Blok M", "lat": -6.24,
                        "lon": 106.8}).encode(),
     "kiosk.id 'mrt-blok-m-02' is not this kiosk ('test-kiosk-01')"),
    (b'{"category": "theft", "description": "' + b"x" * 70_000 + b'"}',
     "line is 70040 bytes, more than 65536"),
])
def test_a_bad_line_is_refused_with_its_number_and_reason_and_the_rest_is_stored(
        tmp_path: Path, bad_line: bytes, reason: str) -> None:
    lines = [report_line("fire").encode(), bad_line, report_line("theft").encode()]
    printed, err, refused, outbox = enqueue(tmp_path, lines)
    assert refused == 1
    assert err.startswith(f"line 2: refused: {reason}")
    assert BAD_NIK not in err  # personal data is never echoed
    assert [i.id for i in outbox.list_items()] == printed and len(printed) == 2
    outbox.close()


def counts(status: dict[str, object]) -> dict[str, object]:
    return {k: status[k] for k in ("pending", "delivered", "failed", "oldest_pending_s")}


def test_an_endless_line_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    from offline_queue.cli import read_lines

    stream = io.BytesIO(b"a" * 1_000_000 + b"\n" + report_line().encode() + b"\n")
    lines = list(read_lines(stream))
    assert len(lines) == 2 and len(lines[0]) == 65537 and lines[1].startswith(b"{")


def test_missing_id_time_and_kiosk_are_filled_from_the_config(tmp_path: Path) -> None:
    printed, err, refused, outbox = enqueue(tmp_path, [report_line().encode()])
    [item] = outbox.claim(1, owner="t", lease_s=60)
    data = json.loads(item.payload)
    assert err == "" and refused == 0 and data["id"] == printed[0]
    assert data["kiosk"] == {"id": "test-kiosk-01", "station": "MRT Bundaran HI",
                             "lat": -6.1932, "lon": 106.823}
    assert data["created_at"].endswith("+07:00") and data["priority"] == "urgent"
    outbox.close()


def test_blank_lines_are_skipped_and_a_given_id_is_kept(tmp_path: Path) -> None:
    given = "0b7c9f2e-3a4d-4e5f-8a6b-7c8d9e0f1a2b"
    printed, err, refused, outbox = enqueue(
        tmp_path, [b"\n", report_line(id=given).encode(), b"   \n"])
    assert printed == [given] and err == "" and refused == 0
    outbox.close()


def test_enqueue_as_a_process_prints_ids_in_order_and_exits_1_on_any_refusal(
        tmp_path: Path) -> None:
    cfg = make_config_path(tmp_path)
    lines = [report_line("medical"), "not json", report_line("lost_item"),
             report_line("information")]
    result = run_cli(cfg, "enqueue", stdin="\n".join(lines) + "\n")
    assert result.returncode == 1
    printed = result.stdout.split()
    assert len(printed) == 3
    assert "line 2: refused: invalid JSON" in result.stderr
    with sqlite3.connect(tmp_path / "data" / "outbox.sqlite3") as conn:
        rows = conn.execute("SELECT id, label FROM items ORDER BY seq").fetchall()
    assert rows == list(zip(printed, ["medical", "lost_item", "information"], strict=True))
    ok = run_cli(cfg, "enqueue", stdin=report_line() + "\n")
    assert ok.returncode == 0 and len(ok.stdout.split()) == 1


def test_status_list_and_retry_from_the_command_line(tmp_path: Path) -> None:
    cfg_path = make_config_path(tmp_path)
    cfg = make_config(tmp_path)
    ids = run_cli(cfg_path, "enqueue", stdin=(report_line() + "\n") * 3).stdout.split()
    with Outbox.for_config(cfg) as outbox:
        outbox.claim(3, owner="t", lease_s=60)
        outbox.mark_failed(ids[0], "HTTP 400: bad", owner="t")
        outbox.mark_failed(ids[1], "HTTP 422: conflict", owner="t")
        outbox.mark_delivered(ids[2])
    status = json.loads(run_cli(cfg_path, "status", "--json").stdout)
    assert counts(status) == {"pending": 0, "delivered": 1, "failed": 2,
                              "oldest_pending_s": None}
    assert status["uplink"] is None  # no uploader has run here
    listed = run_cli(cfg_path, "list", "--state", "failed")
    assert listed.returncode == 0 and ids[0] in listed.stdout and ids[2] not in listed.stdout
    assert "HTTP 422: conflict" in listed.stdout and "Tas saya" not in listed.stdout
    assert run_cli(cfg_path, "retry", ids[0]).returncode == 0
    assert run_cli(cfg_path, "retry", ids[2]).returncode == 1  # delivered: nothing to do
    assert run_cli(cfg_path, "retry", "--all-failed").stdout.startswith("1 failed item(s)")
    assert json.loads(run_cli(cfg_path, "status", "--json").stdout)["pending"] == 2
    assert run_cli(cfg_path, "list", "--state", "nonsense").returncode == 2


def test_retry_all_failed_reports_the_count(tmp_path: Path) -> None:
    cfg_path = make_config_path(tmp_path)
    ids = run_cli(cfg_path, "enqueue", stdin=(report_line() + "\n") * 2).stdout.split()
    with Outbox.for_config(make_config(tmp_path)) as outbox:
        outbox.claim(2, owner="t", lease_s=60)
        for item_id in ids:
            outbox.mark_failed(item_id, "HTTP 400", owner="t")
    result = run_cli(cfg_path, "retry", "--all-failed")
    assert result.returncode == 0 and result.stdout.startswith("2 failed item(s)")
    assert run_cli(cfg_path, "list", "--state", "pending", "--json").stdout.count(
        '"state": "pending"') == 2


def test_run_until_empty_drains_and_exits_0_or_1_when_items_failed(tmp_path: Path) -> None:
    faults: dict[str, list[Fault]] = {}

    def next_fault(key: str) -> Fault:
        queue = faults.get(key, [])
        return queue.pop(0) if queue else Fault.NONE

    with FaultServer(next_fault) as server:
        cfg = make_config_path(tmp_path, url=server.url)
        ids = run_cli(cfg, "enqueue", stdin=(report_line() + "\n") * 5).stdout.split()
        faults[ids[1]] = [Fault.BAD_REQUEST]
        faults[ids[2]] = [Fault.ERROR_500, Fault.CAPTIVE_PORTAL]
        result = run_cli(cfg, "run", "--until-empty")
        assert result.returncode == 1  # one dead letter remains
        assert set(server.stored) == set(ids) - {ids[1]}
        faults.clear()
        assert run_cli(cfg, "retry", "--all-failed").returncode == 0
        assert run_cli(cfg, "run", "--until-empty").returncode == 0
        assert set(server.stored) == set(ids)
    status = json.loads(run_cli(cfg, "status", "--json").stdout)
    assert counts(status) == {"pending": 0, "delivered": 5, "failed": 0,
                              "oldest_pending_s": None}
    assert status["uplink"]["state"] == "up" and status["uplink"]["health"] == "ok"
    assert status["waiting"]["due"] == {"count": 0, "oldest_s": None}


def test_a_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "nope.toml", "status")
    assert result.returncode == 2 and "config file not found" in result.stderr


def test_list_never_shows_personal_data(tmp_path: Path) -> None:
    cfg = make_config_path(tmp_path)
    line = report_line(reporter={"name": "Siti Aminah", "nik": "3171234501900001"})
    run_cli(cfg, "enqueue", stdin=line + "\n")
    for args in (("list",), ("list", "--json")):
        out = run_cli(cfg, *args).stdout
        assert "Siti" not in out and "3171234501900001" not in out
    assert State.PENDING.name.lower() in out
