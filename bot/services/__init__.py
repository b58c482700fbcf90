"""The tracker's services: what people ask of the plan, with rules and permissions."""

from __future__ import annotations

from bot.clock import Clock
from bot.config import Settings
from bot.services.actions import ActionService
from bot.services.assurance import AssuranceService
from bot.services.context import ServiceContext
from bot.services.evidence import EvidenceService
from bot.services.packs import PackService
from bot.services.people import PeopleService
from bot.services.plans import PlanService
from bot.services.reports import ReportService
from bot.services.reviews import ReviewService
from storage.db import Database


class Services:
    """Every service over one database, with the clock and settings injected once."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.context = ServiceContext(db, settings, clock)
        self.actions = ActionService(self.context)
        self.people = PeopleService(self.context)
        self.plans = PlanService(self.context)
        self.assurance = AssuranceService(self.context)
        self.evidence = EvidenceService(self.context)
        self.packs = PackService(self.context, self.evidence)
        self.reports = ReportService(self.context)
        self.reviews = ReviewService(self.context)

    def __deepcopy__(self, memo: dict[int, object]) -> Services:
        # Bolt deep-copies the context for lazy listeners; the services are shared, not copied.
        return self


__all__ = ["ServiceContext", "Services"]
