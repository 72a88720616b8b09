"""The command centre's deployment files: the systemd unit verifies cleanly, is
sandboxed like the kiosk's units, and its descriptor limit fits the front's limits;
the shipped nginx site passes `nginx -t` with the two included files."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from command_center.settings import Settings
from tests.systemd.units import read_unit

from .front import NGINX, NGINX_DIR, WORKER_CONNECTIONS, WORKER_PROCESSES, make_certificate

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "deploy" / "systemd" / "kiosk110-cc.service"
APP_PYTHON = "/opt/kiosk110/venv/bin/python"
needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                   reason="systemd-analyze missing: run scripts/setup")


def service(key: str) -> list[str]:
    return [v for k, v in read_unit(UNIT)["Service"] if k == key]


def exec_start() -> list[str]:
    return shlex.split(service("ExecStart")[0])


def option(argv: list[str], name: str) -> str:
    for n, arg in enumerate(argv):
        if arg == name:
            return argv[n + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"{name} not in ExecStart")


@needs_systemd
def test_the_unit_verifies_and_its_exposure_is_low(tmp_path: Path) -> None:
    copy = tmp_path / UNIT.name
    copy.write_text(UNIT.read_text().replace(APP_PYTHON, sys.executable))
    verify = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, check=False)
    assert verify.returncode == 0 and not (verify.stdout + verify.stderr).strip(), \
        verify.stdout + verify.stderr
    security = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager",
                               str(UNIT)], capture_output=True, text=True, timeout=60,
                              cwd=tmp_path, check=False)
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", security.stdout)
    assert found, security.stdout + security.stderr
    print(f"{UNIT.name}: exposure {found.group(1)} (target <= 2.0)")
    assert float(found.group(1)) <= 2.0


def test_the_unit_runs_as_its_own_user_private_behind_the_front() -> None:
    assert service("User") == ["kiosk110-cc"] and service("UMask") == ["0077"]
    assert service("StateDirectoryMode") == ["0700"]
    argv = exec_start()
    assert argv[:3] == [APP_PYTHON, "-m", "command_center"]
    assert option(argv, "--host") == "127.0.0.1"
    assert option(argv, "--trusted-proxy") == "127.0.0.1"
    assert option(argv, "--secure-cookies") == "yes"
    assert option(argv, "--public-url") == "${CC_PUBLIC_URL}"
    assert option(argv, "--data-dir") == "/var/lib/kiosk110-cc"


def test_the_descriptor_limit_matches_the_fronts_limits() -> None:
    limit = int(service("LimitNOFILE")[0])
    argv = exec_start()
    max_connections = int(option(argv, "--max-connections"))
    # nginx opens at most one upstream connection per client connection, and each
    # worker splits its worker_connections between the two.
    upstream_most = WORKER_PROCESSES * WORKER_CONNECTIONS // 2
    assert max_connections >= upstream_most, "the app would close the front's connections"
    assert limit >= max_connections + 1024, "no room for the database, logs and threads"
    assert Settings(Path()).max_connections == max_connections
    site = (NGINX_DIR / "kiosk110-cc.conf").read_text()
    assert "127.0.0.1:8110" in site and option(argv, "--port") == "8110"


def test_the_shipped_site_passes_nginx_t(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    site = (NGINX_DIR / "kiosk110-cc.conf").read_text()
    site = (site.replace("/etc/nginx/kiosk110-cc-server.conf",
                         str(NGINX_DIR / "kiosk110-cc-server.conf"))
            .replace("/etc/ssl/kiosk110-cc/fullchain.pem", str(cert))
            .replace("/etc/ssl/kiosk110-cc/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    temp = "\n".join(f"{kind}_temp_path {tmp_path / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
                    f"events {{ worker_connections {WORKER_CONNECTIONS}; }}\n"
                    f"http {{ {temp}\n include {NGINX_DIR / 'kiosk110-cc-http.conf'};\n"
                    f" include {tmp_path / 'site.conf'}; }}\n")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
                           str(tmp_path / "error.log")], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "warn" not in done.stderr, done.stderr
