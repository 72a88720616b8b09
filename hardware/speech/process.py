"""The kiosk's `core.ports.Speaker`, with espeak-ng in a worker process it supervises.

A crash in libespeak-ng (exit(1) on missing data, SIGSEGV on truncated data) ends the
worker only: the supervisor thread sees it, reports it in `health()` ("the speech
worker died (SIGSEGV); restarting in 4 s"), and starts it again with backoff (from
`RESTART_MIN_S`, doubling to `RESTART_MAX_S`; back to the minimum once a worker has
lived `STABLE_S`). Meanwhile prompts are dropped, each still reported once as a
`Spoken` with an error. `say` and `stop` only queue a line for the writer thread, so
the UI never waits for the worker, even a hung one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from core.config import SpeechSection
from core.health import Health, Level
from core.ports import notify
from hardware.speech.speaker import Spoken, SpokenListener
from hardware.speech.worker import EXIT_WEDGED, spoken_from_dict
from wire.logs import event

log = logging.getLogger("hardware.speech")

RESTART_MIN_S = 0.5
RESTART_MAX_S = 60.0
STABLE_S = 60.0
RECENT_CRASH_S = 600.0  # health stays FAIL this long after a crash
READY_WAIT_S = 20.0     # engine start-up; a wedged one is killed after this
PROBE_WAIT_S = 5.0
CLOSE_WAIT_S = 2.0
SILENCE_KILL_S = 10.0   # a ready worker says "alive" every second; this long without: hung


def describe_exit(returncode: int) -> str:
    if returncode == EXIT_WEDGED:
        return "the engine hung"
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


class WorkerSpeaker:
    def __init__(self, section: SpeechSection, wav_dir: Path | None = None,
                 python: str = sys.executable) -> None:
        self._argv = [python, "-m", "hardware.speech.worker", "--rate", str(section.rate),
                      "--volume", str(section.volume), "--parent", str(os.getpid())]
        if wav_dir is not None:
            self._argv += ["--wav-dir", str(wav_dir)]
        self._listeners: list[SpokenListener] = []
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._ready = threading.Event()
        self._settled = threading.Event()
        # The latest prompt asked for while a worker was starting (text, language).
        self._pending: tuple[str, str] | None = None
        self._heard_at = time.monotonic()
        self._health = Health("speech", Level.WARN, "the speech worker is starting")
        self._probe: queue.Queue[Health] = queue.Queue()
        self._outbox: queue.Queue[str | None] = queue.Queue()
        self._closing = threading.Event()
        self._seq = 0               # prompts refused while no worker runs
        self._volume = 1.0          # the commuter's volume, share of the configured one
        self.crashes = 0
        self.last_crash = ""
        self._crashed_at = 0.0
        self.starts = 0
        self.last_spoken: Spoken | None = None
        self._supervisor = threading.Thread(target=self._supervise, name="speech-supervisor",
                                            daemon=True)
        self._writer = threading.Thread(target=self._write, name="speech-writer", daemon=True)
        self._supervisor.start()
        self._writer.start()

    # ------------------------------------------------------------ the Speaker port

    def say(self, text: str, language: str) -> None:
        if not text.strip():
            return
        with self._lock:
            refuse: tuple[str, str] | None = None
            if not self._ready.is_set():
                if self._proc is None:    # none running: it died, the next is not due
                    refuse = (language, "the speech worker is not running")
                else:                     # one is starting: the latest prompt waits
                    if self._pending is not None:
                        refuse = (self._pending[1], "replaced before the speech worker "
                                                    "was ready")
                    self._pending = (text, language)
            else:
                refuse = None
                self._send({"cmd": "say", "text": text, "language": language})
                return
        if refuse is not None:
            self._refused(*refuse)

    def stop(self) -> None:
        with self._lock:
            dropped, self._pending = self._pending, None
        if dropped is not None:
            self._refused(dropped[1], "stopped before the speech worker was ready")
        if self._ready.is_set():
            self._send({"cmd": "stop"})

    def set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, volume))
        if self._ready.is_set():
            self._send({"cmd": "volume", "volume": self._volume})

    def health(self) -> Health:
        return self._health

    def subscribe(self, listener: SpokenListener) -> None:
        """`listener(Spoken)` after each prompt ends, from the supervisor thread."""
        self._listeners.append(listener)

    def wait_ready(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    def wait_settled(self, timeout: float) -> bool:
        """Until the first worker is ready or has died (then `health()` says which);
        False when neither happened within `timeout`."""
        return self._settled.wait(timeout)

    def probe_output(self) -> Health:
        """Ask the worker to play 0.1 s of silence (as `doctor` does)."""
        if not self._ready.is_set():
            return self._health
        with contextlib.suppress(queue.Empty):
            while True:
                self._probe.get_nowait()
        self._send({"cmd": "probe"})
        try:
            return self._probe.get(timeout=PROBE_WAIT_S)
        except queue.Empty:
            return Health("speech", Level.FAIL, "the speech worker did not answer a probe")

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def close(self) -> None:
        self._closing.set()
        self._outbox.put(None)
        proc = self._proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()      # the worker exits when its stdin closes ...
            try:
                proc.wait(CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:
                proc.kill()             # ... unless it is stuck in libespeak-ng
        self._supervisor.join(timeout=10)
        self._writer.join(timeout=2)

    # ------------------------------------------------------------ the worker's life

    def _supervise(self) -> None:
        delay = RESTART_MIN_S
        while not self._closing.is_set():
            started = time.monotonic()
            returncode = self._run_once()
            if self._closing.is_set():
                return
            lived = time.monotonic() - started
            if lived >= STABLE_S:
                delay = RESTART_MIN_S
            self.crashes += 1
            self._crashed_at = time.monotonic()
            self.last_crash = describe_exit(returncode)
            event(log, "speech.worker_died", logging.ERROR, how=self.last_crash,
                  lived_s=round(lived, 1), restart_in_s=delay, crashes=self.crashes)
            self._settled.set()
            self._health = Health(
                "speech", Level.FAIL,
                f"the speech worker died ({self.last_crash}); restarting in {delay:g} s — "
                "voice guidance is silent meanwhile, everything else works",
                {"crashes": self.crashes, "last_crash": self.last_crash,
                 "restart_in_s": delay})
            if self._closing.wait(delay):
                return
            delay = min(RESTART_MAX_S, delay * 2)

    def _run_once(self) -> int:
        """Start a worker, relay what it says until it ends; its return code."""
        try:
            proc = subprocess.Popen(self._argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True, encoding="utf-8", bufsize=1)
        except OSError as exc:
            event(log, "speech.worker_not_started", logging.ERROR, error=exc.strerror or "")
            return 127
        self.starts += 1
        with self._lock:
            self._proc = proc
        assert proc.stdout is not None
        watchdog = threading.Timer(READY_WAIT_S, self._kill_if_not_ready, (proc,))
        watchdog.daemon = True
        watchdog.start()
        try:
            for line in proc.stdout:
                self._received(line)
        finally:
            watchdog.cancel()
            self._ready.clear()
        returncode = proc.wait()
        with self._lock:
            self._proc = None
            dropped, self._pending = self._pending, None
        if dropped is not None:
            self._refused(dropped[1], "the speech worker died before it was ready")
        _close(proc.stdin, proc.stdout)
        return returncode

    def _kill_if_silent(self) -> None:
        """A ready worker that stopped saying "alive" is wedged: end it (and restart)."""
        with self._lock:
            proc = self._proc
        if proc is None or not self._ready.is_set() or proc.poll() is not None:
            return
        if time.monotonic() - self._heard_at > SILENCE_KILL_S:
            event(log, "speech.worker_silent", logging.ERROR)
            proc.kill()

    def _kill_if_not_ready(self, proc: subprocess.Popen[str]) -> None:
        if not self._ready.is_set() and proc.poll() is None:
            event(log, "speech.worker_hung", logging.ERROR)
            proc.kill()

    def _received(self, line: str) -> None:
        self._heard_at = time.monotonic()
        try:
            message: dict[str, Any] = json.loads(line)
            kind = message.get("type")
            if kind in ("ready", "health"):
                health = self._with_crashes(Health.from_dict(message["health"]))
                self._health = health
                if kind == "ready":
                    with self._lock:
                        self._ready.set()
                        waiting, self._pending = self._pending, None
                    self._settled.set()
                    if self._volume != 1.0:   # a restarted worker keeps the user's volume
                        self._send({"cmd": "volume", "volume": self._volume})
                    if waiting is not None:
                        self._send({"cmd": "say", "text": waiting[0],
                                    "language": waiting[1]})
                    event(log, "speech.worker_ready", health=health.level.value,
                          pid=self.pid)
                else:
                    self._probe.put(health)
            elif kind == "spoken":
                self._finished(spoken_from_dict(message))
        except (ValueError, KeyError, TypeError) as exc:
            event(log, "speech.worker_bad_line", logging.WARNING, error=str(exc)[:80])

    def _with_crashes(self, health: Health) -> Health:
        """A worker that died recently is not healthy, however well its successor
        started: the next prompt may kill it again (truncated voice data)."""
        if not self.crashes or time.monotonic() - self._crashed_at > RECENT_CRASH_S:
            return health
        return Health("speech", Level.FAIL,
                      f"the speech worker died ({self.last_crash}, {self.crashes} times); "
                      f"restarted: {health.reason}",
                      {**health.details, "crashes": self.crashes,
                       "last_crash": self.last_crash})

    # ------------------------------------------------------------ lines out

    def _send(self, message: dict[str, Any]) -> None:
        self._outbox.put(json.dumps(message, separators=(",", ":")) + "\n")

    def _write(self) -> None:
        while True:
            try:
                line = self._outbox.get(timeout=1.0)
            except queue.Empty:
                self._kill_if_silent()
                continue
            if line is None:
                return
            with self._lock:
                proc = self._proc
            stdin = proc.stdin if proc is not None else None
            if stdin is None:
                continue
            try:
                stdin.write(line)
                stdin.flush()
            except (OSError, ValueError):
                continue   # the worker just died: the supervisor reports it

    # ------------------------------------------------------------ reports

    def _refused(self, language: str, why: str) -> None:
        self._seq += 1
        now = time.monotonic()
        self._finished(Spoken(seq=-self._seq, language=language, completed=False,
                              seconds=0.0, requested_at=now, first_audio_at=None,
                              ended_at=now, error=why))

    def _finished(self, spoken: Spoken) -> None:
        self.last_spoken = spoken
        notify(self._listeners, spoken, log, "speech listener failed")


def _close(*pipes: IO[str] | None) -> None:
    for pipe in pipes:
        if pipe is not None:
            with contextlib.suppress(OSError, ValueError):
                pipe.close()

