"""The query planner's statistics: refreshed after the writes that change the data's shape.

Without them SQLite plans a list by its first usable index: `review_id IN (…)` reads every
action of the review (10,000 rows) where the agency indexes read the caller's few hundred.
PostgreSQL's autovacuum would analyze in time; doing it at once costs tens of milliseconds.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

# The tables the lists and the need-to-know check read by index.
ANALYZED = ("action", "recommendation", "membership", "review_agency")


def refresh_statistics(bind: Session | Connection) -> None:
    """Analyze the listed tables in the caller's transaction (SQLite and PostgreSQL)."""
    for table in ANALYZED:
        bind.execute(text(f"ANALYZE {table}"))
    logger.info("planner statistics refreshed for %d tables", len(ANALYZED))
