"""Gather the board report from the database: open reviews, themes, and the longest overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.report.model import BoardReport, OverdueLine, ReviewLine, SeriesPoint, ThemeItem
from bot.services.pack_data import assurance_of
from bot.status import Status, is_overdue, rag_for
from storage.models import Action
from storage.repositories import lessons

POINTS = 8
LONGEST_OVERDUE = 25
UNTHEMED = "No theme"

History = list[tuple[date, str, date | None, date | None]]


def sample_days(start: date, end: date, points: int = POINTS) -> list[date]:
    """Return up to `points` days spread evenly from start to end, both included."""
    span = (end - start).days
    if span <= 0:
        return [end]
    count = min(points, span + 1)
    return sorted({start + timedelta(days=round(i * span / (count - 1))) for i in range(count)})


def _state_on(action: Action, history: History, day: date) -> tuple[str, date | None] | None:
    """Return (status, due date) at the end of `day`, or None when the action did not exist."""
    status: str | None = None
    due = action.due_date
    moves = [(when, before, new) for when, _s, before, new in history if new is not None]
    if moves:
        # The due date before the first move was the plan's; replay the moves up to `day`.
        due = moves[0][1]
        for when, _before, new in moves:
            if when <= day:
                due = new
    for when, after, _before, _new in history:
        if when > day:
            break
        status = after
    if status is None:
        return None
    return status, due


def _progress(actions: list[Action], today: date) -> str:
    if not actions:
        return "no actions"
    done = sum(1 for a in actions if a.status == Status.COMPLETE)
    late = sum(1 for a in actions if is_overdue(a.status, a.due_date, today))
    text = f"{done} of {len(actions)} actions complete"
    return text + (f", {late} overdue" if late else "")


def board_report(*, start: date, end: date, tz: ZoneInfo, session: Session) -> BoardReport:
    """Return the board report for the period, as of its last day."""
    actions = lessons.all_actions(session=session)
    histories: dict[int, History] = defaultdict(list)
    for action_id, when, after, before, new in lessons.status_history(session=session):
        histories[action_id].append((_local(when, tz), after, before, new))
    by_review: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_review[action.review_id].append(action)
    days = sample_days(start, end)
    lines: list[ReviewLine] = []
    overdue: list[OverdueLine] = []
    open_reviews: set[int] = set()
    for review_actions in by_review.values():
        if all(a.status == Status.COMPLETE for a in review_actions):
            continue
        review = review_actions[0].review
        open_reviews.add(review.id)
        lines.append(_review_line(review_actions, histories, days, end, session=session))
        overdue.extend(
            OverdueLine(
                review=review.slug,
                ref=a.ref,
                text=a.text,
                lead_agency=a.lead_agency.code,
                due_date=a.due_date,
                days_overdue=(end - a.due_date).days,
            )
            for a in review_actions
            if a.due_date is not None and is_overdue(a.status, a.due_date, end)
        )
    lines.sort(key=lambda line: line.slug)
    overdue.sort(key=lambda o: (-o.days_overdue, o.review, o.ref))
    return BoardReport(
        start=start,
        end=end,
        reviews=tuple(lines),
        themes=_themes(open_reviews, by_review, end, session=session),
        overdue=tuple(overdue[:LONGEST_OVERDUE]),
    )


def _local(when: datetime, tz: ZoneInfo) -> date:
    return when.astimezone(tz).date()


def _review_line(
    actions: list[Action],
    histories: dict[int, History],
    days: list[date],
    end: date,
    *,
    session: Session,
) -> ReviewLine:
    review = actions[0].review
    by_status = {status.label: 0 for status in Status}
    signed = reprogrammed = 0
    slips: list[int] = []
    for action in actions:
        by_status[Status(action.status).label] += 1
        assurance = assurance_of(action, session=session, decision=False)
        signed += assurance.signed_off_on is not None
        if assurance.times_reprogrammed:
            reprogrammed += 1
            slips.append(assurance.slip_days)
    series = []
    for day in days:
        rag = dict.fromkeys(("blue", "green", "amber", "red", "grey"), 0)
        for action in actions:
            state = _state_on(action, histories.get(action.id, []), day)
            if state is not None:
                status, due = state
                rag[rag_for(Status(status), overdue=is_overdue(status, due, day))] += 1
        series.append(SeriesPoint(day=day, rag=rag))
    return ReviewLine(
        slug=review.slug,
        title=review.title,
        review_type=review.type,
        total=len(actions),
        by_status=by_status,
        overdue=sum(1 for a in actions if is_overdue(a.status, a.due_date, end)),
        signed_off_pct=round(100 * signed / len(actions), 1) if actions else 0.0,
        reprogrammed=reprogrammed,
        average_slip_days=round(sum(slips) / len(slips), 1) if slips else 0.0,
        series=tuple(series),
    )


def _themes(
    open_reviews: set[int], by_review: dict[int, list[Action]], end: date, *, session: Session
) -> dict[str, tuple[ThemeItem, ...]]:
    grouped: dict[str, list[ThemeItem]] = defaultdict(list)
    actions_of: dict[int, list[Action]] = defaultdict(list)
    for review_actions in by_review.values():
        for action in review_actions:
            actions_of[action.recommendation_id].append(action)
    for rec in lessons.recommendations(session=session):
        if rec.review_id not in open_reviews:
            continue
        grouped[rec.controlled_theme or UNTHEMED].append(
            ThemeItem(
                review=rec.review.slug,
                number=rec.number,
                text=rec.text,
                progress=_progress(actions_of.get(rec.id, []), end),
            )
        )
    # The themes that recur across most reviews first: where the partnership keeps learning.
    order = sorted(grouped, key=lambda t: (t == UNTHEMED, -len({i.review for i in grouped[t]}), t))
    return {theme: tuple(grouped[theme]) for theme in order}
