"""Fuzzy target dates (docs/fuzzy-targets.md): every phrasing, table-driven."""

from datetime import date

import pytest

from bot.dates.phrases import BadDate, Role, find_dates
from bot.dates.targets import Target, TargetKind, interpret_target, next_quarter_review

TODAY = date(2026, 11, 26)
PUBLISHED = date(2022, 3, 1)


LILY = [
    ("Autumn 2022", date(2022, 9, 1), date(2022, 11, 30)),
    ("Dec 22", date(2022, 12, 1), date(2022, 12, 31)),
    ("Summer 2023", date(2023, 6, 1), date(2023, 8, 31)),
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("Dec 2022", date(2022, 12, 1), date(2022, 12, 31)),
]


@pytest.mark.parametrize(("text", "start", "due"), LILY)
def test_lily_targets_become_windows(text: str, start: date, due: date) -> None:
    assert interpret_target(text, today=TODAY) == Target(
        kind=TargetKind.DATE, text=text, due_date=due, window_start=start
    )


def test_lily_markers() -> None:
    assert interpret_target("Implemented", today=TODAY) == Target(
        TargetKind.COMPLETE, "Implemented"
    )
    assert interpret_target("Ongoing", today=TODAY) == Target(TargetKind.ONGOING, "Ongoing")


def test_lily_publication_target_with_publication_date() -> None:
    text = "within six months of publication"
    assert interpret_target(text, published=PUBLISHED, today=TODAY) == Target(
        kind=TargetKind.DATE, text=text, due_date=date(2022, 9, 1), window_start=PUBLISHED
    )


DUE_DATES = [
    # seasons (meteorological), with the punctuation and spacing plans really have
    ("Autumn, 2022", date(2022, 11, 30)),
    ("Summer 2023.", date(2023, 8, 31)),
    ("  SPRING   2024 ", date(2024, 5, 31)),
    ("Fall 2022", date(2022, 11, 30)),
    ("Winter 2023", date(2024, 2, 29)),
    ("Winter 2022", date(2023, 2, 28)),
    ("Winter 2023/24", date(2024, 2, 29)),
    ("Winter 23", date(2024, 2, 29)),
    ("autumn of 2022", date(2022, 11, 30)),
    # months: two digits after a month are a year
    ("March 2024", date(2024, 3, 31)),
    ("Mar 2024", date(2024, 3, 31)),
    ("march 24", date(2024, 3, 31)),
    ("March '24", date(2024, 3, 31)),
    ("Sept. 2024", date(2024, 9, 30)),
    ("Feb 2024", date(2024, 2, 29)),
    ("February 23", date(2023, 2, 28)),
    ("09/2024", date(2024, 9, 30)),
    # calendar quarters, halves and parts of a year
    ("Q3 2023", date(2023, 9, 30)),
    ("q1 2024", date(2024, 3, 31)),
    ("Quarter 4 2023", date(2023, 12, 31)),
    ("2023 Q3", date(2023, 9, 30)),
    ("Q3 23", date(2023, 9, 30)),
    ("H1 2024", date(2024, 6, 30)),
    ("H2 2024", date(2024, 12, 31)),
    ("first half of 2024", date(2024, 6, 30)),
    ("early 2023", date(2023, 4, 30)),
    ("mid 2023", date(2023, 8, 31)),
    ("Mid-2023", date(2023, 8, 31)),
    ("late 2023", date(2023, 12, 31)),
    # UK financial years and quarters (Q1 = Apr-Jun)
    ("Q2 2024/25", date(2024, 9, 30)),
    ("Q2 2024-25", date(2024, 9, 30)),
    ("Q2 24/25", date(2024, 9, 30)),
    ("Q2 2024/2025", date(2024, 9, 30)),
    ("Q1 2024/25", date(2024, 6, 30)),
    ("Q3 FY2024/25", date(2024, 12, 31)),
    ("Q4 2024/25", date(2025, 3, 31)),
    ("2024/25", date(2025, 3, 31)),
    ("2024-25", date(2025, 3, 31)),
    ("2024 – 25", date(2025, 3, 31)),
    ("FY 2024/25", date(2025, 3, 31)),
    ("FY24/25", date(2025, 3, 31)),
    ("H1 2024/25", date(2024, 9, 30)),
    ("H2 2024/25", date(2025, 3, 31)),
    # full dates, day first
    ("30/09/2024", date(2024, 9, 30)),
    ("30/09/24", date(2024, 9, 30)),
    ("1/4/2024", date(2024, 4, 1)),
    ("30.09.2024", date(2024, 9, 30)),
    ("30-09-2024", date(2024, 9, 30)),
    ("2024-09-30", date(2024, 9, 30)),
    ("30 September 2024", date(2024, 9, 30)),
    ("30th September 2024", date(2024, 9, 30)),
    ("30 Sep 24", date(2024, 9, 30)),
    ("September 30, 2024", date(2024, 9, 30)),
    ("1st of March 2024", date(2024, 3, 1)),
    # "by", "end of", "no later than"
    ("end of March", date(2027, 3, 31)),
    ("End of March 2024", date(2024, 3, 31)),
    ("by end of 2023", date(2023, 12, 31)),
    ("By the end of December 2022", date(2022, 12, 31)),
    ("end of Q3 2023", date(2023, 9, 30)),
    ("by Dec 22", date(2022, 12, 31)),
    ("due by Q1 2025", date(2025, 3, 31)),
    ("No later than 30/09/2024", date(2024, 9, 30)),
    # ranges end on the last day of their second part
    ("Sep 2022 - Mar 2023", date(2023, 3, 31)),
    ("Autumn 2022 to Spring 2023", date(2023, 5, 31)),
]


