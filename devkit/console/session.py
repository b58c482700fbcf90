"""The console's running parts: local Slack, the real Bolt app on the database, who is typing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.app import create_app
from bot.clock import Clock
from bot.config import Settings
from bot.services import Services
from devkit.console.blocks import Control
from devkit.console.driver import Driver, tracking_executor
from devkit.console.render import FILES_DIR, Rendered, Renderer
from devkit.console.setup import (
    BOARD_CHANNEL_NAME,
    CONSOLE_CHANNEL,
    CONSOLE_CHANNEL_NAME,
    DEMO_COORDINATOR,
    Person,
    console_settings,
    demo_people,
    seed_if_empty,
)
from devkit.localslack.server import Call, LocalSlack
from storage.db import Database


@dataclass
class ConsoleSession:
    """Everything one console run holds; the shell reads and changes `user` and `controls`."""

    settings: Settings
    services: Services
    slack: LocalSlack
    driver: Driver
    renderer: Renderer
    console: Console
    user: str
    seeded: int | None
    controls: list[Control] = field(default_factory=list)

    def people(self) -> list[Person]:
        """Return the demo people (coordinators, agency leads and members), as stored now."""
        found = demo_people(self.services)
        for person in found:
            if person.user_id not in self.slack.users:
                self.slack.add_user(person.user_id, person.user_id.lower(), person.user_id)
        return found

    def show(self, calls: list[Call], *, show_home: bool = False) -> Rendered:
        """Print what the app sent; remember the numbered controls if there were any."""
        rendered = self.renderer.render(calls, user=self.user, show_home=show_home)
        if rendered.controls:
            self.controls = rendered.controls
        if self.driver.late:
            self.console.print(
                Text(
                    "(the bot is still working; anything else it sends is not shown)",
                    style="yellow",
                )
            )
        return rendered


def _name(user_id: str) -> str:
    return user_id


@contextmanager
def open_session(
    base: Settings,
    *,
    db: Database,
    clock: Clock,
    console: Console,
    user: str | None = None,
    files_dir: Path = FILES_DIR,
) -> Iterator[ConsoleSession]:
    """Start local Slack and the app on `db` (seeding it when empty); stop both afterwards."""
    with LocalSlack() as slack:
        settings = console_settings(base, slack_url=slack.url)
        services = Services(db, settings, clock)
        seeded = seed_if_empty(services)
        executor = tracking_executor()
        app = create_app(settings, db=db, clock=clock, listener_executor=executor)
        slack.add_channel(CONSOLE_CHANNEL, CONSOLE_CHANNEL_NAME)
        if settings.dhr_summary_channel:
            slack.add_channel(settings.dhr_summary_channel, BOARD_CHANNEL_NAME)
        driver = Driver(
            app,
            slack,
            executor=executor,
            secret=settings.secret("slack_signing_secret"),
            channel=CONSOLE_CHANNEL,
        )
        session = ConsoleSession(
            settings=settings,
            services=services,
            slack=slack,
            driver=driver,
            renderer=Renderer(console, slack, _name, files_dir),
            console=console,
            user=user or (settings.dhr_coordinators or (DEMO_COORDINATOR,))[0],
            seeded=seeded,
        )
        session.people()
        try:
            yield session
        finally:
            driver.close()
