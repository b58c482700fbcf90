"""The words partnership staff use for where an action stands (docs: plain-language rules).

Every phrase maps to one status, or to none (``NO_STATUS``: the coordinator decides). Weak
in-progress phrases ("ongoing", "being drafted") give way to any other status but Complete.
"""

from __future__ import annotations

import re

from bot.status import Status

_C, _P, _R, _B, _N = (
    Status.COMPLETE,
    Status.IN_PROGRESS,
    Status.AT_RISK,
    Status.BLOCKED,
    Status.NOT_STARTED,
)

# phrase (regex, spaces match any run of blanks) -> status
PHRASES: dict[str, Status] = {
    "done": _C, "completed": _C, "complete": _C, "delivered": _C, "finished": _C,
    "implemented": _C, "signed off": _C, "signed-off": _C, "embedded": _C,
    "business as usual": _C, "bau": _C, "ratified": _C, "published": _C, "went live": _C,
    "gone live": _C, "now live": _C, "is live": _C, "launched": _C, "rolled out": _C,
    "closed": _C, "in use": _C, "in place": _C, "achieved": _C,
    "started": _P, "underway": _P, "under way": _P, "on track": _P, "in progress": _P,
    "begun": _P, "commenced": _P, "restarted": _P, "resumed": _P, "back on track": _P,
    "delayed": _R, "slipping": _R, "slipped": _R, "behind": _R, "at risk": _R,
    "running late": _R, "stalled": _R, "overdue": _R, "off track": _R,
    "blocked": _B, "stuck": _B, "waiting on": _B, "waiting for": _B, "awaiting": _B,
    "on hold": _B, "on-hold": _B, "paused": _B, "parked": _B, "held up": _B,
    "not started": _N, "yet to start": _N, "yet to begin": _N, "not commenced": _N,
}  # fmt: skip

# Phrases that say work is going on, without saying whether it is on time.
WEAK_IN_PROGRESS = re.compile(
    r"\b(?:ongoing|on-going|progressing|in\s+hand|in\s+development|continuing|continues"
    r"|being\s+(?:[a-z]+ed|written|rolled\s+out|set\s+up|built|drawn\s+up|redone|undertaken))\b",
    re.IGNORECASE,
)

# RAG colours, as board reports use them (docs/statuses.md: BRAG adds blue for complete).
COLOURS: dict[str, Status] = {
    "red": _B, "amber": _R, "green": _P, "blue": _C, "grey": _N, "gray": _N,
}  # fmt: skip

# Phrases that close an action without completing it: never guessed, always asked.
NO_STATUS = re.compile(
    r"\b(?:superseded|no\s+longer\s+(?:required|needed|necessary|relevant|applicable)"
    r"|not\s+(?:required|needed)\s+any\s+(?:more|longer)|withdrawn|cancell?ed|abandoned"
    r"|not\s+applicable|duplicate\s+of|merged\s+(?:with|into))\b",
    re.IGNORECASE,
)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Return a regex alternation of phrases, longest first, blanks matching any spacing."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


STATUS_PHRASE = re.compile(rf"\b(?:{alternation(list(PHRASES))})\b", re.IGNORECASE)

# Base forms too, for plans ("will finish", "to complete").
_DONE_WORDS = (
    r"complete|completed|finish|finished|deliver|delivered|implement|implemented|done"
    r"|sign(?:ed)?\s+(?:this\s+|it\s+)?off|signed-off|embed|embedded|publish|published"
    r"|launch|launched|live|ratified|in\s+place|roll(?:ed)?\s+out|close|closed"
)

# "will be complete", "due to finish", "should be done by": a plan, not a status.
PLAN = re.compile(
    r"\b(?:will|shall|should|would|could|may|might|must|going\s+to|due\s+to|expected\s+to"
    r"|expect\s+to|aim(?:ing)?\s+to|hop(?:e|ing)\s+to|plan(?:ning)?\s+to|intend(?:ing)?\s+to"
    r"|yet\s+to|to)\s+"
    r"(?:(?:be|have|been|get|go|fully|all|this|it|work|the\s+work|then|now)\s+)*"
    rf"(?P<word>{_DONE_WORDS})\b",
    re.IGNORECASE,
)

