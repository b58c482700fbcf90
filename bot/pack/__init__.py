"""The evidence pack: one ZIP with the plan, its history and evidence, for the board."""

from bot.pack.build import build_pack
from bot.pack.layout import NOT_IN_STORE
from bot.pack.model import (
    PackAction,
    PackEvent,
    PackEvidence,
    PackRecommendation,
    PackReprogramming,
    PackReview,
)

__all__ = [
    "NOT_IN_STORE",
    "PackAction",
    "PackEvent",
    "PackEvidence",
    "PackRecommendation",
    "PackReprogramming",
    "PackReview",
    "build_pack",
]
