"""Find what must never be stored in a review's record: protected names and identifiers.

Published reviews are anonymised; the tracker's record must be too. A review keeps the
real names behind its pseudonyms; any text that contains one, or an NHS number, a date of
birth written as such, a UK phone number or a full postcode, is refused where it enters.
The finding says what *kind* of thing was found, never the thing itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROTECTED_NAME = "a protected name"
NHS_NUMBER = "an NHS number"
DATE_OF_BIRTH = "a date of birth"
PHONE_NUMBER = "a phone number"
POSTCODE = "a full postcode"

# Words that are capitalised at the start of a sentence and are also first names: a part
# of a protected name that is one of these only counts where the whole name is written.
_COMMON_WORDS = frozenset(
    re.findall(
        r"\w+",
        """january february march april may june july august september october november
        december monday tuesday wednesday thursday friday saturday sunday will mark grace
        hope faith joy summer autumn winter spring rose iris ray bill frank dawn sunny
        rich young white black green brown""",
    )
)


@dataclass(frozen=True)
class ProtectedName:
    """A real name that must stay out of the record, and the pseudonym to use instead."""

    name: str
    pseudonym: str = ""


@dataclass(frozen=True)
class Finding:
    """What kind of identifying detail a text holds, and what to write instead."""

    kind: str
    suggestion: str

    @property
    def message(self) -> str:
        """Return the sentence a person sees: the kind found, never the text found."""
        return (
            f"That text contains {self.kind}, which must not be stored in the tracker. "
            f"{self.suggestion}"
        )


def find_sensitive(text: str, names: Sequence[ProtectedName] = ()) -> Finding | None:
    """Return the first identifying detail in `text`, or None when it may be stored."""
    if not text:
        return None
    for check in (_protected_name, _nhs_number, _date_of_birth, _phone_number, _postcode):
        finding = check(text, names)
        if finding is not None:
            return finding
    return None


def holds_name(text: str, names: Sequence[ProtectedName]) -> bool:
    """Tell whether `text` holds one of `names` (a name only, not other identifiers)."""
    return bool(text) and _protected_name(text, names) is not None


def find_in_any(texts: Iterable[str | None], names: Sequence[ProtectedName] = ()) -> Finding | None:
    """Return the first finding in any of `texts`."""
    for text in texts:
        if text:
            finding = find_sensitive(text, names)
            if finding is not None:
                return finding
    return None


# -- protected names ------------------------------------------------------------------


_JOINERS = re.compile(r"%20|[-_.+/=~]+")


def _name_pattern(name: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in name.split()]
    # Whole words only; any run of spaces between parts; a possessive still matches.
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)


def _parts(name: str) -> list[str]:
    return [p for p in name.split() if len(p) >= 3 and p.lower() not in _COMMON_WORDS]


def _protected_name(text: str, names: Sequence[ProtectedName]) -> Finding | None:
    for entry in names:
        if not entry.name.strip():
            continue
        pattern = _name_pattern(entry.name)
        # In links and file names the words are joined: "jane-doe.pdf", "Jane_Doe%20notes".
        hit = pattern.search(text) or pattern.search(_JOINERS.sub(" ", text))
        if hit is None and len(entry.name.split()) > 1:
            # A surname or first name alone, written as a name (capitalised), identifies too.
            hit = next((m for p in _parts(entry.name) if (m := _capitalised(p).search(text))), None)
        if hit is not None:
            use = (
                f"Use the pseudonym “{entry.pseudonym}” instead."
                if entry.pseudonym
                else ("Use the review's pseudonym instead.")
            )
            return Finding(PROTECTED_NAME, use)
    return None


def _capitalised(part: str) -> re.Pattern[str]:
    first, rest = part[0], part[1:]
    return re.compile(
        r"(?<![\w])" + re.escape(first.upper()) + r"(?i:" + re.escape(rest) + r")(?![\w])"
    )


# -- NHS numbers ----------------------------------------------------------------------

_TEN_DIGITS = re.compile(r"(?<![\w/.\-])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\w/]|\.\d)")


def is_nhs_number(digits: str) -> bool:
    """Tell whether ten digits pass the NHS number's modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_number(text: str, _names: Sequence[ProtectedName]) -> Finding | None:
    for match in _TEN_DIGITS.finditer(text):
        if is_nhs_number("".join(match.groups())):
            return Finding(NHS_NUMBER, "Refer to the person by the review's pseudonym.")
    return None


# -- dates of birth -------------------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_A_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+\d{2,4}"
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b(?:\s+(?:on|in))?)"
    r"[\s:\-–—]*(?:was\s+|is\s+)?" + _A_DATE,
    re.IGNORECASE,
)


def _date_of_birth(text: str, _names: Sequence[ProtectedName]) -> Finding | None:
    if _DOB.search(text):
        return Finding(DATE_OF_BIRTH, "Leave dates of birth out of the record.")
    return None


# -- UK phone numbers -----------------------------------------------------------------

_PHONE = re.compile(r"(?<![\w+])(?:\+\s?44|0044|0)[\d \-()]{8,16}\d(?![\w])")


def _is_personal_phone(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):  # "+44 (0)20 …" keeps the trunk zero in brackets
        digits = digits[1:]
    # Geographic (01, 02), 03 and mobile (07) numbers are 11 digits; 08 numbers are
    # freephone and service lines (helplines appear in notes legitimately).
    return len(digits) == 11 and digits[:2] in {"01", "02", "03", "07"}


def _phone_number(text: str, _names: Sequence[ProtectedName]) -> Finding | None:
    for match in _PHONE.finditer(text):
        if _is_personal_phone(match.group(0)):
            return Finding(PHONE_NUMBER, "Leave personal phone numbers out of the record.")
    return None


# -- postcodes ------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![\w])(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})(?![\w])",
    re.IGNORECASE,
)


def _postcode(text: str, _names: Sequence[ProtectedName]) -> Finding | None:
    if _POSTCODE.search(text):
        return Finding(
            POSTCODE, "Leave addresses out of the record; the district or area is enough."
        )
    return None
