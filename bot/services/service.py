"""The tracker's front door: every Slack or console request calls one method here."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import Clock, local_day
from bot.config import Settings
from bot.errors import NotFound, UserFacingError
from bot.permissions import Actor, Operation
from bot.plans.export import PlanRow, plan_rows
from bot.roles import all_coordinators, load_actor, require
from bot.services import writes
from bot.services.inputs import UpdateInput
from bot.services.refs import resolve_ref
from bot.services.views import (
    ActionDetail,
    ActionView,
    attention_order,
    evidence_view,
    history_entry,
    view_of,
)
from bot.status import Status
from storage.db import Database
from storage.models import Action
from storage.repositories import actions as action_repo
from storage.repositories import people, reviews

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class AgencyView:
    """An agency with its people, for `/dhr agency CODE`."""

    code: str
    name: str
    leads: tuple[str, ...]
    members: tuple[str, ...]
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class ReviewGlance:
    """A review's counts by status, for App Home."""

    slug: str
    title: str
    counts: dict[str, int]
    overdue: int
    total: int


@dataclass(frozen=True)
class HomeData:
    """What App Home shows one person."""

    actor: Actor
    mine: tuple[ActionView, ...]
    agency: tuple[ActionView, ...]
    reviews: tuple[ReviewGlance, ...]
    coordinators: tuple[str, ...]


