"""Speech latency: say() returning, stop → silence, and a new prompt cutting the old one.

Runs the real speaker as the kiosk does, in its worker process (`hardware.speech.build`:
pyttsx3 + espeak-ng, the real-time pacing, the WAV-file output, whose "silence" is the
moment the file is closed), side by side with the same engine inside this process
(`build_in_process`, the worker's own inside) to show what the process boundary costs.
Times are CLOCK_MONOTONIC, which both processes share. With a sound card the player
process is killed at that same moment; killing and reaping a process that reads a pipe
(as aplay does) is measured separately. Target: interrupt p99 ≤ 100 ms (≥ 100 samples).
"""

from __future__ import annotations

import queue
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import summary
from core.config import SpeechSection
from core.ports import Speaker
from hardware.speech import Spoken, build, build_in_process
from hardware.speech.process import WorkerSpeaker
from hardware.speech.speaker import EspeakSpeaker, SilentSpeaker

ROUNDS = 100
LONG = ("Selamat datang di layanan darurat seratus sepuluh. Angkat gagang telepon untuk "
        "berbicara dengan polisi, atau sentuh tombol laporan untuk menulis laporan.")
SHORT = ("Ya.", "Oke.", "Thank you.")


def report(name: str, ms: list[float], target: str = "") -> None:
    print(f"{name}: {summary(ms, 'ms', 2)}" + (f" (target {target})" if target else ""))


def wait_audible(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not (path.exists() and path.stat().st_size > 44 + 8820):  # 0.2 s of audio
        if time.monotonic() > deadline:
            raise SystemExit(f"no audio reached {path}")
        time.sleep(0.005)


def main() -> None:
    for name, make in (("worker process (as the kiosk runs it)", build),
                       ("in this process (the engine alone)", build_in_process)):
        wav_dir = Path(tempfile.mkdtemp(prefix="bench-speech-"))
        speaker = make(SpeechSection(), wav_dir=wav_dir)
        if isinstance(speaker, WorkerSpeaker) and not speaker.wait_ready(30):
            raise SystemExit(f"speech worker unavailable: {speaker.health().reason}")
        if speaker.health().level.value == "fail":
            raise SystemExit(f"speech unavailable: {speaker.health().reason}")
        rounds(name, speaker, wav_dir)
    player_kill()


def rounds(name: str, speaker: Speaker, wav_dir: Path) -> None:
    heard: queue.Queue[Spoken] = queue.Queue()
    # Both engines tell who listens when each prompt is heard; the port does not.
    assert isinstance(speaker, WorkerSpeaker | EspeakSpeaker | SilentSpeaker), type(speaker)
    speaker.subscribe(heard.put)
    say_ms, stop_ms, cut_ms, new_ms = [], [], [], []
    seq = 0
    for i in range(ROUNDS):
        # stop → silence
        started = time.perf_counter()
        speaker.say(LONG, "id")
        say_ms.append((time.perf_counter() - started) * 1000)
        seq += 1
        wait_audible(wav_dir / f"{seq:04d}-id.wav")
        time.sleep(random.uniform(0.0, 0.1))
        stopped = time.monotonic()
        speaker.stop()
        stop_ms.append((heard.get(timeout=30).ended_at - stopped) * 1000)
        # a new prompt replaces the one being spoken
        speaker.say(LONG, "id")
        seq += 1
        wait_audible(wav_dir / f"{seq:04d}-id.wav")
        time.sleep(random.uniform(0.0, 0.1))
        replaced = time.monotonic()
        started = time.perf_counter()
        speaker.say(SHORT[i % len(SHORT)], "en")
        say_ms.append((time.perf_counter() - started) * 1000)
        seq += 1
        old, new = heard.get(timeout=30), heard.get(timeout=30)
        assert not old.completed and new.completed and new.first_audio_at is not None
        cut_ms.append((old.ended_at - replaced) * 1000)
        new_ms.append((new.first_audio_at - replaced) * 1000)
    speaker.close()

    print(f"speech, {name}: pyttsx3 + espeak-ng, WAV output paced in real time, "
          f"{ROUNDS} rounds")
    report("  say() returns", say_ms, "returns at once")
    report("  stop -> silence", stop_ms, "p99 <= 100 ms")
    report("  new prompt -> old prompt silent", cut_ms, "p99 <= 100 ms")
    report("  new prompt -> its first audio", new_ms)
    for wav in wav_dir.glob("*.wav"):
        wav.unlink()
    wav_dir.rmdir()


def player_kill() -> None:
    kill_ms = []
    for _ in range(ROUNDS):
        proc = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        assert proc.stdin is not None
        proc.stdin.write(b"\0" * 8820)
        proc.stdin.flush()
        started = time.perf_counter()
        proc.kill()
        proc.wait()
        kill_ms.append((time.perf_counter() - started) * 1000)
        proc.stdin.close()
    report("player process kill + reap (stand-in for aplay)", kill_ms)


if __name__ == "__main__":
    main()
