"""The one config builder (devtools/kiosk_toml.py) writes what core/config.py reads,
refuses a key core/config.py does not know, and removes a key set to None."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import load_config
from devtools.kiosk_toml import KioskToml, kiosk_toml, simulated_devices, toml_value


def test_what_it_writes_is_what_the_kiosk_reads(tmp_path: Path) -> None:
    toml = kiosk_toml(url="http://127.0.0.1:9/api/v1", token="t0ken", data_dir=tmp_path,
                      station='Halte "Sarinah" \\ Thamrin', header="for a test").changed(
        simulated_devices(printer="/dev/pts/7", modem="/dev/pts/8", hook="/dev/pts/9"),
        modem={"emergency_numbers": ["112", "110"], "poll_interval_s": 0.05},
        ui={"fullscreen": False, "idle_timeout_s": 600})
    cfg = load_config(toml.write(tmp_path / "kiosk.toml"))
    assert toml.text().startswith("# for a test\n")
    assert cfg.kiosk.station == 'Halte "Sarinah" \\ Thamrin'
    assert (cfg.kiosk.latitude, cfg.kiosk.longitude) == (-6.1932, 106.8230)
    assert cfg.server.read_token() == "t0ken" and cfg.storage.data_dir == tmp_path
    assert (cfg.printer.port, cfg.printer.baudrate) == ("/dev/pts/7", 115200)
    assert cfg.modem.emergency_numbers == ("112", "110") and cfg.modem.poll_interval_s == 0.05
    assert (cfg.handset.hook, cfg.handset.port) == ("sim", "/dev/pts/9")
    assert not cfg.ui.fullscreen and cfg.ui.idle_timeout_s == 600


def test_none_removes_a_key_and_raw_text_is_appended_verbatim(tmp_path: Path) -> None:
    base = kiosk_toml(url="http://x/api/v1", token="t", data_dir=tmp_path)
    changed = base.changed(server={"token": None}, raw="\n[maintenance]\nauto_exit = 5\n")
    assert "token" not in changed.tables["server"] and "token" in base.tables["server"]
    assert changed.text().endswith("\n[maintenance]\nauto_exit = 5\n")


@pytest.mark.parametrize(("tables", "named"), [
    ({"modem": {"dial_timeout": 5}}, "modem.dial_timeout"),
    ({"prnter": {"port": "/dev/x"}}, "[prnter]"),
])
def test_a_key_core_config_does_not_know_is_refused_where_it_is_written(
        tables: dict[str, dict[str, int | str]], named: str) -> None:
    with pytest.raises(ValueError, match=named.replace("[", r"\[").replace("]", r"\]")):
        KioskToml(tables)


def test_values_are_toml() -> None:
    assert [toml_value(v) for v in (True, 3, 0.5, "a\"b", Path("/p"), ("x", "y"))] == [
        "true", "3", "0.5", '"a\\"b"', '"/p"', '["x", "y"]']
