"""The network's commands of `python -m command_center` (in-process: `main(argv)`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from command_center.__main__ import main
from command_center.network import Role
from command_center.sqlite import SqliteStore
from wire.categories import Priority


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(tmp_path), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_demo_network_is_loaded_listed_and_managed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(tmp_path, capsys, "load-units")
    assert code == 0 and "DEMO DATA" in out
    assert run(tmp_path, capsys, "add-kiosk", "k1", "--station", "MRT Blok M", "--lat",
               "-6.2443", "--lon", "106.7983")[0] == 0
    code, out = run(tmp_path, capsys, "assign-kiosk", "k1")
    assert code == 0 and "Polres Metro Jakarta Selatan" in out
    assert run(tmp_path, capsys, "assign-kiosk", "k1", "polres-jakpus")[0] == 0
    assert run(tmp_path, capsys, "set-rule", "polres-jakpus", "emergency", "2",
               "--next", "mabes")[0] == 0
    assert run(tmp_path, capsys, "add-operator", "siti")[0] == 0
    assert run(tmp_path, capsys, "set-operator-unit", "siti", "polda-metro-jaya",
               "--role", "supervisor")[0] == 0
    assert run(tmp_path, capsys, "add-unit", "polsek-gambir", "--name", "Polsek Gambir",
               "--tier", "polsek", "--parent", "polres-jakpus")[0] == 0
    code, out = run(tmp_path, capsys, "units")
    assert code == 0 and "polsek-gambir: Polsek Gambir [polsek]" in out
    assert "rule emergency: acknowledge within 2 s, else → mabes" in out
    assert "kiosks: k1" in out
    store = SqliteStore(tmp_path)
    try:
        assert store.kiosk_units() == {"k1": "polres-jakpus"}
        assert store.member("siti").role is Role.SUPERVISOR
        assert any(r.unit_id == "polres-jakpus" and r.priority is Priority.EMERGENCY
                   and r.ack_within_s == 2.0 for r in store.rules())
    finally:
        store.close()


def test_wrong_network_commands_are_refused_with_a_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(tmp_path, capsys, "load-units")
    for args, reason in ((("add-unit", "x", "--name", "X", "--tier", "polda", "--parent",
                           "polres-jaksel"), "cannot be under"),
                         (("add-unit", "x", "--name", "X", "--tier", "polres"),
                          "only Mabes has no parent"),
                         (("set-rule", "nowhere", "emergency", "5"), "no unit"),
                         (("set-rule", "mabes", "emergency", "0"), "ack_within_s"),
                         (("assign-kiosk", "no-kiosk", "mabes"), "no kiosk"),
                         (("set-operator-unit", "nobody", "mabes"), "no operator")):
        code, out = run(tmp_path, capsys, *args)
        assert code == 1 and reason in out, (args, out)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, out = run(tmp_path, capsys, "load-units", str(bad))
    assert code == 1 and "cannot read" in out
