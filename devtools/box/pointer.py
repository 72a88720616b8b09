"""Taps injected through the compositor: a minimal Wayland client of the wlroots
virtual-pointer protocol (wlr-virtual-pointer-unstable-v1), which sway offers and cage
0.1.4 does not. The events enter the compositor's seat as a pointer device's would, and
the compositor delivers them to the app's surface: the app cannot tell them from a
mouse. Speaks the Wayland wire format directly (a dozen messages; no bindings needed).
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable, Iterator

BTN_LEFT = 0x110            # linux/input-event-codes.h
PRESSED, RELEASED = 1, 0    # wl_pointer.button_state
DISPLAY_ID = 1              # wl_display is object 1
# Opcodes (wayland.xml; wlr-virtual-pointer-unstable-v1.xml)
DISPLAY_SYNC, DISPLAY_GET_REGISTRY = 0, 1
DISPLAY_ERROR = 0           # event
REGISTRY_BIND = 0
REGISTRY_GLOBAL = 0         # event
MANAGER_CREATE_VIRTUAL_POINTER = 0
POINTER_MOTION_ABSOLUTE, POINTER_BUTTON, POINTER_FRAME, POINTER_DESTROY = 1, 2, 4, 8

Event = tuple[int, int, bytes]


class WaylandError(RuntimeError):
    pass


class _Wire:
    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self._next = 2
        self._buf = b""

    def new_id(self) -> int:
        self._next += 1
        return self._next - 1

    def send(self, obj: int, opcode: int, payload: bytes = b"") -> None:
        header = struct.pack("<II", obj, ((8 + len(payload)) << 16) | opcode)
        self.sock.sendall(header + payload)

    @staticmethod
    def string(text: str) -> bytes:
        raw = text.encode() + b"\0"
        return struct.pack("<I", len(raw)) + raw + b"\0" * (-len(raw) % 4)

    def events(self) -> Iterator[Event]:
        while True:
            while len(self._buf) >= 8:
                obj, word = struct.unpack_from("<II", self._buf)
                size = word >> 16
                if len(self._buf) < size:
                    break
                body, self._buf = self._buf[8:size], self._buf[size:]
                yield obj, word & 0xFFFF, body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise WaylandError("the compositor closed the connection")
            self._buf += chunk

    def roundtrip(self, on_event: Callable[[Event], None] = lambda e: None) -> None:
        """Send wl_display.sync and handle events until its callback is done."""
        callback = self.new_id()
        self.send(DISPLAY_ID, DISPLAY_SYNC, struct.pack("<I", callback))
        for ev in self.events():
            obj, opcode, body = ev
            if obj == callback:
                return
            if obj == DISPLAY_ID and opcode == DISPLAY_ERROR:
                (length,) = struct.unpack_from("<I", body, 8)
                raise WaylandError(body[12:12 + length - 1].decode(errors="replace"))
            on_event(ev)


class VirtualPointer:
    """`tap(x, y)` in output-layout pixels of a `width`×`height` layout."""

    def __init__(self, display_path: str, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._w = _Wire(display_path)
        registry = self._w.new_id()
        self._w.send(DISPLAY_ID, DISPLAY_GET_REGISTRY, struct.pack("<I", registry))
        globals_: dict[str, int] = {}

        def on_global(ev: Event) -> None:
            obj, opcode, body = ev
            if obj == registry and opcode == REGISTRY_GLOBAL:
                name, length = struct.unpack_from("<II", body)
                globals_[body[8:8 + length - 1].decode()] = name
        self._w.roundtrip(on_global)
        manager_iface = "zwlr_virtual_pointer_manager_v1"
        if manager_iface not in globals_:
            raise WaylandError(f"the compositor offers no {manager_iface}")

        def bind(iface: str) -> int:
            new = self._w.new_id()
            self._w.send(registry, REGISTRY_BIND, struct.pack("<I", globals_[iface])
                         + self._w.string(iface) + struct.pack("<II", 1, new))
            return new
        seat, manager = bind("wl_seat"), bind(manager_iface)
        self._ptr = self._w.new_id()
        self._w.send(manager, MANAGER_CREATE_VIRTUAL_POINTER,
                     struct.pack("<II", seat, self._ptr))
        self._w.roundtrip()

    @staticmethod
    def _ms() -> int:
        return int(time.monotonic() * 1000) & 0xFFFFFFFF

    def _frame(self, opcode: int, payload: bytes) -> None:
        self._w.send(self._ptr, opcode, payload)
        self._w.send(self._ptr, POINTER_FRAME)
        self._w.roundtrip()

    def move(self, x: int, y: int) -> None:
        self._frame(POINTER_MOTION_ABSOLUTE,
                    struct.pack("<IIIII", self._ms(), x, y, self.width, self.height))

    def tap(self, x: int, y: int, hold_s: float = 0.08) -> None:
        self.move(x, y)
        time.sleep(0.03)
        self._frame(POINTER_BUTTON, struct.pack("<III", self._ms(), BTN_LEFT, PRESSED))
        time.sleep(hold_s)
        self._frame(POINTER_BUTTON, struct.pack("<III", self._ms(), BTN_LEFT, RELEASED))

    def close(self) -> None:
        try:
            self._w.send(self._ptr, POINTER_DESTROY)
        finally:
            self._w.sock.close()
