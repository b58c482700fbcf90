"""The partnership's decision on a recommendation: agreed, partly agreed or not agreed."""

from __future__ import annotations

from enum import StrEnum

from bot.errors import InvalidInput


class Decision(StrEnum):
    """The partnership's decision on a recommendation."""

    AGREED = "agreed"
    PARTLY = "partly_agreed"
    NOT_AGREED = "not_agreed"

    @property
    def label(self) -> str:
        """Return the words people read."""
        return {
            "agreed": "Agreed",
            "partly_agreed": "Partly agreed",
            "not_agreed": "Not agreed",
        }[self.value]


DECISION_WORDS = {
    "agreed": Decision.AGREED,
    "agree": Decision.AGREED,
    "partly": Decision.PARTLY,
    "partly agreed": Decision.PARTLY,
    "partly_agreed": Decision.PARTLY,
    "partial": Decision.PARTLY,
    "not": Decision.NOT_AGREED,
    "not agreed": Decision.NOT_AGREED,
    "not_agreed": Decision.NOT_AGREED,
    "disagreed": Decision.NOT_AGREED,
}


def find_decision(word: str) -> Decision | None:
    """Return the decision a word names, or None."""
    return DECISION_WORDS.get(" ".join(word.lower().replace("-", " ").split()))


def read_decision(word: str) -> Decision:
    """Return the decision a word names, or raise InvalidInput."""
    found = find_decision(word)
    if found is None:
        raise InvalidInput({"decision": "The decision is one of: agreed, partly, not."})
    return found
