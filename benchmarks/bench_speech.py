"""Speech latency: say() returning, stop → silence, and a new prompt cutting the old one.

Runs the real speaker (pyttsx3 + espeak-ng, the worker, the real-time pacing) with the
WAV-file output, whose "silence" is the moment the file is closed. With a sound card the
player process is killed at that same moment; killing and reaping a process that reads
a pipe (as aplay does) is measured separately. Target: interrupt ≤ 100 ms.
"""

from __future__ import annotations

import queue
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.config import SpeechSection
from hardware.speech import EspeakSpeaker, Spoken, build

ROUNDS = 20
LONG = ("Selamat datang di layanan darurat seratus sepuluh. Angkat gagang telepon untuk "
        "berbicara dengan polisi, atau sentuh tombol laporan untuk menulis laporan.")
SHORT = ("Lift the handset to call the police.", "Choose a category.", "Thank you.")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(name: str, ms: list[float], target: str = "") -> None:
    suffix = f" (target {target})" if target else ""
    print(f"{name} p50: {statistics.median(ms):.2f} ms, p99: {pct(ms, 0.99):.2f} ms, "
          f"max {max(ms):.2f} ms, n={len(ms)}{suffix}")


def wait_audible(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not (path.exists() and path.stat().st_size > 44 + 8820):  # 0.2 s of audio
        if time.monotonic() > deadline:
            raise SystemExit(f"no audio reached {path}")
        time.sleep(0.005)


def main() -> None:
    wav_dir = Path(tempfile.mkdtemp(prefix="bench-speech-"))
    speaker = build(SpeechSection(), wav_dir=wav_dir)
    if not isinstance(speaker, EspeakSpeaker):
        raise SystemExit(f"speech unavailable: {speaker.health().reason}")
    heard: queue.Queue[Spoken] = queue.Queue()
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
        time.sleep(random.uniform(0.0, 0.3))
        stopped = time.monotonic()
        speaker.stop()
        stop_ms.append((heard.get(timeout=30).ended_at - stopped) * 1000)
        # a new prompt replaces the one being spoken
        speaker.say(LONG, "id")
        seq += 1
        wait_audible(wav_dir / f"{seq:04d}-id.wav")
        time.sleep(random.uniform(0.0, 0.3))
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

    print(f"speech: pyttsx3 + espeak-ng, WAV output paced in real time, {ROUNDS} rounds")
    report("say() returns", say_ms, "returns at once")
    report("stop -> silence", stop_ms, "<= 100 ms")
    report("new prompt -> old prompt silent", cut_ms, "<= 100 ms")
    report("new prompt -> its first audio", new_ms)
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
    for wav in wav_dir.glob("*.wav"):
        wav.unlink()
    wav_dir.rmdir()


if __name__ == "__main__":
    main()
