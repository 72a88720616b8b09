"""The inbox in a real headless browser (Debian's chromium driven by Playwright):
an operator signs in, a report posted to the API appears in the list, the operator
acknowledges it, and the public ticket page shows the new status."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from wire.ticket import ticket_code

from .conftest import OPERATOR, OPERATOR_PASSWORD, Service, make_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


@contextmanager
def chromium(args: list[str]) -> Iterator[Browser]:
    """Debian's chromium, headless, for one test."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield browser
        browser.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium(ARGS) as b:
        yield b


def test_an_operator_sees_a_new_report_and_acknowledges_it(service: Service,
                                                           browser: Browser) -> None:
    expect.set_options(timeout=30_000)  # generous: 2 shared cores
    page = browser.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{service.url}/inbox")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Nama pengguna").fill(OPERATOR)   # Indonesian first
    page.get_by_label("Kata sandi").fill(OPERATOR_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Laporan")).to_be_visible()

    report = make_report(category="crime_in_progress", description="Copet di peron 2")
    status_url = service.post_report(report).json()["status_url"]
    ticket = ticket_code(report.id)
    # The list updates itself: no reload from the test.
    row = page.locator(f'tr[data-id="{report.id}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Kejahatan sedang terjadi")
    expect(row).to_contain_text("MRT Bundaran HI")
    expect(row).to_contain_text("baru")   # received

    row.get_by_role("link", name=ticket).click()
    expect(page.locator("dd.description")).to_have_text("Copet di peron 2")
    page.get_by_role("button", name="Terima").click()
    expect(page.locator(".lead .status")).to_have_text("diterima operator")
    expect(page.get_by_role("cell", name=OPERATOR)).to_be_visible()

    public = browser.new_page()  # a passer-by's phone: no session
    public.goto(status_url)
    expect(public.get_by_text("An operator has received your report")).to_be_visible()
    expect(public.get_by_text("Copet di peron 2")).to_have_count(0)
