"""What a screenshot shows: how much of the output the app's pixels cover.

Where no client draws, cage and Xvfb leave the output black (0, 0, 0); the kiosk's
theme has no pure black anywhere (its darkest colour is the page, #0B1A2E), so a black
pixel is a pixel the app does not cover. The control client (control_client.py) proves
the capture path shows what is really on the output before any app screenshot counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

UNCOVERED = (0, 0, 0)
PAGE = (0x0B, 0x1A, 0x2E)   # ui.theme.PAGE.bg: the kiosk's window background
GREEN = (0, 255, 0)         # the control client's full-screen colour


@dataclass(frozen=True)
class Coverage:
    size: tuple[int, int]
    uncovered: float                    # fraction of the output's pixels left black
    painted_box: tuple[int, int, int, int] | None  # bounding box of non-black pixels

    @property
    def full(self) -> bool:
        """Every edge reached and (all but specks of) every pixel painted."""
        w, h = self.size
        return self.painted_box == (0, 0, w, h) and self.uncovered < 0.001

    def __str__(self) -> str:
        return (f"{self.size[0]}x{self.size[1]}: {self.uncovered:.1%} uncovered, "
                f"app pixels span {self.painted_box}")


def _rgb(path: Path) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("RGB")


def fraction(path: Path, colour: tuple[int, int, int]) -> float:
    im = _rgb(path)
    counts = im.getcolors(im.width * im.height) or []
    return sum(n for n, c in counts if c == colour) / (im.width * im.height)


def coverage(path: Path) -> Coverage:
    im = _rgb(path)
    black = Image.new("RGB", im.size, UNCOVERED)
    box = ImageChops.difference(im, black).getbbox()
    return Coverage(im.size, fraction(path, UNCOVERED), box)
