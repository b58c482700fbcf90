"""Show what the bot sent to (local) Slack: messages, modals, App Home and uploaded files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from devkit.console.blocks import BlockRenderer, Control, Origin
from devkit.console.mrkdwn import Namer, to_text
from devkit.localslack.server import Call, LocalSlack

FILES_DIR = Path("console-files")

# Calls that only read from Slack, or carry bytes shown with the completed upload.
_SILENT = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.info",
        "conversations.open",
        "conversations.history",
        "conversations.members",
        "chat.getPermalink",
        "files.info",
        "files.getUploadURLExternal",
        "upload",
        "views.update",
    }
)


@dataclass
class Rendered:
    """What one batch of calls left for the user: numbered controls and a modal to fill."""

    controls: list[Control] = field(default_factory=list)
    modal: dict[str, Any] | None = None


@dataclass
class Renderer:
    """Print the calls of one request in the order the bot made them."""

    console: Console
    slack: LocalSlack
    name_of: Namer
    files_dir: Path = FILES_DIR

    def render(self, calls: list[Call], *, user: str, show_home: bool = False) -> Rendered:
        """Print every call a user would see; return the controls shown and any modal opened."""
        blocks = BlockRenderer(self.name_of)
        rendered = Rendered()
        for call in calls:
            if call.error is not None:
                self.console.print(
                    Text(f"(Slack API {call.method} failed: {call.error})", style="yellow")
                )
                continue
            if call.method in _SILENT:
                continue
            self._one(call, blocks, rendered, user=user, show_home=show_home)
        rendered.controls = blocks.controls
        return rendered

    def _one(
        self, call: Call, blocks: BlockRenderer, rendered: Rendered, *, user: str, show_home: bool
    ) -> None:
        method = call.method
        if method in ("views.open", "views.push"):
            rendered.modal = self._modal(call, blocks)
        elif method == "views.publish":
            self._home(call, blocks, user=user, show_home=show_home)
        elif method == "files.completeUploadExternal":
            self._files(call)
        else:
            draw = _MESSAGES.get(method)
            if draw is not None:
                draw(self, call, blocks)

    # ------------------------------------------------------------------ messages

    def message(
        self, title: str, args: dict[str, Any], blocks: BlockRenderer, origin: Origin
    ) -> None:
        """Print one message under a title line saying who sees it."""
        self.console.print(Rule(Text(title, style="bold"), align="left", style="blue"))
        if args.get("blocks"):
            for item in blocks.render(list(args["blocks"]), origin):
                self.console.print(item)
        elif args.get("text"):
            self.console.print(to_text(str(args["text"]), name_of=self.name_of))
        for attachment in args.get("attachments") or []:
            self._attachment(attachment, blocks, origin)

    def _attachment(self, attachment: Any, blocks: BlockRenderer, origin: Origin) -> None:
        if not isinstance(attachment, dict):
            return
        if attachment.get("blocks"):
            for item in blocks.render(list(attachment["blocks"]), origin):
                self.console.print(item)
        elif attachment.get("text") or attachment.get("fallback"):
            text = str(attachment.get("text") or attachment.get("fallback"))
            self.console.print(to_text("│ " + text, name_of=self.name_of))

    def _response_url(self, call: Call, blocks: BlockRenderer) -> None:
        args = call.args
        if str(args.get("delete_original", "")).lower() in ("true", "1"):
            self.console.print(Text("(the message above was deleted)", style="dim"))
            return
        public = args.get("response_type") == "in_channel"
        title = "DHR · in the channel" if public else "DHR · only visible to you"
        if str(args.get("replace_original", "")).lower() in ("true", "1"):
            title += " (replaces the message above)"
        self.message(title, args, blocks, Origin("ephemeral", channel=None))

    def _post(self, call: Call, blocks: BlockRenderer) -> None:
        channel = str(call.args.get("channel", ""))
        found = self._find_message(channel, call.args)
        self.message(
            f"DHR · {self.where(channel)}",
            call.args,
            blocks,
            Origin("message", channel=self._resolved(channel), message=found),
        )

    def _ephemeral(self, call: Call, blocks: BlockRenderer) -> None:
        channel = str(call.args.get("channel", ""))
        who = self.name_of(str(call.args.get("user", "")))
        title = f"DHR · only visible to @{who} in {self.where(channel)}"
        self.message(title, call.args, blocks, Origin("ephemeral", channel=channel))

    def _update(self, call: Call, blocks: BlockRenderer) -> None:
        channel = str(call.args.get("channel", ""))
        found = self._find_message(channel, call.args, ts=str(call.args.get("ts", "")))
        self.message(
            f"DHR · message edited in {self.where(channel)}",
            call.args,
            blocks,
            Origin("message", channel=channel, message=found),
        )

    def where(self, channel: str) -> str:
        """Name a channel the way Slack's sidebar would."""
        if channel.startswith(("U", "W")):
            return f"direct message to @{self.name_of(channel)}"
        if channel.startswith("D"):
            return f"direct message to @{self.name_of(channel[1:])}"
        known = self.slack.channels.get(channel)
        return f"#{known['name']}" if known else f"#{channel}"

    @staticmethod
    def _resolved(channel: str) -> str:
        return "D" + channel if channel.startswith(("U", "W")) else channel

    def _find_message(
        self, channel: str, args: dict[str, Any], ts: str | None = None
    ) -> dict[str, Any] | None:
        history = self.slack.messages.get(self._resolved(channel), [])
        for message in reversed(history):
            if ts and message.get("ts") == ts:
                return dict(message)
            if not ts and message.get("text", "") == args.get("text", ""):
                return dict(message)
        return None

    # ------------------------------------------------------------------ views and files

    def _modal(self, call: Call, blocks: BlockRenderer) -> dict[str, Any] | None:
        sent = call.args.get("view")
        if not isinstance(sent, dict):
            return None
        stored = self._stored_view(sent)
        title = (sent.get("title") or {}).get("text", "Form")
        self.console.print(
            Rule(Text(f"Form · {title}", style="bold"), align="left", style="magenta")
        )
        for item in blocks.render(list(sent.get("blocks") or []), Origin("modal", view=stored)):
            self.console.print(item)
        return stored

    def _stored_view(self, sent: dict[str, Any]) -> dict[str, Any]:
        for view in reversed(list(self.slack.views.values())):
            if view.get("blocks") == sent.get("blocks") and view.get("type") == sent.get("type"):
                return dict(view)
        return dict(sent)

    def _home(self, call: Call, blocks: BlockRenderer, *, user: str, show_home: bool) -> None:
        owner = str(call.args.get("user_id", ""))
        if not (show_home and owner == user):
            self.console.print(
                Text(
                    f"(App Home refreshed for @{self.name_of(owner)} — type `home` to see it)",
                    style="dim",
                )
            )
            return
        view = dict(self.slack.home_views.get(owner) or call.args.get("view") or {})
        self.console.print(Rule(Text("App Home", style="bold"), align="left", style="green"))
        for item in blocks.render(list(view.get("blocks") or []), Origin("home", view=view)):
            self.console.print(item)

    def _files(self, call: Call) -> None:
        channel = str(call.args.get("channel_id") or "")
        title = f"DHR · {self.where(channel)}" if channel else "DHR · file uploaded"
        self.console.print(Rule(Text(title, style="bold"), align="left", style="blue"))
        if call.args.get("initial_comment"):
            self.console.print(to_text(str(call.args["initial_comment"]), name_of=self.name_of))
        for entry in call.args.get("files") or []:
            self._save_file(entry)

    def _save_file(self, entry: Any) -> None:
        upload = self.slack.uploads.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if upload is None:
            return
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / Path(upload.filename).name
        path.write_bytes(upload.data)
        title = entry.get("title") or upload.filename
        self.console.print(
            Text(f"📎 {title} — saved as {path.as_posix()} ({len(upload.data)} bytes)")
        )


Draw = Callable[[Renderer, Call, BlockRenderer], None]
_MESSAGES: dict[str, Draw] = {
    "response_url": Renderer._response_url,
    "chat.postMessage": Renderer._post,
    "chat.postEphemeral": Renderer._ephemeral,
    "chat.update": Renderer._update,
}
