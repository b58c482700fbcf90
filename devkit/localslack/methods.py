"""The Slack Web API methods LocalSlack answers, as a mixin over LocalSlack's state.

Each ``_<family>_<method>`` takes the decoded arguments and returns the fields Slack puts
beside ``"ok": true``, or raises SlackError. They run with LocalSlack's lock held.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from devkit.localslack.state import WorkspaceState
from devkit.localslack.wire import (
    APP_ID,
    BOT_ID,
    TEAM_DOMAIN,
    Args,
    Handler,
    SlackError,
    Upload,
    in_window,
    require,
    ts_value,
)


class WebApiMethods(WorkspaceState):
    """The Web API method implementations, over the state LocalSlack holds."""

    def _method_table(self) -> dict[str, Handler]:
        return {
            "api.test": lambda args: {
                "args": {k: v for k, v in args.items() if isinstance(v, str)}
            },
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.members": self._conversations_members,
            "conversations.open": self._conversations_open,
            "files.info": self._files_info,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }

    # ------------------------------------------------------------------ methods

    def _auth_test(self, args: Args) -> Args:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Example Partnership",
            "user": "dhr",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

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

    def _stored_view(self, view: Any, view_id: str, previous: Args | None = None) -> Args:
        if not isinstance(view, dict) or "type" not in view:
            raise SlackError("invalid_arguments")
        stored: Args = {
            "id": view_id,
            "team_id": self.team_id,
            "state": {"values": {}},
            "hash": f"{int(self.clock())}.{next(self._ids):08x}",
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "root_view_id": (previous or {}).get("root_view_id", view_id),
            "previous_view_id": None,
        }
        stored.update(view)
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: Args) -> Args:
        trigger_id = require(args, "trigger_id", "invalid_trigger_id")
        if trigger_id.startswith("expired"):
            raise SlackError("expired_trigger_id")
        return {"view": dict(self._stored_view(args.get("view"), self._new_id("V")))}

    def _views_update(self, args: Args) -> Args:
        view_id = args.get("view_id") or self._view_id_for_external(args.get("external_id"))
        current = self.views.get(str(view_id))
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        return {"view": dict(self._stored_view(args.get("view"), str(view_id), current))}

    def _view_id_for_external(self, external_id: Any) -> str:
        for view_id, view in self.views.items():
            if external_id and view.get("external_id") == external_id:
                return view_id
        raise SlackError("not_found")

    def _views_publish(self, args: Args) -> Args:
        user_id = require(args, "user_id", "invalid_arguments")
        view = args.get("view")
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments")
        current = self.home_views.get(user_id)
        if current is not None and args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        view_id = current["id"] if current else self._new_id("V")
        self.home_views[user_id] = self._stored_view(view, view_id, current)
        return {"view": dict(self.home_views[user_id])}

    def _users_info(self, args: Args) -> Args:
        user = self.users.get(require(args, "user", "user_not_found"))
        if user is None:
            raise SlackError("user_not_found")
        now = datetime.fromtimestamp(self.clock(), ZoneInfo(user["tz"]))
        offset = now.utcoffset()
        profile = {
            "real_name": user["real_name"],
            "display_name": user["name"],
            "email": user["email"],
        }
        return {
            "user": {
                "id": user["id"],
                "team_id": self.team_id,
                "name": user["name"],
                "real_name": user["real_name"],
                "deleted": False,
                "tz": user["tz"],
                "tz_label": now.tzname(),
                "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
                "is_bot": user["is_bot"],
                "profile": profile,
            }
        }

    def _conversations_info(self, args: Args) -> Args:
        channel_id = require(args, "channel", "channel_not_found")
        if channel_id.startswith("D"):
            im = {"id": channel_id, "is_im": True, "user": channel_id[1:], "is_member": True}
            return {"channel": im}
        channel = self.channels.get(channel_id)
        if channel is None:
            raise SlackError("channel_not_found")
        return {
            "channel": {
                "id": channel["id"],
                "name": channel["name"],
                "is_channel": not channel["is_private"],
                "is_group": channel["is_private"],
                "is_im": False,
                "is_private": channel["is_private"],
                "is_member": channel["is_member"],
                "is_archived": False,
                "is_shared": channel.get("shared", False),
                "is_ext_shared": channel.get("shared", False),
                "is_pending_ext_shared": False,
                "is_org_shared": False,
            }
        }

    def _conversations_history(self, args: Args) -> Args:
        channel = require(args, "channel", "channel_not_found")
        if channel not in self.messages and (self.strict_channels or channel in self.channels):
            raise SlackError("channel_not_found")
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest = ts_value(str(args.get("oldest") or "0"))
        latest = ts_value(str(args.get("latest") or "inf"))
        found = [
            m
            for m in reversed(self.messages.get(channel, []))
            if in_window(m, oldest, latest, inclusive)
        ]
        limit = max(1, min(int(args.get("limit") or 100), 999))
        start = int(str(args.get("cursor") or "0").removeprefix("o:") or 0)
        page = found[start : start + limit]
        more = start + limit < len(found)
        return {
            "messages": [dict(m) for m in page],
            "has_more": more,
            "response_metadata": {"next_cursor": f"o:{start + limit}" if more else ""},
        }

    def _conversations_members(self, args: Args) -> Args:
        channel = self.channels.get(require(args, "channel", "channel_not_found"))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"members": list(channel["members"]), "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, args: Args) -> Args:
        if args.get("channel"):
            return {"channel": {"id": str(args["channel"])}}
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(sorted(users))
        self.messages.setdefault(channel_id, [])
        return {"channel": {"id": channel_id}}

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