@pytest.mark.parametrize(("text", "due"), DUE_DATES)
def test_due_date(text: str, due: date) -> None:
    target = interpret_target(text, today=TODAY)
    assert (target.kind, target.due_date, target.text, target.reason) == (
        TargetKind.DATE,
        due,
        text,
        None,
    )


WINDOW_STARTS = [
    ("Winter 2023", date(2023, 12, 1)),
    ("Spring 2024", date(2024, 3, 1)),
    ("March 2024", date(2024, 3, 1)),
    ("Q3 2023", date(2023, 7, 1)),
    ("Q2 2024/25", date(2024, 7, 1)),
    ("Q4 2024/25", date(2025, 1, 1)),
    ("2024/25", date(2024, 4, 1)),
    ("H2 2024/25", date(2024, 10, 1)),
    ("H2 2024", date(2024, 7, 1)),
    ("early 2023", date(2023, 1, 1)),
    ("mid 2023", date(2023, 5, 1)),
    ("late 2023", date(2023, 9, 1)),
    ("2023", date(2023, 1, 1)),
    ("30/09/2024", date(2024, 9, 30)),
    ("end of March", date(2027, 3, 1)),
    ("Sep 2022 - Mar 2023", date(2022, 9, 1)),
]


@pytest.mark.parametrize(("text", "start"), WINDOW_STARTS)
def test_window_start(text: str, start: date) -> None:
    target = interpret_target(text, today=TODAY)
    assert target.window_start == start
    assert target.due_date is not None and target.window_start <= target.due_date


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 3, 30), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),  # today itself is still "on or after today"
        (date(2026, 4, 1), date(2027, 3, 31)),
    ],
)
def test_end_of_month_without_year_is_next_occurrence(today: date, due: date) -> None:
    assert interpret_target("end of March", today=today).due_date == due


MARKERS = [
    ("Implemented", TargetKind.COMPLETE),
    ("implemented.", TargetKind.COMPLETE),
    ("Complete", TargetKind.COMPLETE),
    ("Completed", TargetKind.COMPLETE),
    ("DONE", TargetKind.COMPLETE),
    ("Ongoing", TargetKind.ONGOING),
    ("On-going", TargetKind.ONGOING),
    ("on going", TargetKind.ONGOING),
    ("Continuous", TargetKind.ONGOING),
]


@pytest.mark.parametrize(("text", "kind"), MARKERS)
def test_markers_have_no_due_date(text: str, kind: TargetKind) -> None:
    assert interpret_target(text, today=TODAY) == Target(kind=kind, text=text)


PUBLICATION = [
    ("within six months of publication", date(2022, 9, 1)),
    ("6 months after publication", date(2022, 9, 1)),
    ("Within 3 months of publication of this DHR", date(2022, 6, 1)),
    ("within six months of the publication of this report", date(2022, 9, 1)),
    ("within 12 weeks of publication", date(2022, 5, 24)),
    ("within a year of publication", date(2023, 3, 1)),
    ("twelve months following publication", date(2023, 3, 1)),
]


@pytest.mark.parametrize(("text", "due"), PUBLICATION)
def test_relative_to_publication(text: str, due: date) -> None:
    assert interpret_target(text, published=PUBLISHED, today=TODAY) == Target(
        kind=TargetKind.DATE, text=text, due_date=due, window_start=PUBLISHED
    )


def test_relative_clamps_to_month_end() -> None:
    target = interpret_target(
        "within six months of publication", published=date(2023, 8, 31), today=TODAY
    )
    assert target.due_date == date(2024, 2, 29)


@pytest.mark.parametrize("text", [p[0] for p in PUBLICATION])
def test_relative_without_publication_date_explains(text: str) -> None:
    target = interpret_target(text, today=TODAY)
    assert (target.kind, target.due_date, target.window_start) == (TargetKind.RELATIVE, None, None)
    assert target.reason is not None and "publication date" in target.reason


