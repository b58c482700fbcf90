"""Block Kit: every message, form and Home view the bot shows a person, built in one place."""
