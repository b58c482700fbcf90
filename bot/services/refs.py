"""Action refs as people type them: `1.2` when one review has it, `lily:1.2` always."""

from __future__ import annotations

import difflib
import re

from sqlalchemy.orm import Session

from bot.errors import NotFound, UserFacingError
from bot.services.access import Visible
from storage.models import Action
from storage.repositories import actions as action_repo
from storage.repositories import reviews as review_repo

EVERY_REVIEW = Visible(None)

_REF = re.compile(r"^(?:(?P<review>[a-z0-9][a-z0-9-]*):)?(?P<ref>\d+(?:\.\d+)*)$", re.IGNORECASE)


def resolve_ref(text: str, *, session: Session, visible: Visible = EVERY_REVIEW) -> Action:
    """Return the action a typed ref names, or explain with close matches.

    Only reviews in `visible` exist for this lookup: a ref of any other review reads
    exactly like a ref that does not exist, and is never suggested.
    """
    cleaned = text.strip().strip("`*_").rstrip(".,")
    match = _REF.match(cleaned)
    if match is None:
        raise NotFound(
            f"`{_shorten(text)}` is not an action ref (refs look like `1.2` or `review:1.2`).",
            _suggest(cleaned, session, visible),
        )
    review = match["review"].lower() if match["review"] else None
    found = visible.actions(
        action_repo.find_by_ref(match["ref"], review_slug=review, session=session)
    )
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(f"`{a.review.slug}:{a.ref}`" for a in found)
        raise UserFacingError(
            f"Several reviews have an action {match['ref']}: say which, e.g. {options}."
        )
    raise NotFound(
        f"There is no action `{_shorten(cleaned)}`.", _suggest(cleaned, session, visible)
    )


def _shorten(text: str) -> str:
    # Echoed inside mrkdwn: what a person typed must not become a mention or a link.
    short = text if len(text) <= 40 else text[:39] + "…"
    return short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")


def _suggest(text: str, session: Session, visible: Visible) -> list[str]:
    slugs = {r.slug for r in visible.reviews(review_repo.list_reviews(session=session))}
    pairs = [(slug, ref) for slug, ref in action_repo.all_refs(session=session) if slug in slugs]
    typed_slug, colon, bare = text.lower().rpartition(":")
    if colon and typed_slug not in slugs:
        # A review the caller can't see is matched like one that doesn't exist: by ref alone.
        text = bare
    single = len(slugs) <= 1
    names = [ref if single else f"{slug}:{ref}" for slug, ref in pairs]
    candidates = difflib.get_close_matches(text.lower(), names, n=3, cutoff=0.5)
    if not candidates and ":" in text:
        bare = text.split(":", 1)[1]
        candidates = [f"{slug}:{ref}" for slug, ref in pairs if ref == bare][:3]
    return candidates
