"""Agencies, their members and the coordinators; who someone is, and what their Home shows."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import NotFound, UserFacingError
from bot.permissions import Actor, Operation
from bot.readmodel.actions import ActionPage
from bot.readmodel.home import AgencyView, HomeData, ReviewGlance
from bot.roles import authorize
from bot.safety.text import shown_code
from bot.services.access import Visible, visible_reviews
from bot.services.action_pages import PAGE_SIZE, page_of_list, viewer_of
from bot.services.actions import caller
from bot.services.assurance import AssuranceService
from bot.services.context import ServiceContext
from bot.status import Status
from storage.models import Agency
from storage.repositories import access, people, reviews
from storage.repositories import action_lists as lists
from storage.repositories import actions as action_repo

logger = logging.getLogger(__name__)

ROLES = ("lead", "member")
HOME_SHOWN = 20  # actions shown per section of App Home


def visible_agencies(actor: Actor, visible: Visible, *, session: Session) -> set[int] | None:
    """Return the agencies `actor` may look up: their own and those taking part in the
    reviews they see; None for every agency (coordinators)."""
    if visible.review_ids is None:
        return None
    return set(actor.member_of) | access.agencies_taking_part(visible.review_ids, session=session)


def _may_look_up(actor: Actor, visible: Visible, agency_id: int, *, session: Session) -> bool:
    """Tell whether `actor` may look up this agency: the one-agency form of visible_agencies."""
    if visible.review_ids is None or agency_id in actor.member_of:
        return True
    taking_part = access.reviews_taking_part([agency_id], session=session)
    return not taking_part.isdisjoint(visible.review_ids)


@dataclass(frozen=True)
class Removed:
    """Whether someone was removed from an agency, and the actions they own but no longer see."""

    removed: bool
    unseen_owned: tuple[str, ...]


class PeopleService:
    """Who is who in the partnership, and the coordinators' changes to it."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def actor(self, user_id: str) -> Actor:
        """Return who the user is (no permission needed)."""
        with self.ctx.db.uow() as session:
            return self.ctx.actor(user_id, session=session)

    def agency(self, user_id: str, code: str, page: int = 0) -> AgencyView:
        """Return an agency's people and one page of its actions."""
        with self.ctx.db.uow() as session:
            actor, visible = caller(self.ctx, user_id, session=session)
            agency = people.get_agency(code, session=session)
            if agency is None or not _may_look_up(actor, visible, agency.id, session=session):
                shown = visible_agencies(actor, visible, session=session)
                known = [
                    a.code
                    for a in people.list_agencies(session=session)
                    if shown is None or a.id in shown
                ]
                raise NotFound(
                    f"There is no agency `{shown_code(code)}`. "
                    f"Agencies: {', '.join(known) or 'none yet'}."
                )
            memberships = people.members_of(agency.id, session=session)
            return AgencyView(
                code=agency.code,
                name=agency.name,
                leads=tuple(m.user_id for m in memberships if m.role == "lead"),
                members=tuple(m.user_id for m in memberships if m.role != "lead"),
                actions=page_of_list(
                    viewer_of(actor, visible),
                    lists.of_agencies([agency.id]),
                    ctx=self.ctx,
                    page=page,
                    size=PAGE_SIZE,
                    session=session,
                ),
            )

    def home(self, user_id: str) -> HomeData:
        """Return App Home's content; strangers get only the coordinators' names."""
        with self.ctx.db.uow() as session:
            actor = self.ctx.actor(user_id, session=session)
            if not actor.registered:
                nothing = ActionPage((), 0, 0)
                return HomeData(actor, nothing, nothing, (), actor.coordinators)
            visible = visible_reviews(actor, session=session)
            viewer = viewer_of(actor, visible)
            mine = page_of_list(
                viewer, lists.owned_by(user_id), ctx=self.ctx, size=HOME_SHOWN, session=session
            )
            others = lists.not_owned_by(user_id) & lists.of_agencies(actor.member_of)
            agency = page_of_list(viewer, others, ctx=self.ctx, size=HOME_SHOWN, session=session)
            glance = self._glance(session, visible)
            if not actor.coordinator:
                return HomeData(actor, mine, agency, glance, actor.coordinators)
            assurance = AssuranceService(self.ctx)
            return HomeData(
                actor,
                mine,
                agency,
                glance,
                actor.coordinators,
                awaiting=assurance.awaiting(session, user_id),
                proposals=assurance.proposals(session),
            )

    def _glance(self, session: Session, visible: Visible) -> tuple[ReviewGlance, ...]:
        counts: dict[int, Counter[str]] = {}
        overdue: Counter[int] = Counter()
        for review_id, status, count, late in action_repo.status_counts(
            self.ctx.today(), session=session
        ):
            counts.setdefault(review_id, Counter())[status] += count
            overdue[review_id] += late
        return tuple(
            ReviewGlance(
                slug=review.slug,
                title=review.title,
                counts={s.value: counts.get(review.id, Counter())[s.value] for s in Status},
                overdue=overdue[review.id],
                total=sum(counts.get(review.id, Counter()).values()),
            )
            for review in visible.reviews(reviews.list_reviews(session=session))
        )

    def roster(self) -> list[tuple[str, list[str]]]:
        """Return everyone with a role (trusted callers: the console), with their roles."""
        found: dict[str, list[str]] = {}
        with self.ctx.db.uow() as session:
            for user_id in self.ctx.coordinators(session=session):
                found.setdefault(user_id, []).append("coordinator")
            for agency in people.list_agencies(session=session):
                for membership in people.members_of(agency.id, session=session):
                    found.setdefault(membership.user_id, []).append(
                        f"{membership.role} of {agency.code}"
                    )
        return list(found.items())

    # -- coordinators' changes -------------------------------------------------------------

    def _agency_to_manage(self, user_id: str, code: str, session: Session) -> Agency:
        authorize(self.ctx.actor(user_id, session=session), Operation.MANAGE_PEOPLE)
        agency = people.get_agency(code, session=session)
        if agency is None:
            raise NotFound(f"There is no agency `{code}`.")
        return agency

    def set_member(self, user_id: str, code: str, member_id: str, role: str) -> str:
        """Add someone to an agency as `lead` or `member` (coordinators only)."""
        if role not in ROLES:
            raise UserFacingError(f"The role must be `lead` or `member`, not `{role}`.")
        with self.ctx.db.uow() as session:
            agency = self._agency_to_manage(user_id, code, session)
            people.set_membership(
                agency, member_id, role, added_by=user_id, now=self.ctx.clock(), session=session
            )
            logger.info("membership of %s in agency %s set by %s", member_id, agency.id, user_id)
            return agency.code

    def remove_member(self, user_id: str, code: str, member_id: str) -> Removed:
        """Remove someone from an agency (coordinators only); say which of the actions they
        own they can no longer see, for a coordinator to reassign."""
        with self.ctx.db.uow() as session:
            agency = self._agency_to_manage(user_id, code, session)
            removed = people.remove_membership(agency.id, member_id, session=session)
            if not removed:
                return Removed(False, ())
            session.flush()
            visible = visible_reviews(self.ctx.actor(member_id, session=session), session=session)
            owned = action_repo.owned_refs(member_id, session=session)
            unseen = [f"{slug}:{ref}" for review, slug, ref in owned if not visible.review(review)]
            return Removed(True, tuple(unseen))

    def set_coordinator(self, user_id: str, member_id: str, *, add: bool) -> bool:
        """Add or remove a coordinator (coordinators only)."""
        with self.ctx.db.uow() as session:
            authorize(self.ctx.actor(user_id, session=session), Operation.MANAGE_PEOPLE)
            if add:
                return people.add_coordinator(
                    member_id, added_by=user_id, now=self.ctx.clock(), session=session
                )
            if member_id in self.ctx.env_coordinators:
                raise UserFacingError(
                    f"<@{member_id}> is a coordinator through DHR_COORDINATORS; change it there."
                )
            return people.remove_coordinator(member_id, session=session)