_ALL_WORDS = alternation([*PHRASES, "started", "begun"])
# "not done", "hasn't started", "no longer blocked": the word is there, the status is not.
NEGATED = re.compile(
    r"(?:\bnot|\bnever|\bno\s+longer|n[’']t)\s+"
    r"(?:(?:yet|been|be|quite|fully|really|properly|actually|even|all|got|gone|any)\s+)*"
    rf"(?P<word>{_ALL_WORDS})\b",
    re.IGNORECASE,
)
NOT_STARTED_WORDS = {"started", "begun", "commenced"}
# "hasn't signed it off", "never got the protocol implemented": a negation a few words away.
NEGATED_NEAR = re.compile(
    r"(?:\bnot|\bnever|n[’']t)\s+(?:[a-z]+\s+){0,4}?"
    rf"(?P<word>signed\s+(?:[a-z]+\s+){{0,3}}?off|{_DONE_WORDS})\b",
    re.IGNORECASE,
)
# Words that often, but not always, mean the action is complete ("funding approved"): asked.
MAYBE_DONE = re.compile(
    r"(?<!\bas\s)\b(?:approved|adopted|agreed|endorsed|accepted|signed)\b", re.IGNORECASE
)

_STATUSY = r"complete|completed|finished|blocked|delayed|stalled|on[\s-]hold|paused|parked"
_STATUSY += r"|overdue|delivered|implemented|published|ongoing|outstanding|embedded"
_NOT_A_NOUN = (
    r"and|or|but|now|as|by|on|in|at|since|with|for|to|from|yet|across|except|apart|bar|save"
    r"|pending|subject|awaiting|waiting|although|though|however|so|then|today|yesterday|this"
    r"|last|following|after|before|ahead|within|overall|early|already|also|too|per|via|is|was"
    r"|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*"
    r"|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*"
)
# "the blocked referrals", "a full and complete record", "complete review of…": a status
# word describing a thing, not the action.
ADJECTIVE = re.compile(
    rf"\b(?:the|a|an|these|those|our|their|its)\s+(?P<word>{_STATUSY})\s+(?!(?:{_NOT_A_NOUN})\b)"
    rf"(?=[a-z])|\b(?P<bare>complete)\s+(?!(?:{_NOT_A_NOUN})\b)(?=[a-z])",
    re.IGNORECASE,
)

# "phase one done", "first draft finished", "3 of 5 sessions delivered", "80% complete".
_COUNT = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
PARTIAL = re.compile(
    r"\b(?:phase|stage|part|step|tranche|wave|cohort|module|round)\s+(?:one|two|three|[1-9]"
    r"|i{1,3}|a|b)\b"
    r"|\b(?:first|second|third|initial|1st|2nd|3rd)\s+(?:[a-z]+\s+)?(?:phase|stage|part|draft"
    r"|cohort|tranche|wave|round|module|version|scoping|pilot|session|sessions)\b"
    r"|\b(?:draft|pilot|scoping)\b"
    rf"|\b(?:{_COUNT})\s+(?:of|out\s+of)\s+(?:the\s+)?(?:{_COUNT})\b"
    r"|\b(?!100\s*%)\d{1,2}\s*%"
    r"|\b(?:partially|partly|mostly|largely|nearly|almost|substantially|half)\b",
    re.IGNORECASE,
)
# "12 of 14 practices trained", "half the practices trained": a count of things done.
PARTIAL_COUNT = re.compile(
    rf"\b(?:(?:{_COUNT})\s+(?:of|out\s+of)\s+(?:the\s+)?(?:{_COUNT})|half(?:\s+of)?\s+the)"
    r"(?:\s+[a-z]+){0,4}?\s+[a-z]+ed\b",
    re.IGNORECASE,
)

_COLOUR = "|".join(COLOURS)
# A colour that was the rating before: "from red to amber", "was red, now amber".
PAST_COLOUR = re.compile(
    rf"\b(?:from|was|were|previously)\s+(?:rag\s+|rated\s+)?(?P<c>{_COLOUR})\b", re.IGNORECASE
)
# A colour used as a rating: after RAG/status/is/now…, or standing alone at a clause start.
COLOUR = re.compile(
    rf"(?:\b(?:b?rag|status|rated|rating|now|remains?|still|is|stays?|to|at)\s*"
    rf"(?:status|rating|rated|as)?\s*[:\-–]?\s*|^\s*|[.;!]\s+)(?P<c>{_COLOUR})\b"
    r"(?=\s*(?:[,.;:!\-–(]|$|and\b|but\b|now\b|with\b|overall\b|by\b|on\b|for\b|rag\b|status\b"
    r"|as\b|at\b|since\b|after\b|this\b|due\b|-))",
    re.IGNORECASE,
)
# "Status: pending", "RAG purple": a status the parser does not know must be said.
STATUS_LABEL = re.compile(
    r"\b(?:status|b?rag(?:\s+(?:status|rating))?)\s*(?::|-|–|\bis\b)?\s*(?P<word>[a-z]+)",
    re.IGNORECASE,
)
LABEL_FILLERS = {"status", "rating", "rated", "unchanged", "update", "report", "is", "remains"}

# A question ("Is this done?") asks about the status; it does not say it.
# Only the clause asking: "Completed on 3 March, can you sign it off?" still says complete.
QUESTION = re.compile(r"[^.!?(\n,;:–]*\?")
