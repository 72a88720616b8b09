"""Personal data never reaches the kiosk's disk in clear, not even briefly (issue 16).

The enqueue command runs under strace: every byte the process writes to any file
descriptor (the outbox, its -wal and -shm, a journal, a log) is searched for the test
NIK, phone, name, description and place — and, as the control that shows the search
works, the same run in the explicit unsealed development mode finds them. Then the
three files are read byte by byte (freed pages included) before and after delivery.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.offline_queue.cli_support import REPO, child_env, cli, run_cli
from tests.offline_queue.faultserver import FaultServer
from tests.offline_queue.helpers import VALID_NIK, VALID_PHONE, make_config_path
from tests.offline_queue.test_storage_honesty import SIDES
from tests.offline_queue.test_storage_honesty import raw as raw_file

NAME = "Siti Rahayu Kusumawati"
DESCRIPTION = "Tas ransel hitam saya diambil orang bertopi merah"
WHERE = "Pintu keluar B dekat loket tiket"
SECRETS = (VALID_NIK, VALID_PHONE, NAME, DESCRIPTION[:24], WHERE[:20])
LINE = json.dumps({"category": "theft", "language": "id", "description": DESCRIPTION,
                   "incident": {"where": WHERE, "when": "now"},
                   "reporter": {"name": NAME, "phone": VALID_PHONE, "nik": VALID_NIK}})
_QUOTED = re.compile(rb'"((?:\\x[0-9a-f]{2})*)"')

pytestmark = pytest.mark.skipif(shutil.which("strace") is None,
                                reason="strace is installed by scripts/setup")


def written_bytes(config: Path, trace: Path) -> bytes:
    """Everything `enqueue` wrote to any descriptor, as one byte string."""
    args = ["strace", "-f", "-qq", "-xx", "-s", "4000000", "-o", str(trace),
            "-e", "trace=write,pwrite64,writev,pwritev,pwritev2",
            *cli(config, "enqueue")]
    done = subprocess.run(args, input=LINE + "\n", capture_output=True, text=True,
                          cwd=REPO, env=child_env(), timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    text = trace.read_bytes()
    return b"".join(bytes.fromhex(m.group(1).replace(b"\\x", b"").decode())
                    for m in _QUOTED.finditer(text))


def raw(path: Path) -> bytes:
    """The file's bytes (through another process), or none: a -wal and -shm exist
    only while a connection has the database open."""
    return raw_file(path) if path.exists() else b""


def found(data: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode() in data]


def test_the_unsealed_development_mode_shows_the_search_finds_them(tmp_path: Path) -> None:
    config = make_config_path(tmp_path)
    text = re.sub(r"\[sealing\]\n(?:[a-z_]+ = .*\n)+", "[sealing]\nunsealed = true\n",
                  config.read_text())
    assert "unsealed = true" in text and "centre_key" not in text
    config.write_text(text)
    assert set(found(written_bytes(config, tmp_path / "trace"))) == set(SECRETS)


def test_no_byte_of_personal_data_is_ever_written_in_clear(tmp_path: Path) -> None:
    with FaultServer() as server:
        config = make_config_path(tmp_path, url=server.url)
        written = written_bytes(config, tmp_path / "trace")
        assert b"kiosk110/sealed-report@1" in written   # the trace did see the write
        assert found(written) == []
        outbox = tmp_path / "data" / "outbox.sqlite3"
        files = b"".join(raw(Path(f"{outbox}{s}")) for s in SIDES)
        assert found(files) == []
        sealed = json.loads(next(iter(_items(outbox))))["sealed"]["data"]
        assert sealed[:40].encode() in files
        drained = run_cli(config, "run", "--until-empty")
        assert drained.returncode == 0, drained.stderr[-2000:]
        (delivered,) = server.stored.values()
        assert found(delivered) == []        # sealed on the wire too
        after = b"".join(raw(Path(f"{outbox}{s}")) for s in SIDES)
        assert found(after) == [] and sealed[:40].encode() not in after


def _items(outbox: Path) -> list[bytes]:
    out = subprocess.run([sys.executable, "-c", (
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
        "[sys.stdout.write(bytes(p).decode()+'\\n') for (p,) in "
        "c.execute('select payload from items')]"), str(outbox)],
        capture_output=True, text=True, check=True)
    return [line.encode() for line in out.stdout.splitlines()]