UNKNOWN = [
    ("", "No target date given."),
    ("   ", "No target date given."),
    ("-", "No target date given."),
    ("N/A", "No target date given."),
    ("TBC", "still to be confirmed"),
    ("to be agreed", "still to be confirmed"),
    ("soon", "set the due date by hand"),
    ("ASAP", "set the due date by hand"),
    ("next week", "set the due date by hand"),
    ("Spring", "without a year"),
    ("Winter", "without a year"),
    ("March", "without a year"),
    ("end of the year", "set the due date by hand"),
    ("22 Dec", "day without a year"),
    ("Dec 22nd", "day without a year"),
    ("30th of September", "day without a year"),
    ("12/24", "Two numbers"),
    ("30/09", "Two numbers"),
    ("31/02/2024", "does not exist"),
    ("2024-13-01", "does not exist"),
    ("2024/26", "consecutive years"),
    ("Q2 2023/25", "consecutive years"),
    ("Spring 2024/25", "split year"),
    ("Winter 2023/25", "split year"),
    ("Q5 2023", "set the due date by hand"),
    ("1922", "set the due date by hand"),
    ("Autumn term 2022", "set the due date by hand"),
    ("before March 2024", "'Before'"),
    ("Dec 22 / Mar 23", "Several dates"),
    ("Mar 2023 - Sep 2022", "ends before it starts"),
    ("within 6 months", "set the due date by hand"),
    ("on publication", "Relative to publication"),
    ("Summer 2023 (revised)", "set the due date by hand"),
]


@pytest.mark.parametrize(("text", "reason"), UNKNOWN)
def test_not_understood_is_kept_verbatim_and_explained(text: str, reason: str) -> None:
    target = interpret_target(text, published=PUBLISHED, today=TODAY)
    assert (target.kind, target.text, target.due_date, target.window_start) == (
        TargetKind.UNKNOWN,
        text,
        None,
        None,
    )
    assert target.reason is not None and reason in target.reason


def test_result_does_not_depend_on_today_for_dated_targets() -> None:
    assert interpret_target("30 Sep 24", today=date(2099, 1, 1)).due_date == date(2024, 9, 30)
    assert interpret_target("Dec 22", today=date(2022, 12, 1)).due_date == date(2022, 12, 31)


@pytest.mark.parametrize(
    ("today", "review"),
    [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 8, 15), date(2026, 9, 30)),
        (date(2026, 11, 26), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_next_quarter_review(today: date, review: date) -> None:
    assert next_quarter_review(today) == review


def test_calendar_helpers_are_shared_by_targets_and_phrases() -> None:
    from bot.dates import calendar

    assert calendar.month_number("Sept") == 9
    assert calendar.month_number("december") == 12
    assert calendar.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert calendar.add_months(date(2024, 3, 31), -13) == date(2023, 2, 28)
    assert calendar.calendar_quarter(2023, 3) == (date(2023, 7, 1), date(2023, 9, 30))
    assert calendar.financial_quarter(2024, 2) == (date(2024, 7, 1), date(2024, 9, 30))
    assert calendar.financial_quarter(2024, 4) == (date(2025, 1, 1), date(2025, 3, 31))
    assert calendar.quarter_end(date(2026, 11, 26)) == date(2026, 12, 31)
    assert calendar.day_exists(2, 29) and not calendar.day_exists(2, 30)


def _read(text: str, role: Role, today: date = date(2026, 11, 26)) -> date | str:
    (mention,) = find_dates(text, today)
    try:
        return mention.resolve(role)
    except BadDate as bad:
        return bad.message.format(phrase=text[mention.start : mention.end])


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        # "w/c" is the Monday: a due date, never a completion day; a non-Monday is refused.
        ("now due w/c 7 December", Role.TARGET, date(2026, 12, 7)),
        ("week commencing 1 March 2027", Role.TARGET, date(2027, 3, 1)),
        ("w/c 07/12", Role.TARGET, date(2026, 12, 7)),
        ("w/c 3 March", Role.TARGET, "“w/c 3 March”: Wed 3 Mar 2027 is not a Monday"),
        ("done w/c 9 November", Role.COMPLETION, "is a week, not a day"),
        # Quarters end on their last day; without a year, the next one (docs/fuzzy-targets.md).
        ("target end of Q3", Role.TARGET, date(2027, 9, 30)),
        ("by Q4", Role.TARGET, date(2026, 12, 31)),
        ("new deadline Q2 27/28", Role.TARGET, date(2027, 9, 30)),
        ("end of Q3 2026/27", Role.TARGET, date(2026, 12, 31)),
        ("Q1 2027", Role.TARGET, date(2027, 3, 31)),
        ("by Q2 24/26", Role.TARGET, "a financial year runs over two years"),
        ("done by end of Q3", Role.COMPLETION, "is a quarter, not a day"),
        # "the 14th": the most recent for a completion, the next for a target.
        ("finished on the 14th", Role.COMPLETION, date(2026, 11, 14)),
        ("finished on the 30th", Role.COMPLETION, date(2026, 10, 30)),
        ("revised date the 14th", Role.TARGET, date(2026, 12, 14)),
        ("by the 31st", Role.TARGET, date(2026, 12, 31)),
    ],
)
def test_weeks_quarters_and_days_of_the_month(text: str, role: Role, expected: object) -> None:
    result = _read(text, role)
    if isinstance(expected, str):
        assert isinstance(result, str) and expected in result
    else:
        assert result == expected


@pytest.mark.parametrize("text", ["Q2 data was shared", "the 4th time we met", "Q3 figures"])
def test_quarter_and_ordinal_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, date(2026, 11, 26)) == []
