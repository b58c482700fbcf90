"""Recurring lessons: the similarity threshold, measured on pairs written for it."""

from __future__ import annotations

from recommendation_pairs import DIFFERENT_LESSON, SAME_LESSON

from bot.themes import Match, similar
from bot.themes.similarity import DEFAULT_THRESHOLD, normalise


def test_the_threshold_classifies_every_pair() -> None:
    assert len(SAME_LESSON) >= 20
    assert len(DIFFERENT_LESSON) >= 20
    found = [bool(similar(a, {"b": b})) for a, b in SAME_LESSON]
    wrongly_found = [bool(similar(a, {"b": b})) for a, b in DIFFERENT_LESSON]

    true_pos = sum(found)
    false_pos = sum(wrongly_found)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / len(SAME_LESSON)
    print(
        f"threshold {DEFAULT_THRESHOLD}: precision {precision:.2f}, recall {recall:.2f} "
        f"({len(SAME_LESSON)} same, {len(DIFFERENT_LESSON)} different)"
    )

    missed = [pair for pair, hit in zip(SAME_LESSON, found, strict=True) if not hit]
    confused = [pair for pair, hit in zip(DIFFERENT_LESSON, wrongly_found, strict=True) if hit]
    assert missed == []
    assert confused == []
    assert (precision, recall) == (1.0, 1.0)


def test_similarity_is_symmetric_on_the_pairs() -> None:
    for a, b in SAME_LESSON + DIFFERENT_LESSON:
        assert bool(similar(a, {"x": b})) == bool(similar(b, {"x": a}))


def test_candidates_come_back_best_first_with_their_ids() -> None:
    text = "All high-risk domestic abuse cases should be referred to MARAC."
    candidates = {
        "lily/1.1": "Agencies must refer every high risk case of domestic abuse to the MARAC.",
        "rose/2.3": "GPs should record the ethnicity and language of their patients.",
        "ivy/4.1": "High-risk domestic abuse cases should be referred to the MARAC by police.",
    }
    matches = similar(text, candidates)
    assert {m.candidate_id for m in matches} == {"lily/1.1", "ivy/4.1"}
    assert matches == sorted(matches, key=lambda m: -m.score)
    assert all(isinstance(m, Match) and DEFAULT_THRESHOLD <= m.score <= 100 for m in matches)
    # Pairs of (id, text) work as well as a mapping.
    assert similar(text, list(candidates.items())) == matches


def test_a_stricter_threshold_finds_fewer() -> None:
    a, b = SAME_LESSON[2]
    assert similar(a, {"b": b}, threshold=0) != []
    assert similar(a, {"b": b}, threshold=100.1) == []


def test_empty_and_generic_texts_match_nothing() -> None:
    assert similar("", {"x": "Training on coercive control."}) == []
    assert similar("Agencies should ensure that staff review this.", {"x": "Agencies should"}) == []
    assert normalise("Agencies should ensure their staff") == ""


def test_normalise_meets_word_forms_and_plan_synonyms() -> None:
    assert normalise("trained") == normalise("training")
    assert normalise("referrals") == normalise("referred")
    assert normalise("drug and alcohol") == normalise("alcohol")
