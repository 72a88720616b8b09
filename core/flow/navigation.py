"""Which screen is showing, where Back goes, and the user's settings for the session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from core.ports import Speaker


class Screen(StrEnum):
    HOME = "home"
    CALL = "call"
    CATEGORY = "category"
    EMERGENCY = "emergency"     # call 110 now, or send an alert without speaking
    DESCRIBE = "describe"
    LOST_ITEMS = "lost_items"   # the theft/loss journey's item checklist
    WHERE = "where"
    WHEN = "when"
    CONTACT = "contact"
    REVIEW = "review"
    DONE = "done"
    LOOKUP = "lookup"           # *Cek laporan*: a report's status by its code

    @property
    def is_report_step(self) -> bool:
        """A step of a report being written (where a draft can be lost)."""
        return self in REPORT_STEPS


REPORT_STEPS = frozenset({Screen.CATEGORY, Screen.EMERGENCY, Screen.DESCRIBE,
                          Screen.LOST_ITEMS, Screen.WHERE, Screen.WHEN, Screen.CONTACT,
                          Screen.REVIEW})
# The commuter's volume control: fractions of the configured loudness, in the order a
# touch cycles through them (the last is the configured default).
VOLUME_LEVELS = (0.5, 0.75, 1.0)


@dataclass
class Settings:
    """The commuter's choices; kept for the whole visit (also across *Home*), reset
    only when the session ends (idle wipe, *Selesai*)."""

    language: str
    voice: bool
    large_text: bool
    volume: float = VOLUME_LEVELS[-1]
    # *Touch once to hear, touch again to choose*: only for a visitor who turned voice
    # guidance on themselves. With voice on from the configuration, screens are read
    # aloud but nobody who did not ask for it has to touch twice (least of all on
    # *Panggil 110*).
    touch_to_hear: bool = False


class NavigationView(Protocol):
    def show_screen(self, screen: Screen) -> None: ...

    def settings_changed(self) -> None: ...


class Navigator:
    """The screen stack and the session's settings. `view` is looked up at each use
    (the window attaches itself after the flow is built)."""

    def __init__(self, view: Callable[[], NavigationView], speaker: Speaker,
                 languages: tuple[str, ...], *, voice: bool, large_text: bool) -> None:
        self._view = view
        self.speaker = speaker
        self.languages = languages
        self.defaults = Settings(languages[0], voice, large_text)
        self.settings = replace(self.defaults)
        self.screen = Screen.HOME
        self.history: list[Screen] = []
        self.last_said: tuple[str, str] | None = None   # (text, language), for "again"

    def go(self, screen: Screen) -> None:
        if screen is self.screen:
            return
        self.history.append(self.screen)
        self.screen = screen
        self._view().show_screen(screen)

    def back(self) -> bool:
        """Pop one screen; False when there is nothing to go back to."""
        if not self.history:
            return False
        self.screen = self.history.pop()
        self._view().show_screen(self.screen)
        return True

    def reset(self, screen: Screen = Screen.HOME, history: list[Screen] | None = None,
              *, settings: bool = False) -> None:
        """Jump to `screen` with a new history (and default settings if asked)."""
        self.history = list(history or [])
        self.screen = screen
        if settings:
            self.settings = replace(self.defaults)
            self.speaker.set_volume(self.settings.volume)
            self.speaker.stop()   # nothing said for the last person goes on
            self.last_said = None

    # ------------------------------------------------------------ settings and voice

    @property
    def language(self) -> str:
        return self.settings.language

    def set_language(self, language: str) -> None:
        if language not in self.languages or language == self.settings.language:
            return
        self.settings.language = language
        self._view().settings_changed()

    def toggle_voice(self) -> None:
        self.settings.voice = not self.settings.voice
        self.settings.touch_to_hear = self.settings.voice
        if not self.settings.voice:
            self.speaker.stop()
        self._view().settings_changed()

    def toggle_large_text(self) -> None:
        self.settings.large_text = not self.settings.large_text
        self._view().settings_changed()

    def cycle_volume(self) -> None:
        levels = VOLUME_LEVELS
        current = min(range(len(levels)), key=lambda i: abs(levels[i] - self.settings.volume))
        self.settings.volume = levels[(current + 1) % len(levels)]
        self.speaker.set_volume(self.settings.volume)
        self._view().settings_changed()

    def speak(self, text: str) -> None:
        """Say a prompt (replacing the one being said) when voice guidance is on."""
        if self.settings.voice and text:
            self.announce(text)

    def announce(self, text: str, language: str | None = None) -> None:
        """Say `text` whether or not voice guidance is on: what a caller holding the
        handset must hear (a call's progress), or what someone asked to hear."""
        if text:
            said = (text, language or self.settings.language)
            self.last_said = said
            self.speaker.say(*said)
