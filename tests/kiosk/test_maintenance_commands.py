"""The console side: `set-pin` (piped input, refusals, 0600, the rest of the file kept)
and `unlock-maintenance`, each run as the real command in a subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from core.config import load_config
from core.errors import ConfigError
from core.maintenance import LOCKOUT_AFTER, AttemptTracker, GateStatus
from core.pin import verify_pin
from kiosk.commands.maintenance import set_table_key
from offline_queue.outbox import Outbox
from tests.kiosk.maint_support import GOOD_PIN, OTHER_PIN, assert_no_secrets
from tests.support.clock import FakeClock
from tests.support.config import write_config

REPO = Path(__file__).resolve().parents[2]

COMMENTED = """
# Printer at the left of the screen; technician: Budi
[printer]
port = "/dev/kiosk-printer"   # stable udev name

[maintenance]
# Leave after two minutes.
auto_exit_s = 120
pin_hash = "scrypt$n=1024$r=8$p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA=="
gesture = "hold:tl:3,tap:tr,br,bl"

[speech]
rate = 140
"""


def kiosk(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), *args],
                          input=stdin, capture_output=True, text=True, cwd=REPO, timeout=60,
                          check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def queued_events(config: Path) -> list[str]:
    with Outbox.for_config(load_config(config)) as outbox:
        return [item.label for item in outbox.list_items()]


def test_set_pin_writes_only_the_hash_keeps_comments_and_group_read_but_not_others(
        tmp_path: Path) -> None:
    path = write_config(tmp_path, raw=COMMENTED)
    path.chmod(0o644)
    before = tomllib.loads(path.read_text(encoding="utf-8"))
    done = kiosk(path, "set-pin", stdin=f"{GOOD_PIN}\n{GOOD_PIN}\n")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "# Printer at the left of the screen; technician: Budi" in text
    assert 'port = "/dev/kiosk-printer"   # stable udev name' in text
    assert "# Leave after two minutes." in text
    after = tomllib.loads(text)
    new_hash = after["maintenance"].pop("pin_hash")
    before["maintenance"].pop("pin_hash")
    assert after == before
    assert verify_pin(GOOD_PIN, new_hash) and GOOD_PIN not in text
    assert load_config(path).maintenance.pin_hash == new_hash
    assert queued_events(path) == ["maintenance.pin_changed"]
    assert_no_secrets(done.stdout.splitlines() + done.stderr.splitlines())


def test_set_pin_adds_the_table_when_the_config_has_none(tmp_path: Path) -> None:
    path = write_config(tmp_path)
    done = kiosk(path, "set-pin", stdin=f"{OTHER_PIN}\n{OTHER_PIN}\n")
    assert done.returncode == 0, done.stderr
    assert verify_pin(OTHER_PIN, load_config(path).maintenance.pin_hash)


@pytest.mark.parametrize("typed, reason", [
    ("123456\n123456\n", "run of digits"),
    ("111111\n111111\n", "repeats"),
    ("48027\n48027\n", "at least 6"),
    (f"{GOOD_PIN}\n{OTHER_PIN}\n", "differ"),
    (f"{GOOD_PIN}\n", "cancelled"),
])
def test_set_pin_refuses_and_leaves_the_file_untouched(tmp_path: Path, typed: str,
                                                       reason: str) -> None:
    path = write_config(tmp_path, raw=COMMENTED)
    original = path.read_bytes()
    done = kiosk(path, "set-pin", stdin=typed)
    assert done.returncode == 1
    assert reason in done.stderr
    assert path.read_bytes() == original
    assert_no_secrets(done.stdout.splitlines() + done.stderr.splitlines())


def test_console_unlock_clears_a_lockout(tmp_path: Path) -> None:
    path = write_config(tmp_path)
    tracker = AttemptTracker(load_config(path).storage.data_dir, FakeClock())
    for _ in range(LOCKOUT_AFTER):
        tracker.record_failure()
    assert tracker.gate().status is GateStatus.LOCKED
    done = kiosk(path, "unlock-maintenance")
    assert done.returncode == 0, done.stderr
    assert f"{LOCKOUT_AFTER} wrong PIN(s) cleared" in done.stdout
    assert tracker.gate().status is GateStatus.OPEN and tracker.gate().failures == 0
    assert queued_events(path) == ["maintenance.unlocked"]


def test_table_edit_handles_a_missing_key_and_crlf_files() -> None:
    text = "[kiosk]\r\nid = \"k\"\r\n\r\n[maintenance]\r\nauto_exit_s = 60\r\n\r\n[ui]\r\n"
    edited = set_table_key(text, "maintenance", "pin_hash", "scrypt$x")
    assert edited == ("[kiosk]\r\nid = \"k\"\r\n\r\n[maintenance]\r\nauto_exit_s = 60\r\n"
                      "pin_hash = \"scrypt$x\"\r\n\r\n[ui]\r\n")
    with pytest.raises(ConfigError):
        set_table_key(text, "maintenance", "pin_hash", 'a"b')


def test_an_unusual_layout_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    from kiosk.commands.maintenance import write_pin_hash

    path = write_config(tmp_path)
    path.write_text(path.read_text().replace(
        "[kiosk]", "maintenance = { auto_exit_s = 60 }\n[kiosk]"), encoding="utf-8")
    original = path.read_bytes()
    with pytest.raises(ConfigError, match="by hand"):
        write_pin_hash(path, "scrypt$n=1024$r=8$p=1$AAAA$AAAA")
    assert path.read_bytes() == original
