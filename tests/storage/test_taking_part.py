"""Who takes part in which review by a recommendation's ownership: the exact code, nothing like it.

The ownership column is read through a LIKE on its JSON text before the exact match; an
agency code may hold `_`, LIKE's one-character wildcard, so the pattern escapes it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from helpers import NOW
from storage.models import Agency, Recommendation, Review
from storage.repositories import access


def _review(session: Session, slug: str, ownership: list[str]) -> int:
    review = Review(slug=slug, title=f"Review {slug}", created_at=NOW)
    session.add(review)
    session.flush()
    session.add(Recommendation(review_id=review.id, number=1, text="r", ownership=ownership))
    session.flush()
    return review.id


def test_a_code_with_an_underscore_names_only_its_own_reviews(session: Session) -> None:
    agency = Agency(code="NHS_A", name="NHS A")
    session.add(agency)
    session.flush()
    own = _review(session, "own", ["POLICE", "NHS_A"])
    _review(session, "like", ["NHSXA"])  # what an unescaped `_` would also match
    _review(session, "none", ["POLICE"])
    assert access.reviews_taking_part([agency.id], session=session) == {own}


def test_the_ownership_pattern_reads_no_row_a_wildcard_would_let_in(session: Session) -> None:
    like = _review(session, "like", ["NHSXA", "A%B"])
    own = _review(session, "own", ["NHS_A"])
    statement = access._named_in_ownership(False, 1)
    cases = {"NHS_A": {own}, "A_B": set(), "A%B": {like}, "NHSXA": {like}}
    for code, expected in cases.items():
        pattern = f'%"{access._like_escaped(code)}"%'
        assert {row[0] for row in session.execute(statement, {"code0": pattern})} == expected, code
