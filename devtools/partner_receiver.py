"""A reference partner receiver: what a Damkar, BPBD or ambulance system must do to take
CAP 1.2 alerts from the 110 centre (docs/api.md, "Partner agencies").

    python -m devtools.partner_receiver --dir D [--port 0] [--token T]
        [--fail-first N] [--crash-after-store N]

`POST /<partner>/cap` with `Content-Type: application/cap+xml`: the alert is checked
(the OASIS XSD and our rules), stored durably (SQLite, synchronous=FULL) keyed by its
CAP identifier, and answered `201 {"identifier": …}` — or `200` with the same echo for
an identifier it already has with the same bytes (a repeat), `409` for other bytes
under a known identifier, `400` for an invalid alert, `401` without the token. So a
sender that retries until it sees its identifier echoed delivers exactly once.
`GET /alerts` lists what was stored. The first line on stdout is
`partner receiver listening on http://HOST:PORT/`.

Faults for the tests and the demo: `--fail-first N` answers the first N posts 503
(Retry-After: 0); `--crash-after-store N` exits (without answering) right after
storing the N-th new alert — the answer is lost, the alert is not.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from command_center import cap_check

MAX_BODY = 256 * 1024
NS = "{urn:oasis:names:tc:emergency:cap:1.2}"


class Receiver:
    def __init__(self, directory: Path, token: str | None, fail_first: int,
                 crash_after_store: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "partner.sqlite3"
        self.token = token
        self.fail_left = fail_first
        self.crash_after = crash_after_store
        self.stored = 0
        self.lock = threading.Lock()
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS alerts (identifier TEXT PRIMARY KEY, "
                         "partner TEXT NOT NULL, msg_type TEXT NOT NULL, received_at REAL "
                         "NOT NULL, xml BLOB NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def take(self, partner: str, xml: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if self.fail_left > 0:
                self.fail_left -= 1
                return 503, {"error": "busy (injected)"}
        if found := cap_check.problems(xml):
            return 400, {"error": "not a valid CAP 1.2 alert", "reasons": found[:5]}
        from lxml import etree
        root = etree.fromstring(xml)
        identifier = root.findtext(NS + "identifier") or ""
        msg_type = root.findtext(NS + "msgType") or ""
        with self.lock, self._connect() as conn:
            cur = conn.execute("INSERT INTO alerts VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                               (identifier, partner, msg_type, time.time(), xml))
            if cur.rowcount == 0:
                (old,) = conn.execute("SELECT xml FROM alerts WHERE identifier=?",
                                      (identifier,)).fetchone()
                if bytes(old) != xml:
                    return 409, {"error": "this identifier is stored with other content"}
                return 200, {"identifier": identifier, "repeat": True}
            conn.commit()
            self.stored += 1
            if self.crash_after and self.stored >= self.crash_after:
                os._exit(3)   # stored, never answered: the sender must try again
        return 201, {"identifier": identifier}

    def alerts(self) -> list[dict[str, Any]]:
        with self._connect() as conn:
            return [{"identifier": i, "partner": p, "msg_type": m, "received_at": t}
                    for i, p, m, t in conn.execute(
                        "SELECT identifier, partner, msg_type, received_at FROM alerts "
                        "ORDER BY rowid")]


def handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any] | list[Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 503:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/alerts":
                self._answer(200, receiver.alerts())
            else:
                self._answer(404, {"error": "no such path"})

        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) != 2 or parts[1] != "cap":
                self._answer(404, {"error": "POST /<partner>/cap"})
                return
            if receiver.token and self.headers.get("Authorization") != \
                    f"Bearer {receiver.token}":
                self._answer(401, {"error": "missing or wrong token"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._answer(400, {"error": "too large"})
                return
            status, body = receiver.take(parts[0], self.rfile.read(length))
            self._answer(status, body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.partner_receiver",
                                     description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--crash-after-store", type=int, default=0)
    args = parser.parse_args(argv)
    receiver = Receiver(args.dir, args.token, args.fail_first, args.crash_after_store)
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer((args.host, args.port), handler(receiver))
    port = server.server_address[1]
    print(f"partner receiver listening on http://{args.host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
