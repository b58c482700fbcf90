"""Plain-language updates: read them into proposed fields, and explain what was understood."""

from bot.language.explain import explanation_lines
from bot.language.model import Confidence, Field, ProposedUpdate, Reading
from bot.language.parse import leading_link, parse_update, read_date

__all__ = [
    "Confidence",
    "Field",
    "ProposedUpdate",
    "Reading",
    "explanation_lines",
    "leading_link",
    "parse_update",
    "read_date",
]
