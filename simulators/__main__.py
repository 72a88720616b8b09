"""`python -m simulators`: the printer, modem and hook simulators on ptys.

    python -m simulators [--dir D] [--printer-baud N] [--no-printer]
        Starts the simulators, prints one JSON line with their pty paths
        ({"printer": …, "modem": …, "hook": …, "dir": …, "control": …, "tickets": …}),
        writes the same to D/sim.json, then reads control commands on stdin and on the
        socket D/ctl.sock until SIGTERM, SIGINT or "quit". Printed tickets are
        rendered to D/printer/ (text and PNG).

    python -m simulators ctl --dir D COMMAND…
        Sends one control command to a running simulator and prints its reply;
        exit 0 when it says ok. E.g. `ctl --dir D lift`, `ctl --dir D modem busy 110`.

Control commands:
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from core.health import write_snapshot
from simulators.control import HELP, Simulators, execute
from simulators.hook import HookSimulator
from simulators.modem import ModemSimulator

SOCKET_NAME = "ctl.sock"
PORTS_FILE = "sim.json"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m simulators", description=__doc__ + HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", type=Path, help="directory for sim.json and ctl.sock "
                   "(default: a new temporary directory)")
    p.add_argument("--printer-baud", type=int, default=9600,
                   help="pace the printer simulator like a serial line at this baud rate")
    p.add_argument("--no-printer", action="store_true", help="start no printer simulator")
    return p


def _ctl_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m simulators ctl",
                                description="send one command to a running simulator",
                                epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", type=Path, required=True, help="the simulator's --dir")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for a reply")
    p.add_argument("words", nargs="+", metavar="COMMAND")
    return p


# ------------------------------------------------------------------ ctl (client)


def send_command(directory: Path, line: str, timeout: float = 5.0) -> str:
    """Send `line` to the simulator serving in `directory`; returns its reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(str(directory / SOCKET_NAME))
        s.sendall(line.encode() + b"\n")
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks).decode().strip()


def ctl(argv: Sequence[str]) -> int:
    args = _ctl_parser().parse_args(argv)
    try:
        reply = send_command(args.dir, " ".join(args.words), args.timeout)
    except OSError as exc:
        print(f"simulators ctl: no simulator answers in {args.dir}: {exc}", file=sys.stderr)
        return 2
    print(reply)
    return 0 if reply.startswith("ok") else 1


# ------------------------------------------------------------------ serve


def _start_printer(baud: int, output_dir: Path) -> Any:
    """The printer simulator is another module's (with Pillow rendering): imported only
    when it is wanted. Tickets are rendered into `output_dir`."""
    try:
        module = importlib.import_module("simulators.printer")
    except ImportError as exc:
        print(f"simulators: no printer simulator ({exc})", file=sys.stderr)
        return None
    return module.PrinterSimulator(baudrate=baud, output_dir=output_dir).start()


class _Server:
    def __init__(self, sims: Simulators, directory: Path) -> None:
        self.sims = sims
        self.directory = directory
        self.done = threading.Event()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        path = directory / SOCKET_NAME
        path.unlink(missing_ok=True)
        self.sock.bind(str(path))
        os.chmod(path, 0o600)
        self.sock.listen(8)
        self.sock.settimeout(0.5)

    def handle(self, line: str) -> str:
        if line.strip() == "quit":
            self.done.set()
            return "ok bye"
        return execute(self.sims, line)

    def serve_socket(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5.0)
                data = b""
                with contextlib.suppress(OSError):
                    while b"\n" not in data and (chunk := conn.recv(1024)):
                        data += chunk
                    conn.sendall(self.handle(data.decode(errors="replace")).encode() + b"\n")

    def serve_stdin(self) -> None:
        for line in sys.stdin:
            if line.strip():
                print(self.handle(line), flush=True)
            if self.done.is_set():
                return
        # stdin closed (run in the background): keep serving the socket.


def serve(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    directory = args.dir or Path(tempfile.mkdtemp(prefix="kiosk110-sim-"))
    directory.mkdir(parents=True, exist_ok=True)
    printer = None if args.no_printer else _start_printer(args.printer_baud,
                                                          directory / "printer")
    sims = Simulators(ModemSimulator().start(), HookSimulator().start(), printer)
    server = _Server(sims, directory)

    def stop(signum: int, frame: FrameType | None) -> None:
        server.done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    info = {**sims.ports(), "dir": str(directory), "control": str(directory / SOCKET_NAME),
            "tickets": str(directory / "printer") if printer is not None else ""}
    write_snapshot(directory / PORTS_FILE, info)
    print(json.dumps(info), flush=True)
    threading.Thread(target=server.serve_socket, name="sim-ctl", daemon=True).start()
    threading.Thread(target=server.serve_stdin, name="sim-stdin", daemon=True).start()
    try:
        while not server.done.wait(0.5):
            pass
    finally:
        server.sock.close()
        (directory / SOCKET_NAME).unlink(missing_ok=True)
        for sim in (sims.hook, sims.modem, sims.printer):
            if sim is not None:
                with contextlib.suppress(Exception):
                    sim.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["ctl"]:
        return ctl(argv[1:])
    return serve(argv)


if __name__ == "__main__":
    sys.exit(main())
