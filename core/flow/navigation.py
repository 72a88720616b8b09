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
    DESCRIBE = "describe"
    LOST_ITEMS = "lost_items"
    WHERE_WHEN = "where_when"
    CONTACT = "contact"
    REVIEW = "review"
    DONE = "done"


@dataclass
class Settings:
    language: str
    voice: bool
    large_text: bool


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
        if not self.settings.voice:
            self.speaker.stop()
        self._view().settings_changed()

    def toggle_large_text(self) -> None:
        self.settings.large_text = not self.settings.large_text
        self._view().settings_changed()

    def speak(self, text: str) -> None:
        """Say a prompt (replacing the one being said) when voice guidance is on."""
        if self.settings.voice and text:
            self.speaker.say(text, self.settings.language)
