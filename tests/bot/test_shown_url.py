"""Database URLs are printed with the password hidden."""

from __future__ import annotations

from bot.config import Settings, shown_url


def test_the_password_of_a_database_url_is_hidden() -> None:
    url = "postgresql+psycopg://dhr:s3cr3t-pw@db.example:5432/dhr"
    shown = shown_url(url)
    assert "s3cr3t-pw" not in shown and "db.example" in shown and "***" in shown
    assert "s3cr3t-pw" not in Settings(database_url=url).database_url_shown()


def test_an_unreadable_url_is_not_printed_at_all() -> None:
    assert "secret" not in shown_url("::not a url secret::")
