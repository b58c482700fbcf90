"""Read where an action stands from an update, with the words it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.language import vocabulary as v
from bot.language.model import Field, Reading, unsure
from bot.status import Status


@dataclass
class _Hit:
    status: Status
    words: str
    weak: bool = False
    partial: bool = False


@dataclass
class StatusReading:
    """The status read from an update, and what else the reading found on the way."""

    readings: list[Reading] = field(default_factory=list)
    status: Status | None = None
    partial: bool = False


class _Scan:
    """The update text with the words already read blanked out, so nothing is read twice."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, pattern: re.Pattern[str], group: str | int = 0) -> list[re.Match[str]]:
        found = [m for m in pattern.finditer(self.text) if m.group(group)]
        for m in found:
            start, end = m.span(group)
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        return found


def _said(match: re.Match[str], group: str | int = 0) -> str:
    return " ".join(match.group(group).split())


def read_status(text: str) -> StatusReading:
    """Return the status an update names, or an explained refusal; never a silent guess."""
    scan = _Scan(text)
    result = StatusReading()
    asked = scan.take(v.QUESTION)
    for m in scan.take(v.NO_STATUS):
        result.readings.append(
            unsure(
                Field.STATUS,
                _said(m),
                f"“{_said(m)}” does not say the action is complete or where it stands: "
                "ask a coordinator to close or change the action.",
            )
        )
    scan.take(v.ADJECTIVE, "word")
    scan.take(v.ADJECTIVE, "bare")
    hits = _colours(scan)
    plans = [_said(m) for m in scan.take(v.PLAN)]
    negated: list[str] = []
    for m in scan.take(v.NEGATED):
        if m.group("word").lower() in v.NOT_STARTED_WORDS:
            hits.append(_Hit(Status.NOT_STARTED, _said(m)))
        else:
            negated.append(_said(m))
    negated += [_said(m) for m in scan.take(v.NEGATED_NEAR)]
    hits += _counted(scan)
    markers = [" ".join(m.group(0).split()) for m in v.PARTIAL.finditer(scan.text)]
    hits += [_Hit(v.PHRASES[_key(m.group(0))], _said(m)) for m in scan.take(v.STATUS_PHRASE)]
    hits += [_Hit(Status.IN_PROGRESS, _said(m), weak=True) for m in scan.take(v.WEAK_IN_PROGRESS)]
    result.readings += _unknown_labels(text, scan.text)
    maybe = [_said(m) for m in v.MAYBE_DONE.finditer(scan.text)]
    hits = _as_partial(hits, markers)
    result.partial = any(hit.partial for hit in hits)
    _decide(result, hits, plans, negated + maybe)
    if not any(r.field is Field.STATUS for r in result.readings):
        result.readings += _questions(asked)
    return result


def _questions(asked: list[re.Match[str]]) -> list[Reading]:
    """Refuse a status only asked about: "Is this done? not sure" says nothing is done."""
    for m in asked:
        if read_status(m.group(0).rstrip("?")).status is not None:
            said = _said(m)
            return [
                unsure(
                    Field.STATUS,
                    said,
                    f"It asks “{said}” rather than saying where the action stands: say it, "
                    "e.g. “done on 3 March” or “in progress”.",
                )
            ]
    return []


def _key(words: str) -> str:
    key = " ".join(words.lower().split())
    return key if key in v.PHRASES else key.replace(" ", "-")


def _colours(scan: _Scan) -> list[_Hit]:
    scan.take(v.PAST_COLOUR, "c")
    return [_Hit(v.COLOURS[m.group("c").lower()], _said(m)) for m in scan.take(v.COLOUR, "c")]


def _counted(scan: _Scan) -> list[_Hit]:
    found = scan.take(v.PARTIAL_COUNT)
    return [_Hit(Status.IN_PROGRESS, _said(m), partial=True) for m in found]


def _as_partial(hits: list[_Hit], markers: list[str]) -> list[_Hit]:
    """Read "done" as in progress when only part of the work is: "phase one done"."""
    if not markers or not any(hit.status is Status.COMPLETE for hit in hits):
        return hits
    marked = [_Hit(Status.IN_PROGRESS, markers[0], partial=True)]
    return marked + [
        _Hit(Status.IN_PROGRESS, hit.words, partial=True) if hit.status is Status.COMPLETE else hit
        for hit in hits
    ]


def _unknown_labels(original: str, remaining: str) -> list[Reading]:
    readings = []
    for m in v.STATUS_LABEL.finditer(original):
        word = m.group("word")
        start, end = m.span("word")
        if word.lower() in v.LABEL_FILLERS or remaining[start:end] != word:
            continue  # a filler ("status unchanged"), or a word already read as a status
        if ":" not in m.group(0) and not m.group(0).lower().startswith(("rag", "brag")):
            continue
        readings.append(
            unsure(
                Field.STATUS,
                _said(m),
                f"I don't know the status “{word}”: say complete, in progress, at risk, "
                "blocked or not started (or a RAG colour).",
            )
        )
    return readings


def _decide(result: StatusReading, hits: list[_Hit], plans: list[str], negated: list[str]) -> None:
    words = [hit.words for hit in hits if hit.words]
    source = " … ".join(dict.fromkeys(words))
    strong = list(dict.fromkeys(hit.status for hit in hits if not hit.weak))
    weak = [hit for hit in hits if hit.weak]
    if Status.COMPLETE in strong and weak:
        strong.append(Status.IN_PROGRESS)
    if len(strong) > 1:
        labels = ", ".join(s.label.lower() for s in strong)
        result.readings.append(
            unsure(
                Field.STATUS,
                source,
                f"It mentions more than one status ({labels}), so I won't guess which.",
            )
        )
    elif strong or weak:
        result.status = strong[0] if strong else Status.IN_PROGRESS
        reason = "part of the work is finished" if result.partial else None
        result.readings.append(Reading(Field.STATUS, result.status, source, reason=reason))
    elif plans:
        result.readings.append(
            unsure(
                Field.STATUS,
                plans[0],
                f"It says “{plans[0]}”, which is a plan, not where the action stands now: "
                "say the status too (for example on track or delayed).",
            )
        )
    elif negated:
        result.readings.append(unsure(Field.STATUS, negated[0], _not_said(negated[0])))


def _not_said(words: str) -> str:
    if v.MAYBE_DONE.fullmatch(words):
        return (
            f"It says “{words}” but not whether the action is complete: if it is, "
            "say “complete” (or “done on …”)."
        )
    return (
        f"It says “{words}” but not what the status is now "
        "(for example started, delayed or blocked)."
    )
