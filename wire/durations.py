"""How long something has been, in words: one wording for the kiosk's screens, its
`doctor` and logs, and the centre's fleet page (a technician reads all three)."""

from __future__ import annotations


def duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
