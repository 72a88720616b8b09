"""The centre's one way to run a loop in the background: a `Worker` is one daemon
thread running `_run` until `stop()`. The CAP forwarder, the escalation sweeper, the
WAL checkpointer and the PostgreSQL listener are workers; each `_run` waits on
`_stop`, so a stop is noticed within one wait, and `stop()` waits `join_s` at most for
the round in progress to finish."""

from __future__ import annotations

import threading
from typing import Self


class Worker:
    def __init__(self, name: str, join_s: float) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._join_s = join_s

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:   # started
            self._thread.join(timeout=self._join_s)

    def _run(self) -> None:
        raise NotImplementedError
