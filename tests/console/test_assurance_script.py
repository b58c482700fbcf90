"""The console plays assurance: completion with impact, sign-off, Return with its form, approval."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.db import Database
from storage.models import Action

FORM_TAIL = ["", "", ""]  # impact or "…or say when", links, files left empty

SCRIPT = [
    "as U0SSPOFFICER",
    "/dhr update 1.1",
    "Complete",
    "Review delivered.",
    "2026-11-20",
    "",
    "Referrals now reviewed within 5 days; the audit shows it.",
    "",
    "",
    "as U0SSPLEAD",
    "/dhr update 1.2",
    "Complete",
    "Action plan written.",
    "2026-11-21",
    "",
    "Partners now follow the plan.",
    "",
    "",
    "/dhr update 1.3",
    "In progress",
    "Safelives delayed the start.",
    "2027-03-31",
    "",
    *FORM_TAIL,
    "/dhr update 1.3",
    "In progress",
    "Staff shortages.",
    "2027-06-30",
    "",
    *FORM_TAIL,
    "as U0COORD",
    "/dhr signoff 1.1 Checked the audit.",
    "home",
    "press 2",  # Return 1.2 (1.1 is signed off: 1.2 is the only one awaiting)
    "The board needs the audit attached.",
    "/dhr show 1.3",
    "press 2",  # Approve
    "summary",
]


def _state(db: Database, ref: str) -> Action:
    with db.uow() as session:
        action = session.scalars(select(Action).where(Action.ref == ref)).one()
        session.expunge(action)
        return action


def test_the_console_signs_off_returns_and_approves(run, db: Database) -> None:  # type: ignore[no-untyped-def]
    out = run(SCRIPT)
    assert "It now awaits a coordinator's sign-off." in out
    assert "Signed off lily:1.1." in out
    assert "Awaiting your sign-off (1)" in out and "[1 Sign off]  [2 Return]" in out
    assert "Form · Return 1.2" in out and "Why is it going back? *" in out
    assert (
        "returned lily:1.2 to In progress" in out and "The board needs the audit attached." in out
    )
    assert "waiting for a coordinator" in out and "Approved the new target for lily:1.3" in out
    summary = out[out.rindex("> summary") :]
    for heading in ("Signed off this week (1)", "Returned (1)", "Re-programmed this week (1)"):
        assert heading in summary
    assert "20 Nov 2026 by @U0SSPOFFICER" in summary

    assert (_state(db, "1.1").signoff, _state(db, "1.1").signed_off_by) == ("signed_off", "U0COORD")
    assert (_state(db, "1.2").status, _state(db, "1.2").signoff) == ("in_progress", None)
    moved = _state(db, "1.3")
    assert (moved.due_date, moved.original_due_date, moved.times_reprogrammed) == (
        date(2027, 6, 30),
        date(2022, 11, 30),
        2,
    )
