"""Which agency an action's own text names as doing it (its delivering agency).

Published plans put the accountable agency in the Lead Agency column and name who does
each piece in the action text: "CCG to promote…", "SomFT to review…", "Implementation of
DA Matters within ASC", "Online training to be provided by SSP". The rules, in order:

1. The subject: agencies before the verb ("X to…", "X will…", "X should…"), the first
   sentence's only. One agency is the deliverer; "X and Y to…" or "X or Y to…" is listed
   for a coordinator to confirm. An agency inside the subject ("Practitioners within ASC
   to…") counts too; one after "with"/"from" there is only an object.
2. A passive agent: "to be provided by X", "will be delivered by the police".
3. A place of work: "within X", "across X", "throughout X".
4. Nothing named: the lead agency, unless the subject is another organisation
   ("Safelives to…"), all agencies ("All agencies to…") or practitioners while the
   recommendation's Ownership line names other agencies: those are listed with the reason.

An agency named anywhere else ("seek assurance from the police", "work with CCG",
"report to SSP") is an object and never the deliverer. Agencies are matched (in
bot.plans.agency_mentions) by code (any case: "the police" is Police), by name, by the
names a glossary or an Ownership line gives, and by a name written out with words left out
("Somerset NHS Foundation Trust" for "Somerset Partnership NHS Foundation Trust") when only
one agency fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.plans.agency_mentions import WORD, AgencyNames, Matcher, Mention, word_key

__all__ = ["AgencyNames", "Delivering", "detect_delivering"]

_MODALS = {"to", "will", "should", "must", "shall"}
_LIST_GLUE = re.compile(r"^\s*(?:,|&|/|and|,\s*and|or|,\s*or)?\s*(?:the\s+)?$", re.IGNORECASE)
_OBJECT_WORDS = {"with", "from", "to", "for", "by", "than", "alongside", "and"}
_PLACE_WORDS = {"within", "across", "throughout"}
_BE = {"be", "been", "being", "is", "are"}
_PARTICIPLE_IRREGULAR = {"led", "run", "done", "made", "held", "given", "taken", "undertaken"}
_SEVERAL = {"all", "each", "every", "partner", "partners", "agencies", "multi"}
_PEOPLE = {
    "practitioners",
    "professionals",
    "staff",
    "clinicians",
    "officers",
    "workers",
    "gps",
    "managers",
    "teams",
}
# Words that start an action's text without naming who does it.
_COMMON_STARTS = {
    "a",
    "an",
    "audit",
    "briefing",
    "campaign",
    "communication",
    "develop",
    "ensure",
    "guidance",
    "implementation",
    "online",
    "policy",
    "procedures",
    "promote",
    "relevant",
    "review",
    "this",
    "training",
    "update",
    "work",
}


@dataclass(frozen=True)
class Delivering:
    """What the text says about who does an action.

    `code` is the agency it names as doing it (None: none named, keep the lead agency);
    `reason` says why a coordinator should confirm (then `code` is None).
    """

    code: str | None
    reason: str | None = None


@lru_cache(maxsize=8)
def _matcher(agencies: tuple[AgencyNames, ...]) -> Matcher:
    # An import reads every action against the same agencies: build their index once.
    return Matcher(agencies)


def detect_delivering(
    text: str,
    agencies: Sequence[AgencyNames],
    *,
    ownership: Sequence[str] = (),
    lead: str = "",
) -> Delivering:
    """Return the agency an action's text names as doing it, or why to ask a coordinator."""
    first_sentence = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    spans = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(first_sentence)]
    words = [w for w, _, _ in spans]
    if not words:
        return Delivering(None)
    matcher = _matcher(tuple(agencies))
    mentions = matcher.mentions(words)
    modal = _modal(words, mentions)
    start = 1 if words[0].lower() == "the" else 0
    if modal is not None and modal > start:
        subject = [m for m in mentions if m.last <= modal]
        found = _from_subject(first_sentence, spans, words, subject, start, modal)
        if found is not None:
            return found
    after = [m for m in mentions if modal is None or m.first > modal]
    found = _named_after(first_sentence, spans, words, after if modal is not None else mentions)
    if found is not None:
        return found
    if modal is not None and modal > start:
        return _unnamed_subject(words[start:modal], ownership, lead)
    return Delivering(None)


def _modal(words: Sequence[str], mentions: Sequence[Mention]) -> int | None:
    """Return the index of the word that ends the subject ("to", "will", ...), if any."""
    starts = {m.first for m in mentions}
    for i, word in enumerate(words[:-1]):
        if word.lower() not in _MODALS:
            continue
        nxt = words[i + 1]
        if word.lower() == "to" and (i + 1 in starts or not nxt[:1].islower()):
            continue  # "report to SSP": a preposition, not a verb
        return i
    return None


