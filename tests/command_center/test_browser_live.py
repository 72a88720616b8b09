"""The live inbox in a real headless browser (Debian's chromium via Playwright): a new
emergency appears without a reload, its alert shows and its sound plays until an
operator acknowledges it; the page is in Indonesian; a banner says when updates are
paused because the centre is gone, and goes when it is back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from command_center.app import create_app
from command_center.server import BackgroundServer, bind
from command_center.settings import Settings

from .conftest import OPERATOR, OPERATOR_PASSWORD, Service, make_report, start_service
from .test_browser import ARGS, CHROMIUM, chromium

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
# Sound without a click first: the test stands for an operator who has used the page.
LIVE_ARGS = [*ARGS, "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium(LIVE_ARGS) as b:
        yield b


def signed_in(browser: Browser, service: Service) -> Page:
    page = browser.new_context().new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{service.url}/inbox")
    page.get_by_label("Nama pengguna").fill(OPERATOR)
    page.get_by_label("Kata sandi").fill(OPERATOR_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Laporan")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-live", "on")
    # Survives only while the page is never reloaded or left.
    page.evaluate("window.noReload = true")
    return page


def test_a_new_emergency_appears_alarms_and_clears_when_acknowledged(
        service: Service, browser: Browser) -> None:
    expect.set_options(timeout=20_000)
    page = signed_in(browser, service)
    assert page.locator("html").get_attribute("lang") == "id"
    expect(page.locator("#alert")).to_be_hidden()

    fire = make_report(category="fire", description="Asap tebal di peron 2")
    assert service.post_report(fire).status_code == 201
    row = page.locator(f'tr[data-id="{fire.id}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Kebakaran")
    expect(row).to_contain_text("Asap tebal di peron 2")   # the one-line preview
    expect(row.locator("td.age")).to_have_class("age age-ok")
    alert = page.locator("#alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("DARURAT")
    expect(alert).to_contain_text(row.get_attribute("data-ticket") or "?")
    expect(page.locator("body")).not_to_have_attribute("data-sounds-played", "0")
    assert int(page.locator("body").get_attribute("data-sounds-played") or 0) >= 1
    assert page.evaluate("window.noReload") is True

    row.get_by_role("button", name="Terima").click()   # the primary action, first
    expect(alert).to_be_hidden()
    expect(row).to_contain_text("diterima operator")
    stored = service.store.report(fire.id)
    assert stored is not None and stored.status.value == "acknowledged"
    assert page.evaluate("window.noReload") is True


def test_a_banner_says_updates_are_paused_while_the_centre_is_gone(tmp_path: Path,
                                                                   browser: Browser) -> None:
    expect.set_options(timeout=20_000)
    server, service = start_service(tmp_path / "cc", live_retry_s=0.3)
    try:
        page = signed_in(browser, service)
        banner = page.locator("#live-banner")
        expect(banner).to_be_hidden()
        host, port = server.url.rsplit("//", 1)[1].split(":")
        server.stop()
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Pembaruan terhenti")
        # Back on the same address, same database: the page reconnects by itself and
        # fetches what came in meanwhile.
        missed = make_report(category="medical", description="Pingsan")
        app = create_app(Settings(data_dir=tmp_path / "cc", live_retry_s=0.3), service.store)
        server = BackgroundServer(app, sock=bind(host, int(port))).start()
        assert service.post_report(missed).status_code == 201
        expect(banner).to_be_hidden()
        expect(page.locator(f'tr[data-id="{missed.id}"]')).to_be_visible()
        assert page.evaluate("window.noReload") is True
    finally:
        server.stop()
        service.store.close()


def test_one_tab_too_many_is_told_so(tmp_path: Path, browser: Browser) -> None:
    expect.set_options(timeout=20_000)
    server, service = start_service(tmp_path / "cc", live_streams_per_operator=1)
    try:
        first = signed_in(browser, service)
        second = first.context.new_page()   # the same operator's session
        second.goto(f"{service.url}/inbox")
        banner = second.locator("#live-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("terlalu banyak halaman kotak masuk terbuka")
        expect(first.locator("#live-banner")).to_be_hidden()
        first.close()   # its stream ends: the second page gets one
        expect(banner).to_be_hidden()
    finally:
        server.stop()
        service.store.close()


def test_the_polda_operator_sees_an_escalated_emergency_arrive_and_alarm(
        tmp_path: Path, browser: Browser) -> None:
    """Issue 15: nobody at Polres Jakarta Selatan acknowledges an emergency within its
    deadline; it escalates, and the Polda operator's open inbox shows it and sounds the
    alarm without a reload."""
    from command_center.network import Member, Role, Rule
    from command_center.routing import demo_units_file, load_units, read_units_file
    from wire.categories import Priority

    from .conftest import KIOSK_B

    expect.set_options(timeout=20_000)
    server, service = start_service(tmp_path / "cc", escalation_poll_s=0.25)
    try:
        store = service.store
        load_units(store, *read_units_file(demo_units_file()))
        store.assign_kiosk(KIOSK_B.id, "polres-jaksel")
        store.put_rule(Rule("polres-jaksel", Priority.EMERGENCY, 2.0))
        store.set_member(Member(OPERATOR, "polda-metro-jaya", Role.OPERATOR))
        page = signed_in(browser, service)
        fire = make_report(KIOSK_B, category="fire", description="Asap di peron Blok M")
        posted = time.monotonic()
        assert service.post_report(fire, KIOSK_B.id).status_code == 201
        row = page.locator(f'tr[data-id="{fire.id}"]')
        # Still the Polres' for its first 2 s: not on the Polda's list yet.
        route = store.route(fire.id)
        assert route is not None and route.unit_id == "polres-jaksel"
        expect(row).to_be_visible()   # after the deadline, pushed
        assert time.monotonic() - posted >= 2.0
        route = store.route(fire.id)
        assert route is not None and route.unit_id == "polda-metro-jaya"
        expect(page.locator("#alert")).to_be_visible()
        expect(page.locator("#alert")).to_contain_text("DARURAT")
        assert int(page.locator("body").get_attribute("data-sounds-played") or 0) >= 1
        assert page.evaluate("window.noReload") is True
    finally:
        server.stop()
        service.store.close()
