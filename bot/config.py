"""Configuration: one Settings object, built once at the entry point and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_SQLITE_URL = "sqlite:///dhr.sqlite3"


class MissingSetting(Exception):
    """A command needs a variable that is not set."""

    def __init__(self, *names: str) -> None:
        self.names = names
        listed = ", ".join(names)
        super().__init__(
            f"Missing setting: {listed}. Set it in the environment or in a .env file "
            "(see the README's configuration table)."
        )


class Settings(BaseSettings):
    """Every variable in the README's configuration table; also read from `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = DEFAULT_SQLITE_URL
    dhr_timezone: str = "Europe/London"
    dhr_coordinators: Annotated[tuple[str, ...], NoDecode] = ()
    dhr_summary_channel: str | None = None
    dhr_summary_schedule: str = "mon 09:00"
    dhr_allow_public_summary: bool = False
    # How often Ongoing actions need an assurance statement: 3 = calendar quarters.
    dhr_assurance_months: int = 3
    # The evidence store: a folder or an fsspec URL (s3://bucket/prefix); None means the
    # folder `evidence/` beside the embedded SQLite database (or ./evidence).
    dhr_evidence_store: str | None = None
    dhr_evidence_max_mb: float = Field(default=25, gt=0)
    # Extensions the store keeps (comma-separated); empty means the built-in allow-list.
    dhr_evidence_types: Annotated[tuple[str, ...], NoDecode] = ()
    # Seconds before the first retry of a failed download (doubled each time), and its limit.
    dhr_evidence_retry_seconds: float = Field(default=1.0, ge=0)
    dhr_evidence_timeout: float = Field(default=30.0, gt=0)
    # A Slack Connect channel lets another organisation read the summary: refused unless agreed.
    dhr_allow_shared_summary: bool = False
    port: int = Field(default=3000, ge=1, le=65535)
    # Per web worker: threads doing the work after each ack, and jobs that may wait for one
    # (beyond that a request is answered "busy, try again" at once).
    dhr_worker_threads: int = Field(default=2, ge=1, le=64)
    dhr_worker_queue: int = Field(default=32, ge=0, le=1000)

    @field_validator("dhr_coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("dhr_assurance_months")
    @classmethod
    def _whole_periods(cls, value: int) -> int:
        if value not in (1, 2, 3, 4, 6, 12):
            raise ValueError("DHR_ASSURANCE_MONTHS is 1, 2, 3, 4, 6 or 12 (3 = quarters)")
        return value

    @field_validator("dhr_evidence_types", mode="before")
    @classmethod
    def _split_types(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(p.strip().lstrip(".").lower() for p in value.split(",") if p.strip())
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk joins method names onto base_url, so it must end with "/".
        return value if value.endswith("/") else value + "/"

    @field_validator("dhr_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        """Return the partnership's time zone."""
        return ZoneInfo(self.dhr_timezone)

    @property
    def has_slack(self) -> bool:
        """Tell whether Slack tokens are configured (otherwise the console is the way in)."""
        return self.slack_bot_token is not None

    def require(self, *names: str) -> None:
        """Stop with a message naming every variable in `names` that is not set."""
        missing = [name.upper() for name in names if getattr(self, name) in (None, "")]
        if missing:
            raise MissingSetting(*missing)

    def secret(self, name: str) -> str:
        """Return a required secret's value, or fail naming the variable."""
        self.require(name)
        value: SecretStr = getattr(self, name)
        return value.get_secret_value()

    def evidence_store_url(self) -> str:
        """Return where evidence copies are kept: DHR_EVIDENCE_STORE or beside the database."""
        if self.dhr_evidence_store:
            return self.dhr_evidence_store
        database = self.sqlite_path()
        folder = database.resolve().parent / "evidence" if database else Path("evidence")
        return str(folder.absolute())

    def database_url_shown(self) -> str:
        """Return DATABASE_URL fit to print: the password hidden."""
        return shown_url(self.database_url)

    def sqlite_path(self) -> Path | None:
        """Return the file of an SQLite database URL, None for other databases."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            rest = self.database_url[len(prefix) :]
            return Path(rest) if rest and rest != ":memory:" else None
        return None


def shown_url(url: str) -> str:
    """Return a database URL with its password hidden, for consoles and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # unreadable, it may still hold a secret: show none
        return "(a database URL that could not be read)"
