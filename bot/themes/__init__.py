"""The controlled list of themes, and mapping a plan's own theme words onto it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.themes.similarity import Match, similar


@dataclass(frozen=True)
class Theme:
    """One theme of the controlled list, with the words that name it."""

    name: str
    synonyms: tuple[str, ...]
    keywords: tuple[str, ...]


def normalise(text: str) -> str:
    """Return `text` lower-cased, with punctuation as spaces and runs of spaces collapsed."""
    return " ".join(re.sub(r"[^a-z0-9-]+", " ", text.lower().replace("&", " and ")).split())


@cache
def themes() -> tuple[Theme, ...]:
    """Return the controlled list from themes.yaml, in its order."""
    import yaml  # only when the themes are first needed: the web worker rarely is

    raw = yaml.safe_load(resources.files("bot.themes").joinpath("themes.yaml").read_text("utf-8"))
    return tuple(
        Theme(
            name=entry["name"],
            synonyms=tuple(normalise(s) for s in entry.get("synonyms") or ()),
            keywords=tuple(normalise(k) for k in entry.get("keywords") or ()),
        )
        for entry in raw["themes"]
    )


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # A keyword starts a word but may be its stem: "child" finds "children".
    return re.compile(r"(?<![a-z0-9])" + re.escape(keyword))


def theme_for(words: str) -> str | None:
    """Return the controlled theme a plan's theme words mean, or None when none fits."""
    wanted = normalise(words)
    if not wanted:
        return None
    for theme in themes():
        if wanted == normalise(theme.name) or wanted in theme.synonyms:
            return theme.name
    for theme in themes():
        if any(_keyword_pattern(k).search(wanted) for k in theme.keywords):
            return theme.name
    return None


__all__ = ["Match", "Theme", "normalise", "similar", "theme_for", "themes"]
