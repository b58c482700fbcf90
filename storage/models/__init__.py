"""SQLAlchemy 2.0 typed models. Updates and evidence are append-only history.

Every model is importable from here (`from storage.models import Action`); importing the
package registers every table on `Base.metadata`, which Alembic and the drift test read.
"""

from storage.models.access import ProtectedName, ReviewAgency
from storage.models.base import NAMING, USER_ID, Base, UTCDateTime
from storage.models.history import Evidence, Update
from storage.models.listed import ListedAction
from storage.models.people import Agency, Coordinator, Membership
from storage.models.plan import Action, Recommendation, RecommendationDecision, Review
from storage.models.weekly import (
    EscalationAck,
    ReminderItem,
    ReminderPreference,
    ReminderRun,
    SummaryRun,
)

__all__ = [
    "NAMING",
    "USER_ID",
    "Action",
    "Agency",
    "Base",
    "Coordinator",
    "EscalationAck",
    "Evidence",
    "ListedAction",
    "Membership",
    "ProtectedName",
    "Recommendation",
    "RecommendationDecision",
    "ReminderItem",
    "ReminderPreference",
    "ReminderRun",
    "Review",
    "ReviewAgency",
    "SummaryRun",
    "UTCDateTime",
    "Update",
]
