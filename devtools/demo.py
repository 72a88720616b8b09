"""`make demo`: the whole kiosk on one machine, with simulated peripherals.

Starts, each as its own process like on a real kiosk: the reference command centre on
127.0.0.1, the hardware simulators (printer, modem, hook switch on pseudo-terminals),
the emergency phone (`python -m phone`, which owns the modem and the hook), the
uploader, and the kiosk window (which reaches the phone through its socket). Nothing
leaves this machine and nothing dials a real number: the "modem" is a simulator. On a
machine without a display it says so, renders the screenshots instead, and keeps the
back end running so the inbox can be explored.

State lives in `var/demo/` (git-ignored); `rm -rf var/demo` starts afresh.

`--postgres` runs the same demo with the command centre on PostgreSQL (the national
engine) instead of its embedded SQLite file: a local cluster of its own in
`var/demo-pg/pg/` (initdb the first time, a Unix socket only, stopped with the demo;
Debian's server binaries, which `scripts/setup` installs). Its state is all in
`var/demo-pg/`; `rm -rf var/demo-pg` starts that one afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from devtools.kiosk_toml import kiosk_toml, simulated_devices
from devtools.pgcluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise RuntimeError("no free TCP port on 127.0.0.1")


def _last_line(args: list[str]) -> str:
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return out.strip().splitlines()[-1].strip()


class Demo:
    def __init__(self, home: Path, port: int, database_url: str | None = None) -> None:
        self.home = home
        self.port = port
        self.database = ["--database", database_url] if database_url else []
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def spawn(self, name: str, args: list[str],
              stdin: int | None = None) -> subprocess.Popen[bytes]:
        """Start a child whose stdout and stderr go to var/demo/<name>.log."""
        log = (self.home / f"{name}.log").open("ab")
        proc = subprocess.Popen(args, cwd=ROOT, stdin=stdin, stdout=log, stderr=log)
        self.procs.append((name, proc))
        return proc

    def spawn_phone(self, config: Path) -> Path:
        """The phone process; its socket, for the kiosk app (KIOSK110_PHONE_SOCKET)."""
        runtime = self.home / "phone"
        self.spawn("phone", [PY, "-m", "phone", "--config", str(config), "--runtime-dir",
                             str(runtime), "--state-dir", str(runtime / "state")])
        socket = runtime / "phone.sock"
        _wait(socket.exists, 20, "the phone process")
        return socket

    def run_foreground(self, args: list[str], env: dict[str, str] | None = None) -> int:
        """Run the kiosk with the terminal's output until it exits (or we are stopped)."""
        proc = subprocess.Popen(args, cwd=ROOT, env=env)
        self.procs.append(("kiosk", proc))
        return proc.wait()

    def credentials(self) -> dict[str, str]:
        """Kiosk token, operator password and the centre's key pair, made once and kept
        in var/demo (a demo from before sealing gets its centre key now)."""
        path = self.home / "credentials.json"
        creds: dict[str, str] = dict(json.loads(path.read_text())) if path.exists() else {}
        cc = self.centre_cli()
        if not creds:
            creds = {"kiosk_id": "demo-mrt-bundaran-hi-01",
                     "token": _last_line([*cc, "add-kiosk", "demo-mrt-bundaran-hi-01",
                                          "--station", "MRT Bundaran HI", "--lat",
                                          "-6.1932", "--lon", "106.8230"]),
                     "operator": "operator",
                     "password": _last_line([*cc, "add-operator", "operator"])}
        if "network" not in creds:
            # The 110 network (issue 15): the shipped DEMO units of Polda Metro Jaya, and
            # the demo kiosk assigned to its Polres (the nearest, Jakarta Pusat). The
            # demo operator has no unit, so sees everything, as Mabes.
            subprocess.run([*cc, "load-units"], check=True, capture_output=True, cwd=ROOT)
            subprocess.run([*cc, "assign-kiosk", creds["kiosk_id"], "polres-jakpus"],
                           check=True, capture_output=True, cwd=ROOT)
            creds["network"] = "demo"
        if "centre_key" not in creds:
            # The centre's X25519 pair: kiosks seal personal data to its public key.
            creds["centre_key"] = _last_line([*cc, "keygen"])
        path.write_text(json.dumps(creds))
        path.chmod(0o600)
        return creds

    def centre_cli(self) -> list[str]:
        return [PY, "-m", "command_center", "--data-dir", str(self.home / "cc"),
                *self.database]

    def kiosk_key(self, config: Path, creds: dict[str, str]) -> None:
        """The kiosk's Ed25519 signing key, made by the kiosk's own command and
        registered with the centre, as a technician does at install (docs/deploy.md)."""
        if (self.home / "signing.key").exists():
            return
        subprocess.run([PY, "-m", "offline_queue", "--config", str(config), "keygen"],
                       check=True, capture_output=True, cwd=ROOT)
        subprocess.run([*self.centre_cli(), "add-kiosk-key", creds["kiosk_id"],
                        str(self.home / "signing.key.pub")], check=True,
                       capture_output=True, cwd=ROOT)

    def start_command_centre(self) -> str:
        self.spawn("command_center", [*self.centre_cli(), "--host", "127.0.0.1",
                                      "--port", str(self.port)])
        base = f"http://127.0.0.1:{self.port}"
        _wait(lambda: _http_ok(f"{base}/login"), 20, "the command centre to answer")
        return base

    def start_partners(self) -> str:
        """The reference partner receiver, standing in for Damkar, BPBD and an
        ambulance service, and their routing rows at the centre (issue 16)."""
        port = _free_port(0)
        token = self.home / "partner.token"
        token.write_text("demo-partner-token\n")
        token.chmod(0o600)
        self.spawn("partners", [PY, "-m", "devtools.partner_receiver", "--dir",
                                str(self.home / "partners"), "--port", str(port),
                                "--token", "demo-partner-token"])
        url = f"http://127.0.0.1:{port}"
        _wait(lambda: _http_ok(f"{url}/alerts"), 20, "the partner receiver")
        for pid, name, cats in (("damkar-jakpus", "Damkar Jakarta Pusat", "fire,accident"),
                                ("bpbd-dki", "BPBD DKI Jakarta", "disaster"),
                                ("ambulans-118", "Ambulans Gawat Darurat 118", "medical")):
            subprocess.run([*self.centre_cli(), "add-partner", pid, "--name", name,
                            "--url", f"{url}/{pid}/cap", "--categories", cats,
                            "--token-file", str(token)], check=True, capture_output=True,
                           cwd=ROOT)
        return url

    def start_simulators(self) -> dict[str, str]:
        sim_dir = self.home / "sim"
        sim_dir.mkdir(exist_ok=True)
        (sim_dir / "sim.json").unlink(missing_ok=True)
        self.spawn("simulators", [PY, "-m", "simulators", "--dir", str(sim_dir)],
                   stdin=subprocess.PIPE)
        _wait((sim_dir / "sim.json").exists, 20, "the simulators")
        return dict(json.loads((sim_dir / "sim.json").read_text()))

    def write_config(self, base: str, creds: dict[str, str], ports: dict[str, str]) -> Path:
        token_file = self.home / "token"
        token_file.write_text(creds["token"])
        token_file.chmod(0o600)
        toml = kiosk_toml(url=f"{base}/api/v1", token=None, data_dir=self.home / "data",
                          kiosk_id=creds["kiosk_id"],
                          header="Written by `make demo`: simulated devices, a local server.")
        return toml.changed(
            simulated_devices(printer=ports["printer"], modem=ports["modem"],
                              hook=ports["hook"]),
            server={"token_file": token_file, "timeout_s": 5.0},
            sealing={"centre_key": creds["centre_key"],
                     "signing_key": self.home / "signing.key"},
            uploader={"heartbeat_s": 15.0, "backoff_base_s": 1.0, "backoff_cap_s": 10.0},
            printer={"status_url": f"{base}/t/"}, modem={"test_number": "0000"},
            ui={"fullscreen": False}).write(self.home / "kiosk.toml")

    def stop(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _name, proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def _http_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code < 500
    except requests.RequestException:
        return False


def _wait(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise SystemExit(f"demo: timed out waiting for {what}; see the logs in var/demo/")


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.demo", description=__doc__)
    parser.add_argument("--home", type=Path, default=None,
                        help="where the demo keeps its state (default var/demo, or "
                             "var/demo-pg with --postgres)")
    parser.add_argument("--postgres", action="store_true",
                        help="run the command centre on PostgreSQL (a local cluster of "
                             "the demo's own in <home>/pg) instead of SQLite")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--headless", action="store_true",
                        help="behave as on a machine without a display")
    parser.add_argument("--no-screenshots", action="store_true",
                        help="headless: skip rendering the screenshots")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="start everything, print the addresses, stop (for tests)")
    args = parser.parse_args(argv)
    # SIGTERM stops the demo like Ctrl-C does: every child is stopped on the way out.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    home: Path = args.home or ROOT / "var" / ("demo-pg" if args.postgres else "demo")
    (home / "data").mkdir(parents=True, exist_ok=True)
    cluster = _start_cluster(home) if args.postgres else None
    demo = Demo(home, _free_port(args.port), cluster.url() if cluster else None)
    try:
        creds = demo.credentials()
        base = demo.start_command_centre()
        partners = demo.start_partners()
        ports = demo.start_simulators()
        config = demo.write_config(base, creds, ports)
        demo.kiosk_key(config, creds)
        phone_socket = demo.spawn_phone(config)
        demo.spawn("uploader", [PY, "-m", "offline_queue", "--config", str(config), "run"])
        sim_ctl = f"{PY} -m simulators ctl --dir {home / 'sim'}"
        print(f"""
Kiosk 110 demo is running (logs in {home}/).
  Operator inbox : {base}/   user {creds['operator']}  password {creds['password']}
  Centre's store : {cluster.url() if cluster else home / 'cc' / 'command_center.sqlite3'}
  Kiosk config   : {config}
  Lift handset   : {sim_ctl} lift
  Replace handset: {sim_ctl} replace
  Paper out      : {sim_ctl} paper-out on
  Printed tickets: {home / 'sim'}/
  Queue a report : echo '{{"category": "theft", "language": "en", "description": "My phone \
was taken"}}' | {PY} -m offline_queue --config {config} enqueue
  Outbox         : {PY} -m offline_queue --config {config} status
  Partner alerts : {partners}/alerts   (CAP 1.2 forwarded to Damkar, BPBD, ambulance)
""", flush=True)
        if args.exit_when_ready:
            return 0
        kiosk_cmd = [PY, "-m", "kiosk", "--config", str(config), "run", "--windowed"]
        phone_env = dict(os.environ, KIOSK110_PHONE_SOCKET=str(phone_socket))
        if has_display() and not args.headless:
            print("Opening the kiosk window. Close it or press Ctrl-C to stop.", flush=True)
            return demo.run_foreground(kiosk_cmd, phone_env)
        env = dict(phone_env, QT_QPA_PLATFORM="offscreen")
        if not args.no_screenshots:
            shots = home / "screenshots"
            print("No display here (DISPLAY/WAYLAND_DISPLAY unset): rendering every screen "
                  f"to {shots}/ instead.", flush=True)
            subprocess.call([PY, "-m", "devtools.kiosk_screens", str(shots)], cwd=ROOT, env=env)
        print("Starting the kiosk offscreen too, so the handset and reports work "
              "end to end. Ctrl-C stops everything.", flush=True)
        return demo.run_foreground(kiosk_cmd, env)
    except KeyboardInterrupt:
        return 0
    finally:
        demo.stop()
        if cluster is not None:
            cluster.stop()


def _start_cluster(home: Path) -> Cluster:
    from devtools.pgcluster import why_not
    problem = why_not()
    if problem:
        raise SystemExit(f"demo --postgres: {problem}")
    cluster = Cluster(directory=home / "pg")
    try:
        cluster.start()
    except RuntimeError as exc:
        raise SystemExit(f"demo --postgres: the cluster did not start: {exc}") from None
    return cluster


if __name__ == "__main__":
    sys.exit(main())
