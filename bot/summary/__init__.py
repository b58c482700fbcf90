"""The weekly summary: computed from the database, rendered, charted, posted exactly once."""
