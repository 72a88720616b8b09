"""The installed kiosk's processes, started the way its units start them: the command
line after `cage … --` in kiosk-ui.service's ExecStart (and the uploader's ExecStart),
with their Environment= lines, the unit's absolute paths moved under the install root.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from devtools.box.install import ROOT, Installed
from devtools.box.session import Session, wait_for
from devtools.kiosk_toml import Changes, Sections, kiosk_toml

UI_UNIT = ROOT / "systemd/kiosk-ui.service"
UPLOADER_UNIT = ROOT / "systemd/kiosk-uploader.service"
HOME_PAINTED = '"event": "ui.home_painted"'   # kiosk.app.HOME_PAINTED, as logged
# Off in the unit, on here: the deployed tests find controls through AT-SPI.
ACCESSIBILITY = {"QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}


def _service_lines(unit: Path, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in unit.read_text().splitlines()
            if line.startswith(f"{key}=")]


def ui_command(root: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """(cage's flags, the app's argv, the unit's environment), paths under `root`."""
    argv = shlex.split(_service_lines(UI_UNIT, "ExecStart")[-1])
    cage = argv.index("/usr/bin/cage")
    dashes = argv.index("--")
    flags = argv[cage + 1:dashes]
    app = [_under(root, a) for a in argv[dashes + 1:]]
    env = dict(e.split("=", 1) for e in _service_lines(UI_UNIT, "Environment"))
    env.pop("XDG_CACHE_HOME", None)   # the unit's CacheDirectory=; ours is in the session
    return flags, app, env


def uploader_command(root: Path) -> list[str]:
    return [_under(root, a) for a in shlex.split(_service_lines(UPLOADER_UNIT, "ExecStart")[-1])]


def _under(root: Path, arg: str) -> str:
    return str(root / arg.lstrip("/")) if arg.startswith(("/opt/", "/etc/")) else arg


@dataclass
class Services:
    """What the kiosk talks to: a command centre on 127.0.0.1 and a printer simulator."""
    server_url: str = "http://127.0.0.1:9/api/v1"   # nothing listens: the outbox keeps it
    token: str = "deployed-test-token"   # noqa: S105 - a test token, not a secret
    printer_port: str | None = None
    # The centre's public key (PEM) to seal reports to; None: a throw-away one (the
    # reports then stay sealed to a key no centre has, which is fine where nothing
    # listens).
    centre_key: Path | None = None


def _sealing(root: Path, services: Services, gid: int) -> Changes:
    """The kiosk's keys under /etc/kiosk110, as an install leaves them: the centre's
    public key and this kiosk's signing key (root:<group> 0640), its public half beside
    it (signing.key.pub) for `add-kiosk-key`."""
    from devtools.devkeys import write_dev_keys
    from wire.keys import new_signing_key, private_pem, public_pem, write_new
    etc = root / "etc/kiosk110"
    etc.mkdir(parents=True, exist_ok=True)
    etc.chmod(0o755)   # whatever the umask: the user must reach its config
    centre = etc / "centre.pub"
    source = services.centre_key or write_dev_keys(etc / "dev-centre")[0]
    centre.unlink(missing_ok=True)
    write_new(centre, source.read_bytes(), 0o644)
    signing = etc / "signing.key"
    if not signing.exists():
        key = new_signing_key()
        write_new(signing, private_pem(key.key), 0o640)
        signing.with_name("signing.key.pub").unlink(missing_ok=True)
        write_new(signing.with_name("signing.key.pub"), public_pem(key.key.public_key()),
                  0o644)
    os.chown(signing, 0, gid)
    return {"centre_key": centre, "signing_key": signing}


def configure(installed: Installed, session: Session, services: Services) -> Path:
    """Write the installed /etc/kiosk110/kiosk.toml for this run, readable by the user
    (root:<user's group> 0640, as the real one is root:kiosk110), and its data dir."""
    root = installed.root
    data = root / "var/lib/kiosk110"
    data.mkdir(parents=True, exist_ok=True)
    os.chown(data, session.user.uid, session.user.gid)
    data.chmod(0o2770)
    printer = (Sections(printer={"port": services.printer_port, "baudrate": 115200,
                                 "status_url": "http://127.0.0.1/t/"})
               if services.printer_port else Sections())
    toml = kiosk_toml(url=services.server_url, token=services.token, data_dir=data,
                      kiosk_id="deployed-test-01",
                      header="Written by devtools/box for a deployed test run.")
    config = toml.changed(
        server={"timeout_s": 5.0}, sealing=_sealing(root, services, session.user.gid),
        uploader={"heartbeat_s": 60.0, "backoff_base_s": 0.5, "backoff_cap_s": 2.0},
        speech={"enabled": False}).changed(printer).write(
        root / "etc/kiosk110/kiosk.toml")
    for path in (config.parent, config):
        os.chown(path, 0, session.user.gid)
    config.chmod(0o640)
    return config


def home_painted(session: Session, log: str) -> bool:
    return HOME_PAINTED in session.log(log)


def wait_home_painted(session: Session, log: str, proc_alive: object = None,
                      timeout: float = 90.0) -> None:
    wait_for(lambda: home_painted(session, log), f"the home screen to paint ({log}.log)",
             timeout, every=0.05)


def dev_python() -> str:
    """The development venv's Python, for the parts that are not the kiosk (the centre)."""
    return sys.executable
