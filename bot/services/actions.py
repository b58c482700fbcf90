"""Reads and writes on actions and their evidence, each checking permission in its unit of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import local_day
from bot.errors import NotFound
from bot.inputs import FileRef, UpdateInput, link_problem
from bot.language import Field, ProposedUpdate, parse_update
from bot.language.impact import split_impact
from bot.permissions import Actor, Operation
from bot.readmodel.actions import ActionPage, ActionView, view_of
from bot.readmodel.detail import ActionDetail, evidence_view, history_entry
from bot.readmodel.updates import Recheck, UpdateStart, change_of
from bot.roles import authorize
from bot.services import assignment_writes, evidence_writes, writes
from bot.services.access import (
    Visible,
    names_for,
    refuse_sensitive,
    sensitive_fields,
    visible_action,
    visible_reviews,
)
from bot.services.action_pages import PAGE_SIZE, list_condition, page_of_list, viewer_of
from bot.services.assurance_detail import assurance_detail
from bot.services.context import ServiceContext
from bot.services.evidence_writes import EvidenceInput
from bot.services.refs import resolve_ref
from bot.status import Status
from storage.models import Action
from storage.repositories import action_lists as lists
from storage.repositories import actions as action_repo
from storage.repositories import updates


def load_action(ref_or_id: str | int, *, session: Session, visible: Visible) -> Action:
    """Return an action by its id (from a button or form) or by the ref a person typed,
    among the reviews the caller may see."""
    if isinstance(ref_or_id, str):
        return resolve_ref(ref_or_id, session=session, visible=visible)
    return visible_action(ref_or_id, visible, session=session)


def _keeping_completion_date(proposal: ProposedUpdate) -> ProposedUpdate:
    """Drop the "no date given, so today" of a "done" said again of an action complete
    already: it keeps the day it was completed on (a new day must be said)."""
    defaulted = [r for r in proposal.readings if r.field is Field.COMPLETED_ON and not r.source]
    if not defaulted:
        return proposal
    kept = tuple(r for r in proposal.readings if r not in defaulted)
    return replace(proposal, completed_on=None, readings=kept)


def caller(ctx: ServiceContext, user_id: str, *, session: Session) -> tuple[Actor, Visible]:
    """Resolve the caller before anything else: a stranger hears who to ask, whatever ref."""
    actor = ctx.actor(user_id, session=session)
    authorize(actor, Operation.READ)
    return actor, visible_reviews(actor, session=session)


def locked_action(ref_or_id: str | int, *, session: Session, visible: Visible) -> Action:
    """Return an action the caller may see (by id or typed ref), locked and re-read for this
    unit of work."""
    found = load_action(ref_or_id, session=session, visible=visible)
    action = action_repo.lock_action(found.id, session=session)
    if action is None:
        raise NotFound("That action no longer exists.")
    return action


class ActionService:
    """Lists, details, updates, evidence and assignment of actions."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reads ---------------------------------------------------------------------------

    def page(
        self, user_id: str, kind: str, arg: str = "", page: int = 0, size: int | None = PAGE_SIZE
    ) -> ActionPage:
        """Return one page of a list: `mine`, `overdue`, `due`, or `agency` (arg: its code)."""
        with self.ctx.db.uow() as session:
            actor, visible = caller(self.ctx, user_id, session=session)
            viewer = viewer_of(actor, visible)
            condition = list_condition(self.ctx, kind, arg, viewer, session=session)
            return page_of_list(
                viewer, condition, ctx=self.ctx, page=page, size=size, session=session
            )

    def mine(self, user_id: str) -> tuple[ActionView, ...]:
        """Return all the caller's actions (owned, and their agencies' if a lead), overdue first."""
        return self.page(user_id, "mine", size=None).views

    def overdue(self, user_id: str) -> tuple[ActionView, ...]:
        """Return every overdue action of every review the caller may see."""
        return self.page(user_id, "overdue", size=None).views

    def due(self, user_id: str) -> tuple[ActionView, ...]:
        """Return open actions due from today to DUE_SOON_DAYS ahead."""
        return self.page(user_id, "due", size=None).views

    def show(self, user_id: str, ref: str) -> ActionDetail:
        """Return one action with its plan text, history and evidence."""
        tz = self.ctx.settings.tz
        with self.ctx.db.uow() as session:
            _actor, visible = caller(self.ctx, user_id, session=session)
            action = resolve_ref(ref, session=session, visible=visible)
            return ActionDetail(
                action=view_of(action, self.ctx.today()),
                recommendation_text=action.recommendation.text,
                milestones=tuple(action.milestones),
                outcome=action.outcome,
                history=tuple(
                    history_entry(u, tz) for u in action_repo.history(action.id, session=session)
                ),
                evidence=tuple(
                    evidence_view(e, tz)
                    for e in action_repo.evidence_of(action.id, session=session)
                ),
                assurance=assurance_detail(action, tz, session=session),
            )

    def view(self, user_id: str, ref_or_id: str | int) -> ActionView:
        """Return one action's snapshot, by typed ref or by id."""
        with self.ctx.db.uow() as session:
            _actor, visible = caller(self.ctx, user_id, session=session)
            action = load_action(ref_or_id, session=session, visible=visible)
            return view_of(action, self.ctx.today())

    def evidence_choices(
        self, user_id: str, typed: str = "", limit: int = 100
    ) -> tuple[ActionView, ...]:
        """Return actions the user may attach evidence to that match what they typed."""
        with self.ctx.db.uow() as session:
            actor, visible = caller(self.ctx, user_id, session=session)
            found = lists.search(
                viewer_of(actor, visible),
                typed,
                everything=actor.coordinator,
                limit=limit,
                session=session,
            )
            today = self.ctx.today()
            months = self.ctx.settings.dhr_assurance_months
            return tuple(view_of(action, today, months) for action in found)

    def screen(self, user_id: str, action_id: int, fields: dict[str, str | None]) -> dict[str, str]:
        """Return field → message for texts holding a protected name or an identifier.

        Answered before a form is acked; a review the caller may not see lends no names.
        """
        with self.ctx.db.uow() as session:
            visible = visible_reviews(self.ctx.actor(user_id, session=session), session=session)
            action = action_repo.get_action(action_id, session=session)
            seen = action is not None and visible.review(action.review_id)
            names = names_for(action.review_id, session=session) if seen and action else []
            return sensitive_fields(fields, names)

    # -- writes --------------------------------------------------------------------------

    def start_update(self, user_id: str, ref_or_id: str | int, text: str = "") -> UpdateStart:
        """Check the user may update the action now; return it, with `text` read as a proposal."""
        with self.ctx.db.uow() as session:
            actor, visible = caller(self.ctx, user_id, session=session)
            action = load_action(ref_or_id, session=session, visible=visible)
            authorize(actor, Operation.UPDATE, action)
            if text:
                refuse_sensitive({"note": text}, names_for(action.review_id, session=session))
            today = self.ctx.today()
            text, impact = split_impact(text)
            proposal = parse_update(text, today=today) if text else None
            if proposal is not None:
                bad = [p for link in proposal.links if (p := link_problem(link))]
                if bad:  # a link that is not only a link is never offered for Save
                    proposal = replace(proposal, problems=(*proposal.problems, bad[0]))
                if action.status == Status.COMPLETE:
                    proposal = _keeping_completion_date(proposal)
            if impact and proposal is None:
                proposal = ProposedUpdate(None, None, None, (), "", ())
            seen = updates.latest_id(action.id, session=session)
            months = self.ctx.settings.dhr_assurance_months
            return UpdateStart(view_of(action, today, months), proposal, seen=seen, impact=impact)

    def recheck(
        self, user_id: str, action_id: int, *, seen: int | None, request_id: str | None
    ) -> Recheck:
        """Tell whether a submitted form was already saved, or the action changed since `seen`."""
        with self.ctx.db.uow() as session:
            _actor, visible = caller(self.ctx, user_id, session=session)
            action = load_action(action_id, session=session, visible=visible)
            saved = request_id is not None and (
                updates.by_request(request_id, session=session) is not None
            )
            newer = [] if seen is None else updates.after(action.id, seen, session=session)
            version = updates.latest_id(action.id, session=session)
            current = UpdateStart(view_of(action, self.ctx.today()), None, version)
            changes = tuple(change_of(u, self.ctx.settings.tz) for u in newer)
            return Recheck(already_saved=saved, changes=changes, current=current)

    def save_update(
        self, user_id: str, action_id: int, data: UpdateInput, *, source: str
    ) -> ActionView:
        """Store an update (permission checked now, in the same transaction as the write)."""
        now = self.ctx.clock()
        today = local_day(now, self.ctx.settings.tz)
        try:
            with self.ctx.db.uow(write=True) as session:
                actor, visible = caller(self.ctx, user_id, session=session)
                action = locked_action(action_id, session=session, visible=visible)
                update = writes.apply_update(
                    action,
                    data,
                    actor=actor,
                    source=source,
                    now=now,
                    today=today,
                    session=session,
                    tz=self.ctx.settings.tz,
                )
                view = view_of(action, today, self.ctx.settings.dhr_assurance_months)
                return replace(view, proposed_due_date=update.proposed_due_date)
        except IntegrityError:
            # Two presses of one Save raced past the lookup: the unique request id kept one.
            if data.request_id:
                raise writes.AlreadySaved() from None
            raise

    def add_evidence(
        self,
        user_id: str,
        ref_or_id: str | int,
        data: EvidenceInput,
        files: tuple[FileRef, ...] = (),
    ) -> ActionView:
        """Attach evidence and the files that came with it (permission checked now)."""

        def write(action: Action, actor: Actor, now: datetime, session: Session) -> None:
            evidence_writes.add_evidence(action, data, actor=actor, now=now, session=session)
            for file in files:
                evidence_writes.add_evidence(
                    action,
                    EvidenceInput(kind="file", file_id=file.id, file_name=file.name),
                    actor=actor,
                    now=now,
                    session=session,
                )

        return self._locked_write(user_id, ref_or_id, write)

    def assign(self, user_id: str, ref: str, owner_id: str) -> ActionView:
        """Make someone the owner of an action (agency leads and coordinators)."""

        def write(action: Action, actor: Actor, now: datetime, session: Session) -> None:
            owner = self.ctx.actor(owner_id, session=session)
            assignment_writes.assign(action, owner, actor=actor, now=now, session=session)

        return self._locked_write(user_id, ref, write)

    def set_delivering(self, user_id: str, ref: str, code: str) -> ActionView:
        """Set which agency delivers an action (coordinators only), recorded as an update."""

        def write(action: Action, actor: Actor, now: datetime, session: Session) -> None:
            assignment_writes.set_delivering(action, code, actor=actor, now=now, session=session)

        return self._locked_write(user_id, ref, write)

    def _locked_write(
        self,
        user_id: str,
        ref_or_id: str | int,
        write: Callable[[Action, Actor, datetime, Session], None],
    ) -> ActionView:
        now = self.ctx.clock()
        with self.ctx.db.uow(write=True) as session:
            actor, visible = caller(self.ctx, user_id, session=session)
            # Locked: the *_before fields of the update a write appends must be the state it
            # follows, and the history stays in order.
            action = locked_action(ref_or_id, session=session, visible=visible)
            write(action, actor, now, session)
            return view_of(action, local_day(now, self.ctx.settings.tz))
