"""Repositories: queries that take `*, session` and never commit."""
