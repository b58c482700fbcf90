"""Read a plain-language progress update into a proposed change (docs/plain-language.md).

The parser is pure: `today` is passed in, nothing reads the clock, and nothing is stored.
Every field it proposes carries the words it came from; when it is not sure of one it says
why in `problems` instead of guessing, and Save is not offered.
"""

from __future__ import annotations

import re
from datetime import date

from bot.dates.phrases import BadDate, Role, find_dates
from bot.language.model import Field, ProposedUpdate, Reading
from bot.language.status import read_status
from bot.language.vocabulary import QUESTION
from bot.language.when import read_dates

# `<`, `>` and `|` end a URL because Slack wraps links as <https://…|label>.
_URL = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
_SLACK_LINK = re.compile(r"<(?P<url>https?://[^\s<>|]+)(?:\|[^<>]*)?>", re.IGNORECASE)
_TRAILING = ".,;:!?'\"”’*_]}>"


def _clean_url(url: str) -> str:
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _extract_links(text: str) -> tuple[tuple[str, ...], str]:
    """Return the links and the text with each URL blanked out (same length, so spans line up).

    Slack sends a link as <https://…|label>: the URL is the link, its label only words (a
    label that looks like a link is not a second one).
    """
    found: list[tuple[int, str]] = []

    def blank(m: re.Match[str]) -> str:
        found.append((m.start(), _clean_url(m.groupdict().get("url") or m.group(0))))
        return " " * len(m.group(0))

    scan = _SLACK_LINK.sub(blank, text)
    scan = _URL.sub(blank, scan)
    links = (link for _, link in sorted(found))
    return tuple(link for link in links if "://" in link and not link.endswith("://")), scan


_LEADING_LINK = re.compile(rf"\s*(?:{_SLACK_LINK.pattern}|(?P<bare>https?://\S+))", re.IGNORECASE)


def leading_link(text: str) -> tuple[str, str] | None:
    """Return (link, the words after it) when `text` starts with a link: Slack's
    <https://…|label> gives its URL; a bare link is its whole first word without trailing
    punctuation, so a word holding markup stays one (refused) link, not a link and words."""
    found = _LEADING_LINK.match(text)
    if found is None:
        return None
    link = _clean_url(found["url"] or found["bare"])
    return link, text[found.end() :].strip(" ,;:").strip()


def parse_update(text: str, *, today: date) -> ProposedUpdate:
    """Read an update written in plain language; refuse (in `problems`) rather than guess."""
    note = text.strip()
    links, scan = _extract_links(note)
    status = read_status(scan)
    # A date in a question ("Is 30/06 ok?") is asked about, not given.
    asked = QUESTION.sub(lambda m: " " * len(m.group(0)), scan)
    dates = read_dates(asked, status.status, today, partial=status.partial)
    readings: list[Reading] = [*status.readings, *dates.readings]
    readings += [Reading(Field.LINK, link, link) for link in links]
    if note:
        readings.append(Reading(Field.NOTE, note, note))
    problems = [r.reason for r in readings if not r.confident and r.reason]
    if not note:
        problems.append("There is nothing to record: say what happened, e.g. “done on 3 March”.")
    return ProposedUpdate(
        status=status.status,
        completed_on=dates.completed_on,
        new_due_date=dates.new_due_date,
        links=links,
        note=note,
        problems=tuple(dict.fromkeys(problems)),
        readings=tuple(readings),
    )


def read_date(text: str, *, today: date, completion: bool) -> date:
    """Read one date phrase ("last Friday", "30/09"); raise ValueError saying why not."""
    scan = re.sub(r"^(?:on|by|until|till|at)\s+", "", text.strip(), flags=re.IGNORECASE)
    mentions = find_dates(scan, today)
    if (
        len(mentions) != 1
        or scan[: mentions[0].start].strip(" ,.")
        or scan[mentions[0].end :].strip(" ,.")
    ):
        raise ValueError(
            f"I couldn't read “{scan[:60]}” as one date; try “last Friday” or 30/09/2026."
        )
    role = Role.COMPLETION if completion else Role.TARGET
    try:
        return mentions[0].resolve(role)
    except BadDate as bad:
        raise ValueError(bad.message.format(phrase=scan)) from None
