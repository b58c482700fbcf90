"""Pages of action lists: who is asking, which list, and one page of it in two queries."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.permissions import Actor, Operation, Target, allowed
from bot.readmodel.actions import ActionPage, view_of_listed
from bot.services.access import Visible
from bot.services.context import ServiceContext
from storage.repositories import action_lists as lists
from storage.repositories import people as people_repo

DUE_SOON_DAYS = 30
PAGE_SIZE = 15  # actions per page of a list (a page must fit Slack's 50 blocks)
LIST_KINDS = ("mine", "overdue", "due", "agency")


def viewer_of(actor: Actor, visible: Visible) -> lists.Viewer:
    """Return what the list queries need to know about the caller, need to know included."""
    return lists.Viewer(
        user_id=actor.user_id,
        coordinator=actor.coordinator,
        lead_of=actor.lead_of,
        member_of=actor.member_of,
        review_ids=visible.review_ids,
    )


def list_condition(
    ctx: ServiceContext, kind: str, arg: str, viewer: lists.Viewer, *, session: Session
) -> lists.Where:
    """Return the condition of the list `kind` (`agency` takes its code in `arg`)."""
    today = ctx.today()
    if kind == "mine":
        return lists.mine(viewer)
    if kind == "overdue":
        return lists.overdue_on(today)
    if kind == "due":
        return lists.due_between(today, today + timedelta(days=DUE_SOON_DAYS))
    if kind == "agency":
        agency = people_repo.get_agency(arg, session=session)
        if agency is None:
            raise NotFound(f"There is no agency `{arg[:32]}`.")
        return lists.of_agencies([agency.id])
    raise NotFound(f"There is no list `{kind[:20]}`.")


def page_of_list(
    viewer: lists.Viewer,
    condition: lists.Where,
    *,
    ctx: ServiceContext,
    page: int = 0,
    size: int | None = PAGE_SIZE,
    session: Session,
) -> ActionPage:
    """Return one page of a list (its counts, then its rows: two queries, whatever its size).

    `size` None returns the whole list in one page. A page past the end shows the last.
    """
    today = ctx.today()
    counts = lists.count(viewer, condition, today=today, session=session)
    pages = max(1, -(-counts.total // size)) if size else 1
    page = min(max(page, 0), pages - 1)
    found = (
        lists.page(
            viewer,
            condition,
            today=today,
            offset=page * (size or 0),
            limit=size,
            session=session,
        )
        if counts.total
        else []
    )
    months = ctx.settings.dhr_assurance_months
    views = tuple(view_of_listed(a, today, months) for a in found)
    actor = Actor(viewer.user_id, viewer.coordinator, viewer.lead_of, viewer.member_of)
    return ActionPage(
        views=views,
        total=counts.total,
        overdue=counts.overdue,
        page=page,
        pages=pages,
        updatable=frozenset(
            view.id
            for view in views
            if allowed(
                actor, Operation.UPDATE, Target(view.agency_id, view.owner_id, view.delivering_id)
            )
        ),
    )
