"""The controlled list of themes and the words plans use for them."""

from __future__ import annotations

import pytest

from bot.themes import theme_for, themes

REQUIRED = [
    "MARAC",
    "Risk assessment",
    "Information sharing",
    "Training",
    "Professional curiosity",
    "Coercive control",
    "Mental health",
    "Substance use",
    "Housing",
    "Communication",
    "Safeguarding adults",
    "Children and families",
    "Multi-agency working",
    "Domestic abuse awareness",
]


def test_the_list_holds_the_themes_the_issue_names() -> None:
    names = [t.name for t in themes()]
    assert set(REQUIRED) <= set(names)
    assert len(names) == len(set(names))


def test_every_theme_is_named_by_its_own_name() -> None:
    for theme in themes():
        assert theme_for(theme.name) == theme.name
        assert theme_for(theme.name.upper()) == theme.name
        for synonym in theme.synonyms:
            assert theme_for(synonym) == theme.name, synonym


@pytest.mark.parametrize(
    ("words", "theme"),
    [
        # The Lily plan's own theme words.
        ("MARAC", "MARAC"),
        ("Communication", "Communication"),
        ("Training", "Training"),
        ("Other", "Other"),
        # Other plans' words.
        ("Risk Assessment / DASH", "Risk assessment"),
        ("Info sharing", "Information sharing"),
        ("Drugs & alcohol", "Substance use"),
        ("Substance misuse", "Substance use"),
        ("Homelessness", "Housing"),
        ("Coercive control training", "Coercive control"),
        ("Training for GPs", "Training"),
        ("Think Family", "Children and families"),
        ("Safeguarding children", "Children and families"),
        ("Adult safeguarding", "Safeguarding adults"),
        ("Routine enquiry", "Professional curiosity"),
        ("Multi agency working", "Multi-agency working"),
        ("Partnership working", "Multi-agency working"),
        ("DA awareness", "Domestic abuse awareness"),
        ("Mental ill health", "Mental health"),
        ("Suicide prevention", "Mental health"),
        ("Awareness raising campaign", "Communication"),
        ("MARAC referrals and risk", "MARAC"),
    ],
)
def test_plan_words_map_to_a_theme(words: str, theme: str) -> None:
    assert theme_for(words) == theme


@pytest.mark.parametrize("words", ["", "   ", "Miscellany of things", "Kettles"])
def test_words_that_name_no_theme(words: str) -> None:
    assert theme_for(words) is None
