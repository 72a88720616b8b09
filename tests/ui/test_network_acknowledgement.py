"""The kiosk's side of the 110 network, end to end: a report filed on the kiosk's
screens (offscreen Qt) at MRT Blok M goes through the real outbox and uploader to a
real centre, lands in Polres Jakarta Selatan, escalates to Polda Metro Jaya at its
2 s deadline, is transferred back down and acknowledged there — and the done screen
shows and speaks (espeak, to WAV files) that a police operator has it."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from command_center.network import Rule
from core.config import Config, SpeechSection
from core.flow import PrintState, Screen
from hardware import speech
from kiosk.app import build, build_devices
from offline_queue.outbox import Outbox
from offline_queue.uploader import Uploader
from tests.command_center.test_network_e2e import (  # noqa: F401 (fixtures)
    BLOK_M,
    JAKSEL,
    POLDA,
    Centre,
    centre,
    engine,
    find,
)
from tests.kiosk.flow_support import submit_report
from tests.support.pgcluster import pg_cluster, pg_databases, pg_url  # noqa: F401 - fixtures
from tests.ui.kiosk_support import (  # noqa: F401 (fixture)
    WAIT_MS,
    Sims,
    kiosk_config,
    sims,
)
from ui.screens.done import DoneScreen
from wire.categories import Priority


class RecordingSpeaker:
    """The real speaker, remembering what it was asked to say."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))
        self.real.say(text, language)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def at_blok_m(cfg: Config, url: str, token: str) -> Config:
    return replace(cfg, server=replace(cfg.server, url=url, token=token),
                   kiosk=replace(cfg.kiosk, station=BLOK_M.station, latitude=BLOK_M.lat,
                                 longitude=BLOK_M.lon),
                   speech=SpeechSection(enabled=True))


def test_the_done_screen_shows_and_speaks_the_acknowledgement_after_escalation(
        qtbot: Any, tmp_path: Path, sims: Sims,  # noqa: F811 (fixtures)
        centre: tuple[Centre, str]) -> None:  # noqa: F811
    cc, token = centre
    # The report is `urgent` (a threat): the Polres has 2 s for it, then the Polda.
    cc.store.put_rule(Rule(JAKSEL, Priority.URGENT, 2.0))
    cfg = at_blok_m(kiosk_config(tmp_path, sims), f"{cc.url}/api/v1", token)
    wavs = tmp_path / "wav"
    wavs.mkdir()
    speaker = RecordingSpeaker(speech.build(SpeechSection(enabled=True), wav_dir=wavs))
    kiosk = build(cfg, replace(build_devices(cfg), speaker=speaker))
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    qtbot.waitUntil(lambda: len(kiosk.window.screens.built) == len(Screen), timeout=10_000)
    flow = kiosk.flow
    outbox = Outbox.for_config(cfg)
    uploader = Uploader(cfg, outbox, rng=random.Random(1))
    polres, polda = cc.operator("rina"), cc.operator("budi")
    try:
        submit_report(flow, "threat", "Saya diancam orang di peron")
        qtbot.waitUntil(lambda: flow.submission is not None
                        and flow.submission.printing is PrintState.PRINTED, timeout=WAIT_MS)
        assert flow.submission is not None and flow.submission.report is not None
        report_id = flow.submission.report.id
        assert uploader.deliver_batch() == 1
        assert find(cc.items(polres), report_id)["unit"] == JAKSEL  # type: ignore[index]

        # Nobody at the Polres acknowledges: at the deadline it is the Polda's.
        qtbot.waitUntil(lambda: (i := find(cc.items(polda), report_id)) is not None
                        and i["unit"] == POLDA, timeout=15_000)
        cc.store.put_rule(Rule(JAKSEL, Priority.URGENT, 60.0))   # no second trip up
        csrf = cc.csrf(polda, f"/reports/{report_id}")
        assert polda.post(f"{cc.url}/items/{report_id}/transfer", timeout=30,
                          data={"csrf": csrf, "to_unit": JAKSEL}).status_code == 200
        csrf = cc.csrf(polres, f"/reports/{report_id}")
        assert polres.post(f"{cc.url}/reports/{report_id}/action", timeout=30,
                           data={"csrf": csrf, "action": "acknowledge"}).status_code == 200

        before = len(speaker.said)
        assert uploader.poll_statuses() == 1   # the uploader's status poll hears it
        qtbot.waitUntil(lambda: flow.submission is not None and flow.submission.acknowledged,
                        timeout=WAIT_MS)
        done = kiosk.window.screens[Screen.DONE]
        assert isinstance(done, DoneScreen)
        assert "Petugas polisi" in done.progress.plain()
        qtbot.waitUntil(lambda: any("Petugas polisi" in text
                                    for text, _ in speaker.said[before:]), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: any(p.stat().st_size > 1000 for p in wavs.glob("*-id.wav")),
                        timeout=WAIT_MS)
    finally:
        uploader.sender.close()
        uploader.client.close()
        outbox.close()
        kiosk.close()
