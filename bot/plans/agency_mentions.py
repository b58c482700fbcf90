"""Find the agencies of a plan that a piece of text mentions, by code or by any of their names.

Codes match in any case ("the police" is Police); names match whole, without "the", or
written out with words left out ("Somerset NHS Foundation Trust" for "Somerset Partnership
NHS Foundation Trust") when only one agency fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?")
_NAME_FILLER = {"the", "of", "and", "for", "&"}


@dataclass(frozen=True)
class AgencyNames:
    """An agency of the plan: its code and every name it is known by (full name, glossary)."""

    code: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """Words first..last of a text that name the agency `code`."""

    first: int  # index of the first word
    last: int  # index after the last word
    code: str


def word_key(word: str) -> str:
    """Return the word as matched: lower case, without a possessive 's."""
    return re.sub(r"['’]s$", "", word.lower())


class Matcher:
    """Find agency mentions in a list of words."""

    def __init__(self, agencies: Sequence[AgencyNames]) -> None:
        self.exact: dict[tuple[str, ...], set[str]] = {}
        self.name_words: dict[str, set[str]] = {}
        for agency in agencies:
            self._add(agency.code.split(), agency.code)
            for name in agency.names:
                words = [word_key(w) for w in WORD.findall(name)]
                if not words:
                    continue
                self._add(words, agency.code)
                without_the = [w for w in words if w != "the"]
                self._add(without_the, agency.code)
                if len(words) > 1:
                    self.name_words.setdefault(agency.code, set()).update(
                        w for w in words if w not in _NAME_FILLER
                    )
        self.longest = max((len(k) for k in self.exact), default=1)

    def _add(self, words: Sequence[str], code: str) -> None:
        if words:
            self.exact.setdefault(tuple(word_key(w) for w in words), set()).add(code)

    def mentions(self, words: Sequence[str]) -> list[Mention]:
        """Return the agencies the words mention, left to right, longest match first."""
        found: list[Mention] = []
        i = 0
        while i < len(words):
            mention = self._at(words, i)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.last
        return found

    def _at(self, words: Sequence[str], i: int) -> Mention | None:
        for size in range(min(self.longest, len(words) - i), 0, -1):
            codes = self.exact.get(tuple(word_key(w) for w in words[i : i + size]))
            if codes and len(codes) == 1:
                return Mention(i, i + size, next(iter(codes)))
        return self._written_out(words, i)

    def _written_out(self, words: Sequence[str], i: int) -> Mention | None:
        """Match a capitalised name with words left out, when exactly one agency fits."""
        end = i
        while end < len(words) and words[end][:1].isupper() and end - i < 8:
            end += 1
        for stop in range(end, i + 1, -1):
            keys = {word_key(w) for w in words[i:stop]} - _NAME_FILLER
            if len(keys) < 2:
                continue
            fits = [code for code, names in self.name_words.items() if keys <= names]
            if len(fits) == 1:
                return Mention(i, stop, fits[0])
        return None
