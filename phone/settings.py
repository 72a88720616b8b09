"""The phone process's own few settings, read so that nothing in the file can stop 110.

It reads `[modem]`, `[handset]` and `[kiosk] id` of the kiosk's config, key by key
(`core.config.forgiving_section`): a wrong key keeps its default and becomes a problem
in the phone's health. When the file cannot be read at all (missing, not TOML, not
readable), it runs on the last settings it started with (`phone-settings.json` in its
state directory, written at every start that read the file), and without those on the
built-in defaults: the stable device names of `systemd/70-kiosk110.rules` and the
emergency numbers 110 and 112. Either way the emergency numbers are never empty.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import HandsetSection, ModemSection, Problem, forgiving_section, read_toml
from core.errors import ConfigError
from core.files import atomic_write
from wire.logs import event
from wire.report import KIOSK_ID_PATTERN

log = logging.getLogger("phone.settings")

LAST_GOOD_FILE = "phone-settings.json"
# What a kiosk built by docs/deploy.md has (the udev rules give these names).
BUILT_IN_MODEM = ModemSection(port="/dev/kiosk-modem")
BUILT_IN_HANDSET = HandsetSection(hook="serial", port="/dev/kiosk-hook", line="DSR")


@dataclass(frozen=True)
class PhoneSettings:
    modem: ModemSection
    handset: HandsetSection
    kiosk_id: str = ""
    source: str = "config"          # "config", "last good settings", "built-in defaults"
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def fatal_problems(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.fatal)


def load(config_path: Path, state_dir: Path | None) -> PhoneSettings:
    """The settings to run on; never raises."""
    try:
        raw = read_toml(config_path)
    except ConfigError as exc:
        return _without_file(str(exc), state_dir)
    settings = from_dict(raw)
    if state_dir is not None:
        _save_last_good(state_dir, settings)
    return settings


def from_dict(raw: dict[str, Any], source: str = "config") -> PhoneSettings:
    modem, modem_problems = forgiving_section("modem", raw.get("modem"))
    handset, handset_problems = forgiving_section("handset", raw.get("handset"))
    kiosk = raw.get("kiosk")
    kiosk_id = kiosk.get("id") if isinstance(kiosk, dict) else None
    problems = [*modem_problems, *handset_problems]
    if not isinstance(kiosk_id, str) or not re.fullmatch(KIOSK_ID_PATTERN, kiosk_id):
        problems.append(Problem("kiosk.id", "kiosk.id: missing or invalid (only used to "
                                "name the kiosk in logs)", fatal=False))
        kiosk_id = ""
    return PhoneSettings(modem, handset, kiosk_id, source, tuple(problems))


def _without_file(why: str, state_dir: Path | None) -> PhoneSettings:
    saved = _read_last_good(state_dir) if state_dir is not None else None
    if saved is not None:
        settings = from_dict(saved, source="last good settings")
        note = f"{why}; running on the last good phone settings"
    else:
        settings = PhoneSettings(BUILT_IN_MODEM, BUILT_IN_HANDSET,
                                 source="built-in defaults")
        note = (f"{why}; running on the built-in defaults (modem {BUILT_IN_MODEM.port}, "
                f"hook {BUILT_IN_HANDSET.port} {BUILT_IN_HANDSET.line}, numbers "
                f"{', '.join(BUILT_IN_MODEM.emergency_numbers)})")
    event(log, "phone.config_unusable", logging.ERROR, reason=note)
    return dataclasses.replace(settings, problems=(Problem("", note), *settings.problems))


def _save_last_good(state_dir: Path, settings: PhoneSettings) -> None:
    data = {"modem": dataclasses.asdict(settings.modem),
            "handset": dataclasses.asdict(settings.handset),
            "kiosk": {"id": settings.kiosk_id} if settings.kiosk_id else {}}
    payload = json.dumps(data, sort_keys=True).encode()
    path = state_dir / LAST_GOOD_FILE
    try:
        if path.exists() and path.read_bytes() == payload:
            return
        state_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload, 0o640)
    except OSError as exc:   # a read-only state dir costs the fallback, not the phone
        event(log, "phone.last_good_not_saved", logging.WARNING, error=exc.strerror or "")


def _read_last_good(state_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((state_dir / LAST_GOOD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    # Tuples were saved as lists: the forgiving reader takes them back as TOML would.
    return {k: v for k, v in data.items() if k in ("modem", "handset", "kiosk")}
