"""Dates: calendar helpers, fuzzy plan targets, and date phrases in plain language."""
