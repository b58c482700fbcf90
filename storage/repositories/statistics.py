"""The query planner's statistics: refreshed after the writes that change the data's shape.

Without them SQLite plans a list by its first usable index: `review_id IN (…)` reads every
action of the review (10,000 rows) where the agency indexes read the caller's few hundred.
PostgreSQL's autovacuum would analyze in time; doing it at once costs tens of milliseconds.

A SQLite connection reads the statistics only when it loads the schema, and ANALYZE alone
does not make the others reload it: a web worker's pooled connection, or any connection of
the running bot when `dhr-bot import` ran in another process, would keep planning on
the old figures. So on SQLite the statistics table is dropped and rebuilt: that is a schema
change, and every connection of every process reloads the schema, with the new figures,
before its next statement. PostgreSQL's statistics are shared by every session already.
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
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name == "sqlite":
        # Only these tables are ever analyzed, so nothing else is lost with the table.
        bind.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
    for table in ANALYZED:
        bind.execute(text(f"ANALYZE {table}"))
    logger.info("planner statistics refreshed for %d tables", len(ANALYZED))
