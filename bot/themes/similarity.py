"""Find recommendations that make the same point as another in other words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

# Chosen on the recommendation pairs in tests/bot/themes: every pair on the right side.
DEFAULT_THRESHOLD = 73.0

# English function words, and the words every action plan uses whatever its lesson: two
# recommendations do not teach the same thing because both say "agencies should ensure".
_STOP_WORDS_TEXT = """
    a about above after all also an and any are as at be been being both but by can could
    did do does done each either every for from had has have he her his how i if in into is
    it its itself may might more most must no nor not of on once only or other our out over
    own same she should so some such than that the their them then there these they this
    those through to too under until up upon very was we were what when where whether which
    while who whom why will with within without would you your
    agency agencies partner partners partnership organisation organisations service services
    staff practitioner practitioners professional professionals worker workers frontline
    front line team teams ensure ensuring make made sure consider considered review reviewed
    reviewing develop developed development implement implemented implementation improve
    improved put place carried carry out undertake use used using include included including
    part relevant appropriate all local new existing current lesson lessons recommendation
    recommendations action actions plan need needs needed introduce introduced update
    updated deliver delivered receive received given provide provided
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Words plans use for one thing: "drug and alcohol" services are "substance misuse" services.
SYNONYMS = {
    "drug": "substance",
    "drugs": "substance",
    "alcohol": "substance",
    "protocol": "procedure",
    "protocols": "procedure",
    "procedures": "procedure",
    "process": "procedure",
    "processes": "procedure",
    "pathway": "procedure",
    "pathways": "procedure",
    "agreement": "procedure",
    "advocate": "idva",
    "advocates": "idva",
    "idvas": "idva",
    "dv": "domestic",
    "da": "domestic",
}

_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ed", "es", "er", "al", "s", "e")


@dataclass(frozen=True)
class Match:
    """A candidate that resembles the text, with its score out of 100."""

    candidate_id: str
    score: float


@cache
def _stem(word: str) -> str:
    # Crude on purpose: it only has to send "trained", "training" and "train" to one form.
    for _ in range(2):  # twice, so "referrals" and "referred" meet at "referr"
        if len(word) > 4 and word.endswith(("ies", "ied")):
            word = word[:-3] + "y"
            continue
        for suffix in _SUFFIXES:
            if len(word) - len(suffix) >= 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
    return word


def normalise(text: str) -> str:
    """Return the text's content words, stemmed, sorted and without repeats."""
    from rapidfuzz import utils  # loaded when a plan is imported, not by every worker

    words = re.findall(r"[a-z0-9]+", utils.default_process(text.replace("'s", " ")))
    kept = (SYNONYMS.get(w, w) for w in words if w not in STOP_WORDS)
    return " ".join(sorted({_stem(w) for w in kept if len(w) > 1}))


def score(a: str, b: str) -> float:
    """Return how alike two normalised texts are, out of 100."""
    if not a or not b:
        return 0.0
    # token_set alone gives 100 whenever one text's words are a subset of the other's, so a
    # bare "training" would match every training recommendation; the sorted-token ratio,
    # which counts the words left over, pulls such pairs down.
    from rapidfuzz import fuzz

    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def similar(
    text: str,
    candidates: Mapping[str, str] | Iterable[tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """Return the candidates (id → text) resembling `text`, best first, at or over threshold."""
    pairs = candidates.items() if isinstance(candidates, Mapping) else candidates
    wanted = normalise(text)
    matches = [
        Match(candidate_id, round(s, 1))
        for candidate_id, other in pairs
        if (s := score(wanted, normalise(other))) >= threshold
    ]
    return sorted(matches, key=lambda m: (-m.score, m.candidate_id))
