"""A hook switch on a pseudo-terminal that tests and the demo lift and replace.

It writes b"1" (off hook, lifted) or b"0" (on hook) on every change and repeats the
state every `repeat_s`, so a kiosk that opens the pty late still learns it; any byte
the kiosk writes (`SimHook` sends b"?" when it opens the port) is answered with the
state at once, as a real switch's line reads at once. The kiosk reads it with
`hardware.hook.sim.SimHook` (`[handset] hook = "sim"`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import struct
import termios
import threading
import time

from simulators.ptydevice import PtyDevice

OFF_HOOK = b"1"
ON_HOOK = b"0"


class HookSimulator(PtyDevice):
    def __init__(self, repeat_s: float = 0.5) -> None:
        super().__init__()
        self.repeat_s = repeat_s
        self._off_hook = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_change_at = 0.0     # time.monotonic() of the last lift/replace

    def start(self) -> HookSimulator:
        self._open_pty()
        os.set_blocking(self._master, False)   # never block on a full, unread pty
        self._thread = threading.Thread(target=self._run, name="hook-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._close_pty()

    @property
    def off_hook(self) -> bool:
        return self._off_hook

    def lift(self) -> None:
        self._change(True)

    def replace(self) -> None:
        self._change(False)

    def _change(self, off_hook: bool) -> None:
        with self._lock:
            self._off_hook = off_hook
            self.last_change_at = time.monotonic()
            # Written here, not by the thread, so the byte leaves at once.
            self._send(force=True)

    def _run(self) -> None:
        next_repeat = time.monotonic() + self.repeat_s
        while not self._stop.is_set():
            master = self._master
            if master < 0:
                return
            try:
                ready, _, _ = select.select([master], [], [],
                                            max(0.0, min(0.05, next_repeat - time.monotonic())))
            except (OSError, ValueError):
                return
            asked = False
            if ready:
                with contextlib.suppress(OSError):
                    asked = bool(os.read(master, 64))
            if asked:
                with self._lock:
                    self._send(force=True)   # the kiosk asks: answer at once
            elif time.monotonic() >= next_repeat:
                next_repeat = time.monotonic() + self.repeat_s
                with self._lock:
                    self._send(force=False)

    def _send(self, force: bool) -> None:
        if self._master < 0:
            return
        # A repeat is skipped while unread bytes wait (nobody has the port open), so the
        # pty buffer never fills up and blocks us.
        if not force and self._unread() > 0:
            return
        with contextlib.suppress(OSError):
            os.write(self._master, OFF_HOOK if self._off_hook else ON_HOOK)

    def _unread(self) -> int:
        try:
            raw = fcntl.ioctl(self._slave, termios.FIONREAD, struct.pack("i", 0))
        except OSError:
            return 0
        return int(struct.unpack("i", raw)[0])
