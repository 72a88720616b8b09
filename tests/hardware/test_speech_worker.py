"""Speech out of process (issue 11, class 2): pyttsx3 + espeak-ng in a worker process the
kiosk supervises. A crash in libespeak-ng (exit(1) on missing data, SIGSEGV on a
truncated phondata, pointed at with ESPEAK_DATA_PATH) costs speech only: the caller's
process lives on, health says so, and the worker is started again."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import SpeechSection
from core.health import Level
from hardware.speech import Spoken, build
from hardware.speech.engine import SYNTH_TIMEOUT_S
from hardware.speech.process import WorkerSpeaker
from tests.support.wait import wait_until

WAIT_S = 25.0
REPO = Path(__file__).resolve().parents[2]
ESPEAK_DATA = Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data")


def broken_espeak_data(tmp_path: Path, how: str) -> Path:
    """An ESPEAK_DATA_PATH whose espeak-ng-data is missing or has a truncated phondata."""
    root = tmp_path / f"espeak-{how}"
    data = root / "espeak-ng-data"
    if how == "missing":
        data.mkdir(parents=True)
    else:
        shutil.copytree(ESPEAK_DATA, data)
        with (data / "phondata").open("r+b") as f:
            f.truncate(1000)
    return root


@pytest.fixture
def heard() -> queue.Queue[Spoken]:
    return queue.Queue()


def worker(tmp_path: Path, heard: queue.Queue[Spoken]) -> WorkerSpeaker:
    sp = build(SpeechSection(rate=175), wav_dir=tmp_path / "wav")
    assert isinstance(sp, WorkerSpeaker)
    sp.subscribe(heard.put)
    return sp


@pytest.fixture
def speaker(tmp_path: Path, heard: queue.Queue[Spoken]) -> Iterator[WorkerSpeaker]:
    sp = worker(tmp_path, heard)
    yield sp
    sp.close()


def test_the_worker_speaks_into_a_wav_and_is_another_process(
        speaker: WorkerSpeaker, heard: queue.Queue[Spoken]) -> None:
    assert speaker.wait_ready(WAIT_S), speaker.health()
    assert speaker.pid is not None and speaker.pid != os.getpid()
    speaker.say("Angkat gagang telepon.", "id")
    spoken = heard.get(timeout=WAIT_S)
    assert spoken.completed and spoken.path is not None and spoken.path.stat().st_size > 4410
    assert speaker.health().level is Level.OK


@pytest.mark.skipif(not ESPEAK_DATA.is_dir(), reason="espeak-ng-data not installed here")
def test_missing_espeak_data_costs_speech_only_and_the_worker_is_retried(
        tmp_path: Path, heard: queue.Queue[Spoken], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(broken_espeak_data(tmp_path, "missing")))
    sp = worker(tmp_path, heard)
    try:
        assert wait_until(lambda: sp.starts >= 2, WAIT_S)      # died, and started again
        health = sp.health()
        sp.say("Halo.", "id")                                  # returns; reported once
        refused = heard.get(timeout=WAIT_S)
    finally:
        sp.close()
    assert health.level is Level.FAIL and "exit status 1" in health.reason, health
    assert "restarting" in health.reason or "restarted" in health.reason
    assert not refused.completed and refused.error


@pytest.mark.skipif(not ESPEAK_DATA.is_dir(), reason="espeak-ng-data not installed here")
def test_truncated_espeak_data_segfaults_the_worker_not_the_kiosk(
        tmp_path: Path, heard: queue.Queue[Spoken], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(broken_espeak_data(tmp_path, "truncated")))
    sp = worker(tmp_path, heard)
    try:
        assert sp.wait_ready(WAIT_S), sp.health()
        first = sp.pid
        # "Voice guidance: on" — and it crashes (or hangs in libespeak-ng: then the worker
        # exits after the sentence timeout). Reading past truncated data is undefined
        # behaviour: one prompt is not always enough, so prompts keep coming, as a
        # commuter's taps would.
        prompts = ("Halo.", "Selamat datang di anjungan 110.", "Pilih jenis laporan Anda.")
        deadline = time.monotonic() + WAIT_S + SYNTH_TIMEOUT_S
        for i in range(1000):
            if sp.crashes >= 1 or time.monotonic() > deadline:
                break
            sp.say(prompts[i % len(prompts)], ("id", "en")[i % 2])
            wait_until(lambda: sp.crashes >= 1, 1.0)
        assert sp.crashes >= 1
        assert wait_until(lambda: sp.pid is not None and sp.pid != first, WAIT_S)
        health = sp.health()
    finally:
        sp.close()
    # libespeak-ng reads past its truncated data: a segfault, glibc's abort on the heap
    # it damaged on the way, or a hang; any of them ended the worker only.
    assert sp.last_crash in ("signal SIGSEGV", "signal SIGABRT", "signal SIGBUS",
                             "the engine hung")
    assert health.level is Level.FAIL and sp.last_crash in health.reason, health


def test_a_killed_worker_is_restarted_and_speaks_again(
        speaker: WorkerSpeaker, heard: queue.Queue[Spoken]) -> None:
    assert speaker.wait_ready(WAIT_S)
    pid = speaker.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: speaker.pid not in (None, pid), WAIT_S)
    assert speaker.wait_ready(WAIT_S)
    speaker.say("Halo.", "id")
    spoken = heard.get(timeout=WAIT_S)
    while not spoken.completed and spoken.error:     # a prompt refused while it restarted
        spoken = heard.get(timeout=WAIT_S)
    assert spoken.completed
    assert speaker.crashes == 1 and speaker.last_crash == "signal SIGKILL"
    assert speaker.health().level is Level.FAIL       # recently crashed: say so


def test_stop_cuts_the_prompt_in_the_worker(speaker: WorkerSpeaker,
                                            heard: queue.Queue[Spoken]) -> None:
    assert speaker.wait_ready(WAIT_S)
    speaker.say("This prompt goes on for a long while, sentence after sentence. It keeps "
                "going so that a stop can cut it. Nobody hears the end of it.", "en")
    wav = speaker_wav(speaker, heard)
    assert wait_until(lambda: wav.exists() and wav.stat().st_size > 44 + 4410, WAIT_S)
    speaker.stop()
    cut = heard.get(timeout=WAIT_S)
    assert not cut.completed and 0.1 < cut.seconds < 4.0


def speaker_wav(speaker: WorkerSpeaker, heard: queue.Queue[Spoken]) -> Path:
    return next(iter(speaker_dirs(speaker))) / "0001-en.wav"


def speaker_dirs(speaker: WorkerSpeaker) -> list[Path]:
    argv = speaker._argv   # the WAV directory the worker was given
    return [Path(argv[argv.index("--wav-dir") + 1])]


def test_the_worker_dies_with_the_kiosk_app(tmp_path: Path) -> None:
    """A worker stuck in libespeak-ng must not outlive the app that started it (one left
    spinning at 75 % CPU after a test's UI was killed)."""
    code = ("import sys; from core.config import SpeechSection; "
            "from hardware.speech import build; "
            f"sp = build(SpeechSection(), wav_dir=__import__('pathlib').Path({str(tmp_path)!r})); "
            "sp.wait_ready(20); print(sp.pid, flush=True); sys.stdin.read()")
    app = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    worker_pid = int(app.stdout.readline())
    assert Path(f"/proc/{worker_pid}").exists()
    app.kill()                                     # the app dies without closing anything
    app.wait()
    assert wait_until(lambda: not _alive(worker_pid), WAIT_S)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"
