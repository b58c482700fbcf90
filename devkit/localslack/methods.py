"""The Slack Web API methods LocalSlack answers, as a mixin over LocalSlack's state.

This module holds the method table, auth, views, users and conversations; the methods that
post messages and files live in ``messaging``.

Each ``_<family>_<method>`` takes the decoded arguments and returns the fields Slack puts
beside ``"ok": true``, or raises SlackError. They run with LocalSlack's lock held.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from devkit.localslack.messaging import MessagingMethods
from devkit.localslack.wire import (
    APP_ID,
    BOT_ID,
    TEAM_DOMAIN,
    Args,
    Handler,
    SlackError,
    in_window,
    require,
    ts_value,
)


class WebApiMethods(MessagingMethods):
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
