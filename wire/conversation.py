"""The text channel's wire names, shared by the kiosk and the centre (docs/api.md,
"Text channel"): the two event types the kiosk sends and the longest text either side
may write."""

from __future__ import annotations

ASSIST_REQUESTED = "call.assist_requested"   # the caller cannot speak or hear
TEXT_SENT = "call.text"                      # one answer of the caller
MAX_TEXT = 280                               # characters, caller's and operator's
