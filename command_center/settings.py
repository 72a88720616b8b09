"""How one command-centre instance runs, declared once: the command line is generated
from these fields (`__main__`), each with its type, default and a one-line description.

The defaults suit a single-site centre behind the nginx front in `deploy/nginx/`; every
limit also holds without the front (a centre may be deployed without our nginx).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from command_center.db import Synchronous


def _meta(help: str, flag: str | None = None) -> dict[str, Any]:
    """A setting's command-line help; `flag` overrides the derived option name."""
    return {"help": help, "flag": flag}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    synchronous: Synchronous = field(default="full", metadata=_meta(
        "SQLite durability: full fsyncs every acknowledged write (docs/api.md, "
        "Durability)"))
    database_url: str | None = field(default=None, metadata=_meta(
        "where the centre keeps everything: a PostgreSQL URL (postgresql://user@host/db, "
        "the national engine, docs/national.md; a password belongs in ~/.pgpass or "
        "PGPASSFILE, not here). Without it: the SQLite file in the data dir",
        flag="--database"))
    public_url: str | None = field(default=None, metadata=_meta(
        "the public base URL, e.g. https://cc.example: used for ticket links and the "
        "sign-in origin check. Without it: the address this process listens on (never the "
        "request's Host header)"))
    trusted_proxies: tuple[str, ...] = field(default=(), metadata=_meta(
        "address of a reverse proxy whose X-Forwarded-For/-Proto are believed "
        "(repeatable; e.g. 127.0.0.1 behind the nginx front)", flag="--trusted-proxy"))
    secure_cookies: bool | None = field(default=None, metadata=_meta(
        "mark the session cookie Secure: yes, no, or auto (when the request came over "
        "https)"))
    heartbeat_interval_s: float = field(default=60.0, metadata=_meta(
        "the kiosks' [uploader] heartbeat_s; 3 missed raise an alarm", flag="--heartbeat-interval"))
    # -- connections (server.GuardedProtocol) ---------------------------------------
    header_timeout_s: float = field(default=10.0, metadata=_meta(
        "seconds a client has to send a request's headers (from its first byte, or from "
        "connecting)", flag="--header-timeout"))
    body_timeout_s: float = field(default=20.0, metadata=_meta(
        "seconds a client has to send a request's body once its headers are in",
        flag="--body-timeout"))
    keepalive_timeout_s: float = field(default=30.0, metadata=_meta(
        "seconds an idle keep-alive connection is kept", flag="--keepalive-timeout"))
    max_connections: int = field(default=4096, metadata=_meta(
        "open connections at most; more are closed at once (keep below the unit's "
        "LimitNOFILE)"))
    max_connections_per_client: int = field(default=64, metadata=_meta(
        "open connections per client address at most (trusted proxies exempt: the front "
        "limits its own clients)"))
    # -- what one kiosk token may do -------------------------------------------------
    kiosk_rate_per_s: float = field(default=20.0, metadata=_meta(
        "sustained kiosk API requests per second per token; more are answered 429 + "
        "Retry-After", flag="--kiosk-rate"))
    kiosk_burst: int = field(default=200, metadata=_meta(
        "kiosk API requests a token may make at once before its rate applies"))
    lookup_per_kiosk_per_min: float = field(default=12.0, metadata=_meta(
        "report-status lookups by code (Cek laporan) per kiosk per minute; more are "
        "answered 429 + Retry-After (a code is short: this bounds guessing)",
        flag="--lookup-rate"))
    kiosk_quota_mib: float = field(default=64.0, metadata=_meta(
        "MiB of reports and events one kiosk may store per 24 hours; beyond it 429 + "
        "Retry-After"))
    flood_reports: int = field(default=20, metadata=_meta(
        "reports from one kiosk within flood_window_s above which its further reports are "
        "flagged as a flood"))
    flood_window_s: float = field(default=600.0, metadata=_meta(
        "the window of --flood-reports, in seconds"))
    clock_skew_s: float = field(default=300.0, metadata=_meta(
        "a kiosk time further ahead of ours than this is flagged clock_skew (never "
        "refused)"))
    place_tolerance_m: float = field(default=150.0, metadata=_meta(
        "metres: a report's coordinates further than this from its kiosk's registered "
        "place are flagged", flag="--place-tolerance"))
    # -- operators -------------------------------------------------------------------
    session_idle_s: float = field(default=1800.0, metadata=_meta(
        "an operator's session ends after this many seconds without a request",
        flag="--session-idle"))
    session_ttl_s: float = field(default=12 * 3600.0, metadata=_meta(
        "an operator's session ends this long after sign-in, however busy", flag="--session-ttl"))
    inbox_refresh_s: int = field(default=5, metadata=_meta(
        "seconds between inbox reloads in a browser without scripts (others update "
        "live)"))
    inbox_page_size: int = field(default=50, metadata=_meta(
        "reports per inbox page"))
    ui_language: str = field(default="id", metadata=_meta(
        "the operator pages' language unless an operator chose another: id or en"))
    live_heartbeat_s: float = field(default=15.0, metadata=_meta(
        "seconds between keep-alive comments on a live inbox stream (and session "
        "re-checks)", flag="--live-heartbeat"))
    live_retry_s: float = field(default=2.0, metadata=_meta(
        "seconds a browser waits before reconnecting a lost live inbox stream",
        flag="--live-retry"))
    live_stream_max_s: float = field(default=300.0, metadata=_meta(
        "seconds a live inbox stream lasts before the browser reconnects (bounds a "
        "forgotten tab)", flag="--live-stream-max"))
    live_streams_per_operator: int = field(default=6, metadata=_meta(
        "live inbox streams one operator may hold open; more are answered 429"))
    live_streams_total: int = field(default=500, metadata=_meta(
        "live inbox streams open at most in this process; more are answered 429"))
    # -- the public ticket page --------------------------------------------------------
    ticket_per_client_per_min: float = field(default=30.0, metadata=_meta(
        "public ticket lookups per client address per minute", flag="--ticket-rate-per-client"))
    ticket_global_per_s: float = field(default=10.0, metadata=_meta(
        "public ticket lookups per second from everyone together (the enumeration bound)",
        flag="--ticket-rate"))

    # -- keys and CAP (issue 16) -------------------------------------------------------
    keys_dir: str | None = field(default=None, metadata=_meta(
        "directory of the centre's keys (centre key pairs, kiosks' signing keys, the "
        "at-rest key; docs/deploy.md, Keys). Default: <data-dir>/keys"))
    forward_poll_s: float = field(default=0.5, metadata=_meta(
        "seconds between the CAP forwarder's looks for reports to forward to partner "
        "agencies (0: no forwarding in this process)", flag="--forward-poll"))
    forward_backoff_cap_s: float = field(default=300.0, metadata=_meta(
        "longest wait before the CAP forwarder tries a partner again (a Retry-After is "
        "honoured up to this)", flag="--forward-backoff-cap"))
    cap_sender_prefix: str = field(default="urn:kiosk110:", metadata=_meta(
        "URI prefix of CAP senders: kiosks are <prefix>kiosk:<id>, the centre "
        "<prefix>centre"))

    # -- the 110 network (issue 15) ------------------------------------------------------
    escalation_poll_s: float = field(default=0.25, metadata=_meta(
        "seconds between the escalation sweeper's looks for items not acknowledged by "
        "their deadline (0: no sweeper in this process)", flag="--escalation-poll"))

    @property
    def keys_path(self) -> Path:
        return Path(self.keys_dir) if self.keys_dir else self.data_dir / "keys"

    @property
    def kiosk_quota_bytes(self) -> int:
        return int(self.kiosk_quota_mib * 1024 * 1024)


def option_fields() -> list[Any]:
    """The settings offered on the command line (all but data_dir)."""
    return [f for f in fields(Settings) if f.name != "data_dir"]