def _glue(text: str, spans: Sequence[tuple[str, int, int]], end: int, start: int) -> str:
    return text[spans[end - 1][2] : spans[start][1]]


def _codes(mentions: Sequence[Mention]) -> list[str]:
    return list(dict.fromkeys(m.code for m in mentions))


def _several(codes: Sequence[str], how: str) -> Delivering:
    return Delivering(None, f"names {', '.join(codes)} as {how}; confirm which agency delivers it")


def _from_subject(
    text: str,
    spans: Sequence[tuple[str, int, int]],
    words: Sequence[str],
    subject: Sequence[Mention],
    start: int,
    modal: int,
) -> Delivering | None:
    """Read the agencies in the subject: a list at its start, or one inside it."""
    if not subject:
        return None
    leading: list[Mention] = []
    either = False
    if subject[0].first == start:
        leading.append(subject[0])
        for mention in subject[1:]:
            glue = _glue(text, spans, leading[-1].last, mention.first)
            if not _LIST_GLUE.match(glue):
                break
            either = either or "or" in glue.lower().split()
            leading.append(mention)
    rest = [m for m in subject if m not in leading]
    inside = [m for m in rest if words[m.first - 1].lower() not in _OBJECT_WORDS]
    codes = _codes(leading + inside)
    if not codes:
        return None
    if either:
        return _several(codes, "doing it, one or the other")
    if len(codes) > 1:
        return _several(codes, "doing it together")
    return Delivering(codes[0])


def _named_after(
    text: str,
    spans: Sequence[tuple[str, int, int]],
    words: Sequence[str],
    mentions: Sequence[Mention],
) -> Delivering | None:
    """Read a passive agent first (rule 2), then a place of work (rule 3)."""
    for rule, how in ((_passive_agent, "delivering it"), (_place_of_work, "the place it is done")):
        for i, mention in enumerate(mentions):
            if rule(words, _word_before(words, mention)):
                return _listed(text, spans, mentions[i:], how)
    return None


def _word_before(words: Sequence[str], mention: Mention) -> int:
    """Return the index of the word before a mention, passing over one "the" (-1: none)."""
    before = mention.first - 1
    if before >= 0 and words[before].lower() == "the":
        before -= 1
    return before


def _passive_agent(words: Sequence[str], by: int) -> bool:
    """Tell whether "to be provided by" / "will be led by" stands at `by` (not "referred by")."""
    if by < 2 or words[by].lower() != "by":
        return False
    verb, be = words[by - 1].lower(), words[by - 2].lower()
    participle = verb.endswith(("ed", "en")) or verb in _PARTICIPLE_IRREGULAR
    return participle and be in _BE


def _place_of_work(words: Sequence[str], before: int) -> bool:
    """Tell whether "within" / "across" / "throughout" stands at `before`."""
    return before >= 0 and words[before].lower() in _PLACE_WORDS


def _listed(
    text: str, spans: Sequence[tuple[str, int, int]], mentions: Sequence[Mention], how: str
) -> Delivering:
    taken = [mentions[0]]
    for mention in mentions[1:]:
        if not _LIST_GLUE.match(_glue(text, spans, taken[-1].last, mention.first)):
            break
        taken.append(mention)
    codes = _codes(taken)
    return Delivering(codes[0]) if len(codes) == 1 else _several(codes, how)


def _unnamed_subject(subject: Sequence[str], ownership: Sequence[str], lead: str) -> Delivering:
    """Say why a subject that names no agency of the plan needs a coordinator, if it does."""
    keys = [word_key(w) for w in subject]
    phrase = " ".join(subject)
    if set(keys) & _OBJECT_WORDS:
        return Delivering(None)  # "Work with partner agencies to…": the lead agency works
    if keys[0] in _SEVERAL or (len(keys) > 1 and keys[-1] == "agencies"):
        return Delivering(None, f'says "{phrase}" do it; confirm which agency delivers it')
    others = [code for code in ownership if code.lower() != lead.lower()]
    if set(keys) & _PEOPLE and others:
        return Delivering(
            None,
            f'says "{phrase}" do it and the recommendation\'s Ownership line names '
            f"{', '.join(ownership)}; confirm which agency delivers it",
        )
    capitalised = all(w[:1].isupper() for w in subject)
    if capitalised and len(subject) <= 4 and keys[0] not in _COMMON_STARTS:
        return Delivering(
            None,
            f'names "{phrase}" as doing it, which is not one of the plan\'s agencies; '
            "confirm which agency delivers it",
        )
    return Delivering(None)
