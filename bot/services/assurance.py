"""Assurance on request: sign-off, return, re-programming decisions, statements, decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from bot.assurance_state import IMPORTER
from bot.clock import local_day
from bot.errors import NotFound, UserFacingError
from bot.permissions import Operation
from bot.readmodel.actions import ActionView, view_of
from bot.readmodel.home import ProposalView
from bot.roles import authorize
from bot.services import assurance_writes as writes
from bot.services.access import visible_reviews
from bot.services.actions import locked_action
from bot.services.assurance_writes import Decision, Stamp
from bot.services.context import ServiceContext
from storage.models import Action, Update
from storage.repositories import actions as action_repo
from storage.repositories import assurance as repo
from storage.repositories import reviews


@dataclass(frozen=True)
class Outcome:
    """What an assurance write did, for the reply and for telling the person it concerns."""

    action: ActionView
    # Whom to tell: the owner, else the person who made the change decided on (who completed
    # the action, who proposed the new target); None when that is the caller or nobody.
    told: str | None
    text: str = ""  # the reason, note or statement as stored
    new_due_date: date | None = None


def _told(
    ctx: ServiceContext, action: Action, stamp: Stamp, author: str | None, session: Session
) -> str | None:
    """Return whom to tell: the owner, else the author; never the caller, the plan's import,
    or someone who can no longer see the review (they would read of an action that, for
    them, does not exist)."""
    for person in (action.owner_id, author):
        if not person or person in (stamp.actor.user_id, IMPORTER):
            continue
        if visible_reviews(ctx.actor(person, session=session), session=session).review(
            action.review_id
        ):
            return person
    return None


class _TextWrite(Protocol):
    def __call__(
        self, action: Action, text: str, /, *, stamp: Stamp, session: Session
    ) -> Update: ...


class AssuranceService:
    """Sign-off, return, re-programming approval, assurance statements and decisions."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _stamp(self, user_id: str, source: str, session: Session) -> Stamp:
        now = self.ctx.clock()
        actor = self.ctx.actor(user_id, session=session)
        return Stamp(actor, now, local_day(now, self.ctx.settings.tz), source)

    def _view(self, action: Action, stamp: Stamp) -> ActionView:
        return view_of(action, stamp.today, self.ctx.settings.dhr_assurance_months)

    def _load(self, stamp: Stamp, ref_or_id: str | int, session: Session) -> Action:
        authorize(stamp.actor, Operation.READ)  # a stranger hears who to ask before any ref
        # Locked like every write that appends an update, so the history stays in order.
        visible = visible_reviews(stamp.actor, session=session)
        return locked_action(ref_or_id, session=session, visible=visible)

    def _write(
        self,
        user_id: str,
        ref_or_id: str | int,
        source: str,
        write: _TextWrite,
        text: str,
    ) -> Outcome:
        """Run `write(action, text)` on the locked action; the outcome carries the stored text."""
        with self.ctx.db.uow(write=True) as session:
            stamp = self._stamp(user_id, source, session)
            action = self._load(stamp, ref_or_id, session)
            completing = repo.completing_update(action.id, session=session)
            row = write(action, text, stamp=stamp, session=session)
            author = completing.user_id if completing is not None else None
            told = _told(self.ctx, action, stamp, author, session)
            return Outcome(self._view(action, stamp), told, row.note)

    def sign_off(self, user_id: str, ref_or_id: str | int, note: str, *, source: str) -> Outcome:
        """Sign off a completion (coordinators; never their own; impact required)."""
        return self._write(user_id, ref_or_id, source, writes.sign_off, note)

    def return_action(
        self, user_id: str, ref_or_id: str | int, reason: str, *, source: str
    ) -> Outcome:
        """Return a completion to In progress with a reason (coordinators)."""
        return self._write(user_id, ref_or_id, source, writes.return_action, reason)

    def decide_reprogramming(
        self, user_id: str, proposal_id: int, approve: bool, *, source: str
    ) -> Outcome:
        """Approve or decline a proposed re-programming (coordinators; once)."""
        with self.ctx.db.uow(write=True) as session:
            stamp = self._stamp(user_id, source, session)
            authorize(stamp.actor, Operation.READ)
            proposal = repo.get_update(proposal_id, session=session)
            if proposal is None:
                raise NotFound("That re-programming no longer exists.")
            action = self._load(stamp, proposal.action_id, session)
            writes.decide_reprogramming(action, proposal_id, approve, stamp=stamp, session=session)
            return Outcome(
                self._view(action, stamp),
                _told(self.ctx, action, stamp, proposal.user_id, session),
                proposal.note,
                proposal.proposed_due_date,
            )

    def assure(self, user_id: str, ref_or_id: str | int, text: str, *, source: str) -> Outcome:
        """Record an assurance statement on an Ongoing action."""
        return self._write(user_id, ref_or_id, source, writes.assure, text)

    def ask_impact(self, user_id: str, action_id: int) -> Outcome:
        """Check a coordinator may ask an owner for a missing impact statement."""
        with self.ctx.db.uow() as session:
            stamp = self._stamp(user_id, "command", session)
            action = self._load(stamp, action_id, session)
            authorize(stamp.actor, Operation.SIGN_OFF, action)
            if action.owner_id is None:
                raise UserFacingError(
                    f"`{action.review.slug}:{action.ref}` has no owner to ask: assign one first."
                )
            return Outcome(self._view(action, stamp), action.owner_id)

    def acknowledge(self, user_id: str, action_id: int) -> ActionView:
        """Stop escalating a drifting action to this person until it changes."""
        with self.ctx.db.uow() as session:
            stamp = self._stamp(user_id, "command", session)
            action = self._load(stamp, action_id, session)
            repo.acknowledge(action.id, user_id, now=stamp.now, session=session)
            return self._view(action, stamp)

    def decide(
        self, user_id: str, slug: str, number: str, word: str, rationale: str
    ) -> tuple[str, int, Decision]:
        """Record the partnership's decision on a recommendation (coordinators)."""
        decision = writes.read_decision(word)
        with self.ctx.db.uow() as session:
            stamp = self._stamp(user_id, "command", session)
            authorize(stamp.actor, Operation.DECIDE)
            review = reviews.get_review(slug, session=session)
            if review is None or not number.isdigit():
                raise NotFound(
                    f"There is no review `{slug[:40]}` with recommendation {number[:8]}."
                )
            rec = reviews.get_recommendation(review.id, int(number), session=session)
            if rec is None:
                raise NotFound(f"`{review.slug}` has no recommendation {int(number)}.")
            writes.decide_recommendation(rec, decision, rationale, stamp=stamp, session=session)
            return review.slug, rec.number, decision

    def awaiting(self, session: Session, user_id: str) -> tuple[ActionView, ...]:
        """Return completions another person made that await sign-off (in the caller's uow)."""
        today = self.ctx.today()
        found = repo.awaiting_signoff(session=session)
        by = action_repo.completing_updates([a.id for a in found], session=session)
        months = self.ctx.settings.dhr_assurance_months
        return tuple(
            view_of(a, today, months)
            for a in found
            if by.get(a.id) is None or by[a.id].user_id != user_id
        )

    def proposals(self, session: Session) -> tuple[ProposalView, ...]:
        """Return re-programmings waiting for a coordinator (in the caller's uow)."""
        today = self.ctx.today()
        shown: list[ProposalView] = []
        for row in repo.open_proposals(session=session):
            action = action_repo.get_action(row.action_id, session=session)
            if action is None:
                continue
            pending = writes.pending_proposal(action, session=session)
            if pending is None or pending.id != row.id or row.proposed_due_date is None:
                continue
            shown.append(
                ProposalView(
                    row.id, view_of(action, today), row.user_id, row.proposed_due_date, row.note
                )
            )
        return tuple(shown)
