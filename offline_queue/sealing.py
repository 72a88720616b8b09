"""Which sealer the kiosk's outbox uses, from `[sealing]` (docs/outbox.md, "Sealed on
the kiosk").

- `centre_key` and `signing_key` set and readable: every report is sealed
  (`wire.sealed.Sealer`) before it is written.
- neither key, and `unsealed = true`: the explicit development mode, a warning in the log
  whenever an outbox is opened (`wire.sealed.Unsealed`).
- anything else (no key, a missing or unreadable key file): reports are refused with
  `SealingUnavailable`, which names the key to fix. The kiosk does not exit: the phone,
  the call events and the rest of the app go on, and the report screen says it could
  not be saved (promise 1: the handset always reaches 110 whatever the configuration
  says).
"""

from __future__ import annotations

import logging
from typing import Protocol

from core.config import Config
from offline_queue.errors import SealingUnavailable
from wire.keys import KeyFileError, load_centre_public, load_signing_key
from wire.logs import event
from wire.report import Report
from wire.sealed import Sealer, Unsealed

log = logging.getLogger("offline_queue.sealing")


class ReportSealer(Protocol):
    """Turns a report into the only bytes the outbox may store."""

    @property
    def sealed(self) -> bool: ...

    def seal(self, report: Report) -> bytes: ...


class NoSealer:
    """Refuses every report, saying why: nothing personal is ever stored in clear."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @property
    def sealed(self) -> bool:
        return False

    def seal(self, report: Report) -> bytes:
        raise SealingUnavailable(f"report NOT stored: {self.reason}")


def sealer_for(cfg: Config) -> ReportSealer:
    s = cfg.sealing
    if s.centre_key is None and s.signing_key is None:
        if s.unsealed:
            event(log, "outbox.unsealed", logging.WARNING,
                  advice="[sealing] unsealed = true: reports are stored with personal "
                         "data in clear; for development only")
            return Unsealed()
        return NoSealer("no command-centre key is configured ([sealing] centre_key and "
                        "signing_key; docs/deploy.md, \"Keys\"), and personal data is "
                        "never stored unsealed")
    if s.centre_key is None or s.signing_key is None:
        missing = "centre_key" if s.centre_key is None else "signing_key"
        return _unavailable(f"[sealing] {missing} is not set (both keys are needed)")
    try:
        return Sealer(load_centre_public(s.centre_key), load_signing_key(s.signing_key))
    except KeyFileError as exc:
        return _unavailable(f"[sealing]: {exc}")


def _unavailable(reason: str) -> NoSealer:
    event(log, "outbox.sealing_unavailable", logging.ERROR, reason=reason)
    return NoSealer(reason)
