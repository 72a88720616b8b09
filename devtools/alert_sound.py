"""The operators' emergency alarm, `command_center/static/alert.wav`, made from numbers
so the repo holds no sound of unknown origin: three short rising two-tone beeps
(880 Hz then 1175 Hz), 0.9 s in all, 16-bit mono at 16 kHz, with soft edges so the
speaker does not click. `python -m devtools.alert_sound` rewrites the file; a test
checks the committed file is exactly this."""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 16_000
TARGET = Path(__file__).resolve().parents[1] / "command_center" / "static" / "alert.wav"
# (frequency Hz, seconds); 0 Hz is silence
PATTERN = ((880.0, 0.12), (1175.0, 0.12), (0.0, 0.06)) * 3
EDGE_S = 0.01
VOLUME = 0.6


def samples() -> list[int]:
    out: list[int] = []
    for freq, seconds in PATTERN:
        count = int(RATE * seconds)
        edge = int(RATE * EDGE_S)
        for i in range(count):
            envelope = min(1.0, i / edge, (count - i) / edge)
            value = math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            out.append(round(32767 * VOLUME * envelope * value))
    return out


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples())}h", *samples()))
    return buffer.getvalue()


def main() -> int:
    TARGET.write_bytes(wav_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
