"""The production front for tests: Debian's nginx with the repo's own config files
(deploy/nginx/kiosk110-cc-http.conf and -server.conf, included verbatim), TLS with a
throw-away self-signed certificate, in front of a real command centre.

nginx runs as a child of the test (`daemon off`), on 127.0.0.1 and a free port, with
its own prefix, pid file, temp and log paths under the test's temp dir: never the
system's nginx service. Only the site part (listen, certificate, upstream address) is
written here; it mirrors deploy/nginx/kiosk110-cc.conf.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NGINX_DIR = REPO / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The main-context values docs/deploy.md asks for in /etc/nginx/nginx.conf.
WORKER_PROCESSES = 2
WORKER_CONNECTIONS = 4096
WORKER_RLIMIT_NOFILE = 16384


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed P-256 certificate for 127.0.0.1, valid for a day."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(prefix: Path, port: int, upstream: str, cert: Path, key: Path) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}daemon off;
worker_processes {WORKER_PROCESSES};
worker_rlimit_nofile {WORKER_RLIMIT_NOFILE};
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections {WORKER_CONNECTIONS}; }}
http {{
{temp}
    include {NGINX_DIR / "kiosk110-cc-http.conf"};
    upstream kiosk110_cc {{ server {upstream}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name 127.0.0.1;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        access_log {prefix / "access.log"} kiosk110_cc;
        include {NGINX_DIR / "kiosk110-cc-server.conf"};
    }}
}}
"""


class Front:
    """`with Front(tmp, "127.0.0.1:8110") as front:` — `front.url` is https://…"""

    def __init__(self, directory: Path, upstream: str) -> None:
        self.prefix = directory / "nginx"
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.cert, self.key = make_certificate(self.prefix)
        self.upstream = upstream
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def start(self) -> Front:
        for _ in range(5):   # another test may take the free port first: try another
            self.port = free_port()
            conf = self.prefix / "nginx.conf"
            conf.write_text(nginx_conf(self.prefix, self.port, self.upstream, self.cert,
                                       self.key), encoding="utf-8")
            self.proc = subprocess.Popen([NGINX, "-p", str(self.prefix), "-c", str(conf),
                                          "-e", str(self.prefix / "error.log")],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_ready(15.0):
                return self
            self.stop()
        raise RuntimeError("nginx did not start: " + self.errors())

    def _wait_ready(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def errors(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)   # fast shutdown of master and workers
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        self.proc = None

    def __enter__(self) -> Front:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
