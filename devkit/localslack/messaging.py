"""The Web API methods that put messages and files into channels: chat.* and files.*.

A mixin over LocalSlack's state; each method runs with LocalSlack's lock held.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import quote

from devkit.localslack.state import WorkspaceState
from devkit.localslack.wire import APP_ID, BOT_ID, TEAM_DOMAIN, Args, SlackError, Upload, require


class MessagingMethods(WorkspaceState):
    """chat.* and files.*: messages, ephemerals, permalinks, uploads and file shares."""

    def _message_from(self, args: Args, ts: str) -> Args:
        message: Args = {
            "type": "message",
            "text": args.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        return message

    def _chat_post_message(self, args: Args) -> Args:
        channel = self._resolve_channel(require(args, "channel", "channel_not_found"))
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise SlackError("no_text")
        message = self._message_from(args, self._next_ts())
        self.messages.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": message["ts"], "message": dict(message)}

    def _chat_post_ephemeral(self, args: Args) -> Args:
        channel = self._resolve_channel(require(args, "channel", "channel_not_found"))
        user = require(args, "user", "user_not_in_channel")
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise SlackError("no_text")
        ts = self._next_ts()
        self.ephemerals.append({**self._message_from(args, ts), "channel": channel, "to": user})
        return {"message_ts": ts}

    def _chat_update(self, args: Args) -> Args:
        channel = require(args, "channel", "channel_not_found")
        message = self._find_message(channel, require(args, "ts", "message_not_found"))
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = args[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": dict(message),
        }

    def _chat_delete(self, args: Args) -> Args:
        channel = require(args, "channel", "channel_not_found")
        message = self._find_message(channel, require(args, "ts", "message_not_found"))
        self.messages[channel].remove(message)
        return {"channel": channel, "ts": message["ts"]}

    def _chat_get_permalink(self, args: Args) -> Args:
        channel = require(args, "channel", "channel_not_found")
        ts = require(args, "message_ts", "message_not_found")
        link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _files_info(self, args: Args) -> Args:
        file = self.files.get(require(args, "file", "file_not_found"))
        if file is None:
            raise SlackError("file_not_found")
        return {"file": dict(file)}

    def _files_get_upload_url(self, args: Args) -> Args:
        filename = require(args, "filename")
        if not str(args.get("length") or "").isdigit():
            raise SlackError("invalid_arguments")
        file_id = self._new_id("F")
        self.uploads[file_id] = Upload(file_id, filename, b"")
        return {"file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}

    def _files_complete_upload(self, args: Args) -> Args:
        entries = args.get("files")
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        channel = args.get("channel_id") or None
        completed = [self._complete_one(entry, channel) for entry in entries]
        if channel:
            self._share_files(str(channel), completed, args)
        return {"files": completed}

    def _complete_one(self, entry: Any, channel: str | None) -> Args:
        upload = self.uploads.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if upload is None:
            raise SlackError("file_not_found")
        kind = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        file = {
            "id": upload.file_id,
            "name": upload.filename,
            "title": entry.get("title") or upload.filename,
            "mimetype": kind,
            "size": len(upload.data),
            "user": self.bot_user_id,
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{self.bot_user_id}/{upload.file_id}",
            "channels": [channel] if channel else [],
        }
        # Downloadable with the bot token, like Slack's url_private_download.
        file["url_private_download"] = (
            f"{self.base_url}/files-pri/{self.team_id}-{upload.file_id}/download/"
            f"{quote(upload.filename)}"
        )
        self.files[upload.file_id] = file
        self.file_bytes[upload.file_id] = upload.data
        return dict(file)

    def _share_files(self, channel: str, files: list[Args], args: Args) -> None:
        message = self._message_from({"text": args.get("initial_comment") or ""}, self._next_ts())
        message.update({"subtype": "file_share", "files": files})
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        self.messages.setdefault(channel, []).append(message)
