"""The columns of the CSV export and of the XLSX export's Data sheet (SPEC "Export columns").

Kept apart from the rows they are read from, so the plan parser can tell the tracker's own
export from a plan file without loading the database layer.
"""

from __future__ import annotations

CSV_COLUMNS = (
    "review",
    "ref",
    "recommendation",
    "action",
    "lead_agency",
    "owner",
    "target_text",
    "due_date",
    "status",
    "rag",
    "overdue",
    "completed_on",
    "last_update_at",
    "last_update_note",
    "evidence_count",
    # Assurance (SPEC "Export columns added"), in this order, at the end.
    "signed_off_on",
    "signed_off_by",
    "original_due_date",
    "times_reprogrammed",
    "last_assured_on",
    "impact_statement",
    "recommendation_decision",
    "delivering_agency",
)