class Tracker:
    """Services over one database, with the clock and settings injected."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def __deepcopy__(self, memo: dict[int, object]) -> Tracker:
        # Bolt deep-copies the context for lazy listeners; the services are shared, not copied.
        return self

    # -- helpers -------------------------------------------------------------------------

    @property
    def _env(self) -> tuple[str, ...]:
        return self.settings.dhr_coordinators

    def today(self) -> date:
        """Return today in the partnership's time zone."""
        return local_day(self.clock(), self.settings.tz)

    def _actor(
        self,
        user_id: str,
        session: Session,
        operation: Operation = Operation.READ,
        action: Action | None = None,
    ) -> Actor:
        actor = load_actor(user_id, session=session, env_coordinators=self._env)
        require(actor, operation, action, session=session, env_coordinators=self._env)
        return actor

    def authorize(
        self, user_id: str, session: Session, operation: Operation = Operation.READ
    ) -> Actor:
        """Load the caller in `session` and raise unless they may do `operation` now."""
        return self._actor(user_id, session, operation)

    def _views(self, actions: list[Action]) -> tuple[ActionView, ...]:
        today = self.today()
        return tuple(sorted((view_of(a, today) for a in actions), key=attention_order))

    # -- reads ---------------------------------------------------------------------------

    def actor(self, user_id: str) -> Actor:
        """Return who the user is (no permission needed)."""
        with self.db.uow() as session:
            return load_actor(user_id, session=session, env_coordinators=self._env)

    def mine(self, user_id: str) -> tuple[ActionView, ...]:
        """Return the caller's actions (owned, and their agencies' if a lead), overdue first."""
        with self.db.uow() as session:
            actor = self._actor(user_id, session)
            return self._views(action_repo.for_person(user_id, actor.lead_of, session=session))

    def overdue(self, user_id: str) -> tuple[ActionView, ...]:
        """Return every overdue action of every review."""
        with self.db.uow() as session:
            self._actor(user_id, session)
            return self._views(action_repo.open_due_before(self.today(), session=session))

    def due(self, user_id: str, days: int = DUE_SOON_DAYS) -> tuple[ActionView, ...]:
        """Return open actions due from today to `days` ahead."""
        with self.db.uow() as session:
            self._actor(user_id, session)
            today = self.today()
            found = action_repo.open_due_between(
                today, today + timedelta(days=days), session=session
            )
            return self._views(found)

    def show(self, user_id: str, ref: str) -> ActionDetail:
        """Return one action with its plan text, history and evidence."""
        with self.db.uow() as session:
            self._actor(user_id, session)
            return self._detail(resolve_ref(ref, session=session), session)

    def _detail(self, action: Action, session: Session) -> ActionDetail:
        return ActionDetail(
            action=view_of(action, self.today()),
            recommendation_text=action.recommendation.text,
            milestones=tuple(action.milestones),
            outcome=action.outcome,
            history=tuple(
                history_entry(u, self.settings.tz)
                for u in action_repo.history(action.id, session=session)
            ),
            evidence=tuple(
                evidence_view(e, self.settings.tz)
                for e in action_repo.evidence_of(action.id, session=session)
            ),
        )

    def view(self, user_id: str, ref_or_id: str | int) -> ActionView:
        """Return one action's snapshot, by typed ref or by id."""
        with self.db.uow() as session:
            self._actor(user_id, session)
            action = (
                self._action(ref_or_id, session)
                if isinstance(ref_or_id, int)
                else resolve_ref(ref_or_id, session=session)
            )
            return view_of(action, self.today())

    def agency(self, user_id: str, code: str) -> AgencyView:
        """Return an agency's people and actions."""
        with self.db.uow() as session:
            self._actor(user_id, session)
            agency = people.get_agency(code, session=session)
            if agency is None:
                known = [a.code for a in people.list_agencies(session=session)]
                raise NotFound(
                    f"There is no agency `{code}`. Agencies: {', '.join(known) or 'none yet'}."
                )
            memberships = people.members_of(agency.id, session=session)
            return AgencyView(
                code=agency.code,
                name=agency.name,
                leads=tuple(m.user_id for m in memberships if m.role == "lead"),
                members=tuple(m.user_id for m in memberships if m.role != "lead"),
                actions=self._views(action_repo.for_agency(agency.id, session=session)),
            )

    def home(self, user_id: str) -> HomeData:
        """Return App Home's content; strangers get only the coordinators' names."""
        with self.db.uow() as session:
            actor = load_actor(user_id, session=session, env_coordinators=self._env)
            coordinators = tuple(all_coordinators(session=session, env_coordinators=self._env))
            if not actor.registered:
                return HomeData(actor, (), (), (), coordinators)
            mine = self._views(action_repo.for_person(user_id, (), session=session))
            agency_actions: list[Action] = []
            for agency_id in sorted(actor.member_of):
                agency_actions += action_repo.for_agency(agency_id, session=session)
            mine_ids = {v.id for v in mine}
            agency = tuple(v for v in self._views(agency_actions) if v.id not in mine_ids)
            return HomeData(actor, mine, agency, self._glance(session), coordinators)

    def _glance(self, session: Session) -> tuple[ReviewGlance, ...]:
        counts: dict[int, Counter[str]] = {}
        overdue: Counter[int] = Counter()
        for review_id, status, count, late in action_repo.status_counts(
            self.today(), session=session
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
            for review in reviews.list_reviews(session=session)
        )

    def _action(self, action_id: int | str, session: Session) -> Action:
        action = action_repo.get_action(int(action_id), session=session)
        if action is None:
            raise NotFound("That action no longer exists.")
        return action

    # -- writes --------------------------------------------------------------------------

    def check_can_update(self, user_id: str, action_id: int) -> ActionView:
        """Raise unless the user may update the action now; return its snapshot."""
        with self.db.uow() as session:
            action = self._action(action_id, session)
            self._actor(user_id, session, Operation.UPDATE, action)
            return view_of(action, self.today())

    def save_update(
        self, user_id: str, action_id: int, data: UpdateInput, *, source: str
    ) -> ActionView:
        """Store an update (permission checked now, in the same transaction as the write)."""
        now = self.clock()
        try:
            with self.db.uow() as session:
                action = self._action(action_id, session)
                actor = load_actor(user_id, session=session, env_coordinators=self._env)
                writes.apply_update(
                    action,
                    data,
                    actor=actor,
                    source=source,
                    now=now,
                    today=local_day(now, self.settings.tz),
                    session=session,
                    env_coordinators=self._env,
                )
                return view_of(action, local_day(now, self.settings.tz))
        except IntegrityError:
            # Two presses of one Save raced past the lookup: the unique request id kept one.
            if data.request_id:
                raise writes.AlreadySaved() from None
            raise

    def add_evidence(
        self, user_id: str, ref_or_id: str | int, data: writes.EvidenceInput
    ) -> ActionView:
        """Attach evidence to an action (permission checked now)."""
        now = self.clock()
        with self.db.uow() as session:
            action = (
                self._action(ref_or_id, session)
                if isinstance(ref_or_id, int)
                else resolve_ref(ref_or_id, session=session)
            )
            actor = load_actor(user_id, session=session, env_coordinators=self._env)
            writes.add_evidence(
                action, data, actor=actor, now=now, session=session, env_coordinators=self._env
            )
            return view_of(action, local_day(now, self.settings.tz))

    def assign(self, user_id: str, ref: str, owner_id: str) -> ActionView:
        """Make someone the owner of an action (agency leads and coordinators)."""
        now = self.clock()
        with self.db.uow() as session:
            action = resolve_ref(ref, session=session)
            actor = load_actor(user_id, session=session, env_coordinators=self._env)
            writes.assign(
                action, owner_id, actor=actor, now=now, session=session, env_coordinators=self._env
            )
            return view_of(action, local_day(now, self.settings.tz))

    def evidence_choices(
        self, user_id: str, typed: str = "", limit: int = 100
    ) -> tuple[ActionView, ...]:
        """Return actions the user may attach evidence to that match what they typed."""
        with self.db.uow() as session:
            actor = self._actor(user_id, session)
            everything = actor.coordinator
            found = action_repo.search(
                typed,
                owner_id=None if everything else user_id,
                agency_ids=None if everything else actor.member_of,
                limit=limit,
                session=session,
            )
            today = self.today()
            return tuple(view_of(action, today) for action in found)

    # -- people --------------------------------------------------------------------------

    def set_member(self, user_id: str, code: str, member_id: str, role: str) -> str:
        """Add someone to an agency as `lead` or `member` (coordinators only)."""
        if role not in ("lead", "member"):
            raise UserFacingError(f"The role must be `lead` or `member`, not `{role}`.")
        with self.db.uow() as session:
            self._actor(user_id, session, Operation.MANAGE_PEOPLE)
            agency = people.get_agency(code, session=session)
            if agency is None:
                raise NotFound(f"There is no agency `{code}`.")
            people.set_membership(
                agency, member_id, role, added_by=user_id, now=self.clock(), session=session
            )
            logger.info("membership of %s in agency %s set by %s", member_id, agency.id, user_id)
            return agency.code

    def remove_member(self, user_id: str, code: str, member_id: str) -> bool:
        """Remove someone from an agency (coordinators only)."""
        with self.db.uow() as session:
            self._actor(user_id, session, Operation.MANAGE_PEOPLE)
            agency = people.get_agency(code, session=session)
            if agency is None:
                raise NotFound(f"There is no agency `{code}`.")
            return people.remove_membership(agency.id, member_id, session=session)

    def set_coordinator(self, user_id: str, member_id: str, *, add: bool) -> bool:
        """Add or remove a coordinator (coordinators only)."""
        with self.db.uow() as session:
            self._actor(user_id, session, Operation.MANAGE_PEOPLE)
            if add:
                return people.add_coordinator(
                    member_id, added_by=user_id, now=self.clock(), session=session
                )
            if member_id in self._env:
                raise UserFacingError(
                    f"<@{member_id}> is a coordinator through DHR_COORDINATORS; change it there."
                )
            return people.remove_coordinator(member_id, session=session)

    def export_rows(self, user_id: str, slug: str | None) -> tuple[str, list[PlanRow]]:
        """Return a review's plan rows for export (coordinators only)."""
        with self.db.uow() as session:
            self._actor(user_id, session, Operation.EXPORT)
            known = [r.slug for r in reviews.list_reviews(session=session)]
            if slug is None and len(known) == 1:
                slug = known[0]
            if slug is None or slug not in known:
                raise NotFound(f"Say which review to export: {', '.join(known) or 'none yet'}.")
            return slug, plan_rows(slug, session=session, now=self.clock(), tz=self.settings.tz)

    def require(self, user_id: str, operation: Operation) -> Actor:
        """Raise unless the user may do a partnership-wide operation now."""
        with self.db.uow() as session:
            return self._actor(user_id, session, operation)
