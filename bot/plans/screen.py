"""Plans are screened like every other text: no protected name or identifier gets imported."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.plans.document import PlanDocument
from bot.safety.sensitive import Finding, ProtectedName, find_sensitive

Loc = tuple[str | int, ...]


def document_names(plan: PlanDocument) -> list[ProtectedName]:
    """Return the protected names a plan file declares for its review."""
    return [ProtectedName(n.name, n.pseudonym) for n in plan.review.protected_names]


def texts_of(plan: PlanDocument) -> Iterator[tuple[Loc, str]]:
    """Yield every free text of a plan that will be stored and shown, with where it is."""
    yield ("review", "title"), plan.review.title
    yield ("review", "partnership"), plan.review.partnership
    for k, agency in enumerate(plan.agencies):
        yield ("agencies", k, "name"), agency.name
    for i, rec in enumerate(plan.recommendations):
        yield ("recommendations", i, "text"), rec.text
        yield ("recommendations", i, "theme"), rec.theme
        for j, action in enumerate(rec.actions):
            base: Loc = ("recommendations", i, "actions", j)
            yield (*base, "text"), action.text
            yield (*base, "target"), action.target
            yield (*base, "outcome"), action.outcome
            for m, milestone in enumerate(action.milestones):
                yield (*base, "milestones", m), milestone


def first_finding(
    plan: PlanDocument, names: Sequence[ProtectedName] = ()
) -> tuple[Loc, Finding] | None:
    """Return where the first protected name or identifier of a plan is, and what it is."""
    every = [*document_names(plan), *names]
    for loc, text in texts_of(plan):
        finding = find_sensitive(text, every)
        if finding is not None:
            return loc, finding
    return None


def refusal(finding: Finding) -> str:
    """Return the import error's message: the kind found, never the text."""
    return f"contains {finding.kind}, which must not be stored in the tracker. {finding.suggestion}"
