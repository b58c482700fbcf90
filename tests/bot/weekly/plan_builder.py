"""Small hand-built plans for summary and reminder tests, written the way the services write."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from helpers import NOW
from storage.models import Action, Agency, Evidence, Recommendation, Review, Update

LONG_AGO = NOW - timedelta(days=60)


class Plan:
    """A review with agencies and one recommendation; actions are added by the test."""

    def __init__(
        self, session: Session, slug: str = "lily", agencies: tuple[str, ...] = ("SSP", "Police")
    ):
        self.session = session
        self.review = Review(
            slug=slug,
            title=f"Domestic Homicide Review - {slug.title()}",
            partnership="Safer Somerset Partnership",
            created_at=LONG_AGO,
        )
        session.add(self.review)
        self.agencies: dict[str, Agency] = {}
        for code in agencies:
            agency = session.query(Agency).filter_by(code=code).one_or_none()
            if agency is None:
                agency = Agency(code=code, name=code)
                session.add(agency)
            self.agencies[code] = agency
        self.recommendation = Recommendation(review=self.review, number=1, text="Review the MARAC")
        session.add(self.recommendation)
        session.flush()
        self.count = 0

    def action(
        self,
        ref: str | None = None,
        *,
        agency: str = "SSP",
        owner: str | None = None,
        due: date | None = None,
        created: datetime = LONG_AGO,
        target_kind: str = "date",
        text: str = "Carry out the action",
    ) -> Action:
        """Add an action as the importer would: not started, with an import update."""
        self.count += 1
        action = Action(
            review_id=self.review.id,
            recommendation_id=self.recommendation.id,
            ref=ref or f"1.{self.count}",
            position=self.count,
            text=text,
            lead_agency_id=self.agencies[agency].id,
            owner_id=owner,
            target_text="",
            target_kind=target_kind,
            due_date=due,
            status="not_started",
            created_at=created,
        )
        self.session.add(action)
        self.session.flush()
        self.session.add(
            Update(
                action_id=action.id,
                user_id="import",
                created_at=created,
                source="import",
                status_before=None,
                status_after="not_started",
                note="Imported",
                new_due_date=due,
                owner_after=owner,
            )
        )
        self.session.flush()
        return action

    def update(
        self,
        action: Action,
        *,
        at: datetime,
        status: str | None = None,
        user: str = "U0OWNER",
        new_due: date | None = None,
        completed_on: date | None = None,
        source: str = "modal",
    ) -> Update:
        """Append an update as the tracker service does and move the action's state."""
        after = status or action.status
        update = Update(
            action_id=action.id,
            user_id=user,
            created_at=at,
            source=source,
            status_before=action.status,
            status_after=after,
            note="progress",
            due_date_before=action.due_date,
            new_due_date=new_due,
            completed_on=completed_on if after == "complete" else None,
        )
        self.session.add(update)
        action.status = after
        action.completed_on = completed_on if after == "complete" else None
        if new_due is not None:
            action.due_date = new_due
        action.last_update_at = at
        self.session.flush()
        return update

    def evidence(self, action: Action, *, at: datetime, user: str = "U0OWNER") -> Evidence:
        """Attach a link to an action."""
        evidence = Evidence(
            action_id=action.id,
            kind="link",
            url="https://example.org/x",
            added_by=user,
            created_at=at,
        )
        self.session.add(evidence)
        self.session.flush()
        return evidence
