"""`python -m devtools.centre_screens DIR`: seed a throw-away command centre with
sample reports, heartbeats and events through the real API, then photograph the
sign-in page, the live inbox (with its emergency alert), a report's detail, the fleet
board and the export page at 1366×768 and 1920×1080 in Indonesian, the inbox in
English (live, then paused when the centre stops), and the public ticket page in
headless chromium (`DIR/cc-*.png`). Needs the dev extras (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from command_center.app import create_app
from command_center.model import Action, Place
from command_center.server import BackgroundServer
from command_center.settings import Settings
from command_center.sqlite import SqliteStore as Store
from command_center.store import Store as AnyStore
from wire.report import WIB, Event, Incident, KioskInfo, Report, Reporter

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required"]
SIZES = ((1366, 768), (1920, 1080))   # the operators' screens
KIOSKS = (KioskInfo("mrt-bundaran-hi-01", "MRT Bundaran HI", -6.19324, 106.82303),
          KioskInfo("mrt-blok-m-02", "MRT Blok M BCA", -6.24440, 106.79812),
          KioskInfo("tj-harmoni-01", "Halte Transjakarta Harmoni", -6.16553, 106.82063))
# (kiosk index, category, minutes ago, description, with reporter)
SAMPLES = (
    (1, "theft", 42, "HP saya dicopet di eskalator menuju peron.", True),
    (2, "lost_item", 35, "Dompet hitam tertinggal di bangku halte.", False),
    (0, "harassment", 20, "Seorang pria mengikuti dan mengganggu saya sejak Dukuh Atas.",
     True),
    (2, "information", 12, "Bagaimana cara melapor kehilangan KTP?", False),
    (0, "medical", 3, "Seorang ibu pingsan di peron arah Lebak Bulus.", False),
    (1, "fire", 1, "Asap keluar dari panel listrik dekat pintu masuk B.", False),
)


def seed(url: str, store: AnyStore, operator: str) -> Report:
    """Fill a fresh command centre; returns the report to show in detail."""
    tokens = {k.id: store.add_kiosk(k.id, Place(k.station, k.lat, k.lon)) for k in KIOSKS}
    now = datetime.now(WIB)
    reports = []
    for index, category, minutes, text, personal in SAMPLES:
        kiosk = KIOSKS[index]
        reporter = (Reporter("Dewi Lestari", "081298765432", "3174054506920002") if personal
                    else Reporter())
        report = Report.create(kiosk=kiosk, category=category, language="id",
                               description=text, reporter=reporter,
                               incident=Incident("at_kiosk", "now"),
                               lost_items=("wallet",) if category == "lost_item" else (),
                               now=now - timedelta(minutes=minutes))
        _post(f"{url}/api/v1/reports", tokens[kiosk.id], report.to_json_bytes())
        reports.append(report)
    # A kiosk whose clock runs a day fast: accepted, flagged, ordered by our clock.
    skewed = Report.create(kiosk=KIOSKS[2], category="theft", language="id",
                           description="Tas hilang di bus koridor 1.",
                           now=now + timedelta(days=1))
    _post(f"{url}/api/v1/reports", tokens[KIOSKS[2].id], skewed.to_json_bytes())
    store.act(reports[0].id, Action.ACKNOWLEDGE, operator)
    store.act(reports[0].id, Action.MARK_VALID, operator, "CCTV confirms")
    store.act(reports[0].id, Action.DISPATCH, operator, "Unit Polsek Kebayoran Baru")
    store.act(reports[1].id, Action.CLOSE, operator, "picked up by owner")
    store.act(reports[3].id, Action.MARK_INVALID, operator)
    _heartbeats(url, tokens)
    for kiosk, kind in ((KIOSKS[1], "maintenance.entered"), (KIOSKS[2], "maintenance.lockout"),
                        (KIOSKS[0], "call.started")):
        event = Event.create(kiosk=kiosk, type=kind, data={})
        _post(f"{url}/api/v1/events", tokens[kiosk.id], event.to_json_bytes())
    return reports[0]


def _heartbeats(url: str, tokens: dict[str, str]) -> None:
    printer_ok = {"name": "printer", "level": "ok", "reason": "ready",
                  "details": {"paper": "ok"}}
    printer_out = {"name": "printer", "level": "fail", "reason": "paper out",
                   "details": {"paper": "out"}}
    modem = {"name": "modem", "level": "ok", "reason": "registered", "details": {"csq": 18}}
    beats: dict[str, dict[str, Any]] = {
        KIOSKS[0].id: {"queue": {"pending": 0, "failed": 0, "oldest_pending_s": None},
                       "devices": [printer_ok, modem]},
        KIOSKS[1].id: {"queue": {"pending": 4, "failed": 1, "oldest_pending_s": 312.0},
                       "devices": [printer_out, modem]},
    }  # the third kiosk sends none: "no heartbeat ever received"
    for kiosk_id, beat in beats.items():
        body = {"kiosk_id": kiosk_id, "sent_at": datetime.now(WIB).isoformat(),
                "app_version": "0.1.0", "uplink": {"last_success": None, "last_error": None},
                **beat}
        requests.post(f"{url}/api/v1/kiosks/{kiosk_id}/heartbeat", json=body, timeout=30,
                      headers={"Authorization": f"Bearer {tokens[kiosk_id]}"}
                      ).raise_for_status()


def _post(url: str, token: str, body: bytes) -> None:
    requests.post(url, data=body, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                  ).raise_for_status()


def take(out_dir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        store.add_operator("siti", "demo-password")
        app = create_app(Settings(data_dir=Path(tmp)), store)
        with BackgroundServer(app) as server, sync_playwright() as p:
            shown = seed(server.url, store, "siti")
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            written = []
            for width, height in SIZES:
                suffix = "" if width == SIZES[0][0] else f"-{width}"
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{server.url}/login")
                if not suffix:
                    written.append(_shot(page, out_dir / "cc-login.png"))
                page.get_by_label("Nama pengguna").fill("siti")
                page.get_by_label("Kata sandi").fill("demo-password")
                page.get_by_role("button", name="Masuk").click()
                page.wait_for_url("**/inbox")
                page.wait_for_selector("body[data-live='on']")
                written.append(_shot(page, out_dir / f"cc-inbox{suffix}.png"))
                for name, path in (("cc-detail", f"/reports/{shown.id}"),
                                   ("cc-fleet", "/fleet"), ("cc-export", "/export")):
                    page.goto(server.url + path)
                    written.append(_shot(page, out_dir / f"{name}{suffix}.png"))
                page.close()
            english = browser.new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
            english.goto(f"{server.url}/lang/en?next=/login")
            english.get_by_label("Username").fill("siti")
            english.get_by_label("Password").fill("demo-password")
            english.get_by_role("button", name="Sign in").click()
            english.wait_for_selector("body[data-live='on']")
            written.append(_shot(english, out_dir / "cc-inbox-en.png"))
            phone = browser.new_page(viewport={"width": 412, "height": 760})
            phone.goto(f"{server.url}/t/{store.report(shown.id).ticket}")  # type: ignore[union-attr]
            written.append(_shot(phone, out_dir / "cc-ticket.png"))
            # The centre goes away: the operator's page says its updates are paused.
            server.stop()
            english.wait_for_selector("#live-banner:not([hidden])")
            written.append(_shot(english, out_dir / "cc-inbox-paused-en.png"))
            browser.close()
        store.close()
    return written


def _shot(page: Any, path: Path) -> Path:
    page.screenshot(path=str(path), full_page=True)
    return path


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path("docs/screenshots")
    for path in take(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
