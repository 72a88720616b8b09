"""The one writer of kiosk configs for tests, benchmarks and dev tools.

A `KioskToml` holds one table per section of core/config.py; `changed(...)` merges keys
into sections (a value of None removes a key) and `text()` renders the TOML that
`core.config.load_config` reads. Section names are checked by mypy (`Sections`), key
names against core/config.py's dataclasses at once, so a builder typo fails where it is
written, not as a kiosk that silently used a default. The file format itself is
core/config.py's: this module only writes it.

A test of what the kiosk does with a hand-edited or broken file appends it as `raw`
text, written verbatim after the tables.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

from core.config import SECTIONS, Config, config_from_dict
from devtools.devkeys import write_dev_keys

Value = str | int | float | bool | Path | Sequence[str]
Table = Mapping[str, Value]
Changes = Mapping[str, Value | None]   # None: remove the key

_SECTION_TYPES = typing.get_type_hints(Config)


class Sections(TypedDict, total=False):
    """The changes `KioskToml.changed` takes: one table per section, and raw text."""

    kiosk: Changes
    server: Changes
    storage: Changes
    sealing: Changes
    uploader: Changes
    printer: Changes
    modem: Changes
    handset: Changes
    speech: Changes
    ui: Changes
    maintenance: Changes
    raw: str


@dataclass(frozen=True)
class KioskToml:
    """A kiosk config being built; immutable, so one base serves many variants."""

    tables: Mapping[str, Table] = field(default_factory=dict)
    raw: str = ""        # appended verbatim (a hand-edited or deliberately broken file)
    header: str = ""     # a comment line at the top, e.g. who wrote the file

    def __post_init__(self) -> None:
        for section, table in self.tables.items():
            if section not in SECTIONS:
                raise ValueError(f"[{section}]: not a section of core/config.py")
            known = {f.name for f in dataclasses.fields(_SECTION_TYPES[section])}
            for key in table:
                if key not in known:
                    raise ValueError(f"{section}.{key}: not a key of core/config.py")

    def changed(self, *layers: Sections, **changes: Unpack[Sections]) -> KioskToml:
        """This config with keys set (or removed, with None) and raw text appended:
        each of `layers` in turn, then `changes`."""
        tables = {name: dict(table) for name, table in self.tables.items()}
        raw = self.raw
        for layer in (*layers, changes):
            for name, value in layer.items():
                if name == "raw":
                    assert isinstance(value, str)
                    raw += value
                    continue
                assert isinstance(value, Mapping)
                table = tables.setdefault(name, {})
                for key, item in value.items():
                    if item is None:
                        table.pop(key, None)
                    else:
                        table[key] = item
        return KioskToml(tables, raw, self.header)

    def text(self) -> str:
        lines = [f"# {self.header}"] if self.header else []
        for section in SECTIONS:     # the order of core/config.py
            table = self.tables.get(section)
            if table is None:
                continue
            lines += ["", f"[{section}]"]
            lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
        return "\n".join(lines).lstrip("\n") + "\n" + self.raw

    def config(self) -> Config:
        """The config this file gives (as `load_config` reads it), with no file."""
        return config_from_dict(tomllib.loads(self.text()))

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(), encoding="utf-8")
        return path


def toml_value(value: Value) -> str:
    """`value` as TOML: a JSON string is a TOML basic string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"


def kiosk_toml(*, url: str, data_dir: Path, token: str | None,
               kiosk_id: str = "test-kiosk-01", station: str = "MRT Bundaran HI",
               latitude: float = -6.1932, longitude: float = 106.8230,
               header: str = "") -> KioskToml:
    """The three required sections of a kiosk at Bundaran HI talking to `url` (no
    `token`: the caller sets token_file)."""
    server: dict[str, Value] = {"url": url}
    if token is not None:
        server["token"] = token
    return KioskToml({
        "kiosk": {"id": kiosk_id, "station": station, "latitude": latitude,
                  "longitude": longitude},
        "server": server,
        "storage": {"data_dir": data_dir},
    }, header=header)


def dev_sealing(keys_dir: Path) -> Changes:
    """`[sealing]` pointing at fresh development keys under `keys_dir` (devtools/devkeys)."""
    centre_pub, _, signing = write_dev_keys(keys_dir)
    return {"centre_key": centre_pub, "signing_key": signing}


def simulated_devices(*, printer: str | None = None, modem: str | None = None,
                      hook: str | None = None) -> Sections:
    """The device sections for simulators on these ports (simulators/): the printer at
    the simulator's 115200 baud, the modem, the hook switch as `hook = "sim"`."""
    sections = Sections()
    if printer is not None:
        sections["printer"] = {"port": printer, "baudrate": 115200}
    if modem is not None:
        sections["modem"] = {"port": modem}
    if hook is not None:
        sections["handset"] = {"hook": "sim", "port": hook}
    return sections



def dev_kiosk_toml(*, url: str, token: str, data_dir: Path, keys_dir: Path,
                   kiosk_id: str = "bench-kiosk") -> KioskToml:
    """A development kiosk (benchmarks, screenshots) sealed to fresh dev keys."""
    return kiosk_toml(url=url, token=token, data_dir=data_dir,
                      kiosk_id=kiosk_id).changed(sealing=dev_sealing(keys_dir))
