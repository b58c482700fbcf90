"""The console's read-eval-print loop: bot commands, `press N`, `as USER`, forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from rich.console import Console
from rich.text import Text

from devkit.console.forms import FormFiller, fields_of
from devkit.console.session import ConsoleSession

CANCELLED = "Form cancelled — nothing saved."
_USER_ID = re.compile(r"^(?:<@)?@?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?$", re.IGNORECASE)

HELP = """Console commands:
  /dhr …        any bot command: /dhr mine, /dhr show 1.1, /dhr update 1.1, /dhr help
  press N       press button N of the last message or view
  as USER_ID    act as someone else (e.g. as U0SSPOFFICER)
  who           list the demo people you can act as
  home          open the bot's App Home
  summary       this week's summary (the same as /dhr summary)
  help          this help
  quit          leave (end of input does too)
In a form, answer each field in turn: blank keeps the value in [brackets], - clears it,
* marks a required field, and Ctrl-C (or end of input) cancels without saving."""

BOT_WORDS = [
    "help",
    "mine",
    "show",
    "update",
    "evidence",
    "assign",
    "overdue",
    "due",
    "agency",
    "summary",
    "export",
    "reminders",
    "coordinator",
]


class LineReader(Protocol):
    """A source of lines: a terminal with a prompt, or a script."""

    def read(self, prompt: str, *, command: bool = False) -> str:
        """Return the next line; raise EOFError at the end, KeyboardInterrupt on Ctrl-C."""
        ...


class ScriptReader:
    """Lines from a file or a pipe, echoed so the output reads like a session."""

    def __init__(self, lines: Iterable[str], console: Console) -> None:
        self._lines: Iterator[str] = iter(lines)
        self.console = console

    def read(self, prompt: str, *, command: bool = False) -> str:
        """Return the next line of the script, echoed after a plain marker or the question."""
        line = next(self._lines, None)
        if line is None:
            raise EOFError
        line = line.rstrip("\r\n")
        self.console.print(Text((("> " if command else prompt) + line).rstrip()), soft_wrap=True)
        return line


class TerminalReader:
    """prompt_toolkit prompts: history and completion for commands, plain prompts in forms."""

    def __init__(self, people: Callable[[], list[str]]) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.completion import WordCompleter
        from prompt_toolkit.history import InMemoryHistory

        words = [f"/dhr {w}" for w in BOT_WORDS] + [
            "press ",
            "who",
            "home",
            "summary",
            "help",
            "quit",
        ]
        self._people = people
        self._words = words
        self._completer_class = WordCompleter
        self._commands: Any = PromptSession(history=InMemoryHistory())
        self._answers: Any = PromptSession(history=InMemoryHistory())

    def read(self, prompt: str, *, command: bool = False) -> str:
        """Prompt in the terminal."""
        if not command:
            return str(self._answers.prompt(prompt))
        words = self._words + [f"as {p}" for p in self._people()]
        completer = self._completer_class(words, sentence=True)
        return str(self._commands.prompt(prompt, completer=completer))


class Shell:
    """Read commands and drive the session until `quit` or the end of input."""

    def __init__(
        self, session: ConsoleSession, reader: LineReader, console: Console, *, interactive: bool
    ) -> None:
        self.session = session
        self.reader = reader
        self.console = console
        self.interactive = interactive

    def run(self) -> None:
        """Run until quit or end of input."""
        self._banner()
        while True:
            try:
                line = self.reader.read(self._prompt(), command=True)
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if not self.handle(line.strip()):
                break

    def handle(self, line: str) -> bool:
        """Carry out one command line; return False to stop."""
        if not line or line.startswith("#"):
            return True
        head, _, rest = line.partition(" ")
        if head.startswith("/"):
            self._slash(head, rest.strip())
            return True
        command = _COMMANDS.get(head.lower())
        if command is None:
            self.say(
                f"Unknown command “{head[:40]}”. Type `help` for console commands; "
                "bot commands start with /dhr.",
                "yellow",
            )
            return True
        return command(self, rest.strip())

    def say(self, text: str, style: str = "") -> None:
        """Print a console message (not something the bot sent)."""
        self.console.print(Text(text, style=style))

    def _prompt(self) -> str:
        return f"{self.session.user}> " if self.interactive else "> "

    def _banner(self) -> None:
        session = self.session
        self.say(
            "DHR action tracker — console. Slack is simulated here; the bot is the real one.",
            "bold",
        )
        if session.seeded is not None:
            self.say(f"Loaded the Lily action plan ({session.seeded} actions) and its demo people.")
        role = next(
            (p.role for p in session.people() if p.user_id == session.user), "not registered"
        )
        self.say(
            f"You are @{session.user} ({role}). Type `help` for console commands, `who` for people."
        )

    # ------------------------------------------------------------------ commands

    def _slash(self, head: str, rest: str) -> None:
        if head.lower() != "/dhr":
            self.say(f"Only /dhr is installed in this console, not {head[:30]}.", "yellow")
            return
        self._after(self.session.driver.command(self.session.user, rest))

    def _after(self, calls: list[Any], *, show_home: bool = False) -> None:
        rendered = self.session.show(calls, show_home=show_home)
        if rendered.modal is not None:
            self.form(rendered.modal)

    def press(self, arg: str) -> bool:
        """Press button N of the last message or view."""
        controls = self.session.controls
        if not arg.isdigit():
            self.say("Usage: press N — the number shown in [N …] on a button.", "yellow")
            return True
        found = next((c for c in controls if c.number == int(arg)), None)
        if found is None:
            where = f"buttons 1–{len(controls)}" if controls else "no buttons yet"
            self.say(f"There is no button {arg} (the last message or view has {where}).", "yellow")
            return True
        self._after(self.session.driver.press(self.session.user, found))
        return True

    def act_as(self, arg: str) -> bool:
        """Switch to another user."""
        match = _USER_ID.match(arg)
        if match is None:
            self.say(
                f"“{arg[:40]}” is not a Slack user ID, like U0SSPOFFICER. Type `who`.", "yellow"
            )
            return True
        user = match.group(1).upper()
        self.session.user = user
        role = next((p.role for p in self.session.people() if p.user_id == user), None)
        if role is None:
            self.say(f"You are now @{user}, who is in no agency: the bot will say so.", "yellow")
        else:
            self.say(f"You are now @{user} ({role}).")
        return True

    def who(self, arg: str) -> bool:
        """List the demo people."""
        for person in self.session.people():
            marker = "*" if person.user_id == self.session.user else " "
            self.say(f"{marker} {person.user_id:<16} {person.role}")
        return True

    def home(self, arg: str) -> bool:
        """Open App Home."""
        self._after(self.session.driver.home(self.session.user), show_home=True)
        return True

    def summary(self, arg: str) -> bool:
        """Send `/dhr summary`."""
        self._slash("/dhr", ("summary " + arg).strip())
        return True

    def help(self, arg: str) -> bool:
        """Print the console's commands."""
        self.say(HELP)
        return True

    def quit(self, arg: str) -> bool:
        """Stop."""
        return False

    # ------------------------------------------------------------------ forms

    def form(self, view: dict[str, Any]) -> None:
        """Fill a modal field by field and submit it, re-asking fields the app rejects."""
        filler = FormFiller(self.console, self._ask, self.session.driver.upload)
        fields = fields_of(view)
        values: dict[str, Any] = {}
        errors: dict[str, str] | None = None
        while True:
            try:
                values = filler.fill(fields, values, errors=errors)
            except (EOFError, KeyboardInterrupt):
                self.say(CANCELLED, "yellow")
                return
            answer, calls = self.session.driver.submit(self.session.user, view, values)
            self.session.show(calls)
            if answer.get("response_action") == "update":
                # The action changed since the form opened: it comes back on the current state.
                view = {**view, **answer["view"]}
                fields, values, errors = fields_of(view), {}, None
                first = (view.get("blocks") or [{}])[0]
                self.say(
                    str((first.get("text") or {}).get("text") or "The form changed."), "yellow"
                )
                continue
            if answer.get("response_action") != "errors":
                return
            errors = self._errors(fields, answer.get("errors") or {})

    def _errors(self, fields: list[Any], raw: dict[str, Any]) -> dict[str, str]:
        errors = {str(k): str(v) for k, v in raw.items()}
        known = {f.block_id for f in fields}
        self.say("The form was not saved: correct the fields marked ✗.", "bold red")
        for block_id in errors.keys() - known:
            self.say(f"  ✗ {block_id}: {errors[block_id]}", "red")
        if not known & errors.keys():
            # Errors on no field we know: ask for everything again rather than submit blindly.
            return {f.block_id: errors.get(f.block_id, "") for f in fields}
        return errors

    def _ask(self, prompt: str) -> str:
        return self.reader.read(prompt)


_COMMANDS: dict[str, Callable[[Shell, str], bool]] = {
    "press": Shell.press,
    "as": Shell.act_as,
    "who": Shell.who,
    "home": Shell.home,
    "summary": Shell.summary,
    "help": Shell.help,
    "quit": Shell.quit,
    "exit": Shell.quit,
}
