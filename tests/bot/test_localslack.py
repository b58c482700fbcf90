"""The local Slack answers a real slack_sdk WebClient like Slack, and its senders satisfy Bolt."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from devkit.localslack import (
    Call,
    LocalSlack,
    SignedSender,
    app_home_opened_event,
    block_actions_payload,
    button_action,
    interaction_body,
    message_shortcut_payload,
    sign,
    slash_command_body,
    view_submission_payload,
)

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def client(slack: LocalSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url)


def _error_of(exc: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(exc.value.response["error"])


# ---------------------------------------------------------------------- Web API methods


def test_url_is_a_webclient_base_url(slack: LocalSlack) -> None:
    assert slack.url.startswith("http://127.0.0.1:")
    assert slack.url.endswith("/api/")


def test_post_message_is_recorded_with_blocks_parsed_and_lands_in_history(
    slack: LocalSlack, client: WebClient
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*DHR-1* overdue"}}]

    first = client.chat_postMessage(channel="C1", text="first")
    second = client.chat_postMessage(channel="C1", text="second", blocks=blocks)

    assert first["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])
    call = slack.calls_to("chat.postMessage")[1]
    assert call.args["blocks"] == blocks
    assert call.args["text"] == "second"
    history = client.conversations_history(channel="C1")
    assert [m["text"] for m in history["messages"]] == ["second", "first"]
    assert history["messages"][0]["blocks"] == blocks


def test_post_message_to_a_user_goes_to_their_dm(client: WebClient) -> None:
    response = client.chat_postMessage(channel="U123", text="reminder")

    assert response["channel"] == "DU123"


def test_post_message_without_content_is_no_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.postMessage", params={"channel": "C1"})
    assert _error_of(exc) == "no_text"


def test_history_honours_oldest_latest_limit_and_cursor(
    slack: LocalSlack, client: WebClient
) -> None:
    ts = [client.chat_postMessage(channel="C1", text=f"m{i}")["ts"] for i in range(5)]

    window = client.conversations_history(channel="C1", oldest=ts[0], latest=ts[4])
    page = client.conversations_history(channel="C1", limit=2)
    rest = client.conversations_history(
        channel="C1", limit=2, cursor=page["response_metadata"]["next_cursor"]
    )

    assert [m["text"] for m in window["messages"]] == ["m3", "m2", "m1"]
    assert [m["text"] for m in page["messages"]] == ["m4", "m3"]
    assert page["has_more"] is True
    assert [m["text"] for m in rest["messages"]] == ["m2", "m1"]


def test_update_delete_and_permalink(slack: LocalSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="draft")["ts"]

    client.chat_update(channel="C1", ts=ts, text="final")
    link = client.chat_getPermalink(channel="C1", message_ts=ts)["permalink"]
    assert client.conversations_history(channel="C1")["messages"][0]["text"] == "final"
    assert link == f"https://example.slack.com/archives/C1/p{ts.replace('.', '')}"

    client.chat_delete(channel="C1", ts=ts)
    assert client.conversations_history(channel="C1")["messages"] == []
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts=ts, text="again")
    assert _error_of(exc) == "message_not_found"


def test_post_ephemeral_is_not_in_history(slack: LocalSlack, client: WebClient) -> None:
    response = client.chat_postEphemeral(channel="C1", user="U1", text="only you")

    assert response["message_ts"]
    assert slack.ephemerals[0]["to"] == "U1"
    assert client.conversations_history(channel="C1")["messages"] == []


def test_views_open_update_and_expired_trigger(slack: LocalSlack, client: WebClient) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Update"}, "blocks": []}

    opened = client.views_open(trigger_id="123.456.abc", view=view)["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=view)["view"]

    assert opened["id"].startswith("V")
    assert updated["id"] == opened["id"]
    assert updated["hash"] != opened["hash"]
    assert slack.calls_to("views.open")[0].args["view"] == view
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id="expired.1.2", view=view)
    assert _error_of(exc) == "expired_trigger_id"
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=view)
    assert _error_of(exc) == "hash_conflict"


def test_views_publish_keeps_one_home_per_user(slack: LocalSlack, client: WebClient) -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}]}

    first = client.views_publish(user_id="U1", view=home)["view"]
    again = client.views_publish(user_id="U1", view=home)["view"]

    assert first["id"] == again["id"]
    assert slack.home_views["U1"]["blocks"] == [{"type": "divider"}]


def test_users_info_known_and_unknown(slack: LocalSlack, client: WebClient) -> None:
    slack.add_user("U1", "lily", "Lily Example", tz="Europe/London")

    user = client.users_info(user="U1")["user"]

    assert (user["id"], user["real_name"], user["tz"]) == ("U1", "Lily Example", "Europe/London")
    assert user["tz_offset"] in (0, 3600)
    with pytest.raises(SlackApiError) as exc:
        client.users_info(user="U404")
    assert _error_of(exc) == "user_not_found"


def test_conversations_info_members_and_open(slack: LocalSlack, client: WebClient) -> None:
    slack.add_channel("G1", "dhr-partnership", is_private=True, members=["U1", "U2"])

    info = client.conversations_info(channel="G1")["channel"]
    members = client.conversations_members(channel="G1")["members"]
    dm = client.conversations_open(users="U1")["channel"]

    assert (info["name"], info["is_private"], info["is_member"]) == ("dhr-partnership", True, True)
    assert members == ["U1", "U2"]
    assert dm["id"] == "DU1"
    with pytest.raises(SlackApiError) as exc:
        client.conversations_info(channel="C404")
    assert _error_of(exc) == "channel_not_found"


def test_posting_where_the_bot_is_not_a_member_fails(slack: LocalSlack, client: WebClient) -> None:
    slack.add_channel("G2", "secret", is_member=False)

    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="G2", text="hi")
    assert _error_of(exc) == "not_in_channel"


def test_strict_channels_rejects_unknown_channels() -> None:
    with LocalSlack(strict_channels=True) as strict:
        client = WebClient(token=TOKEN, base_url=strict.url)
        with pytest.raises(SlackApiError) as exc:
            client.chat_postMessage(channel="C404", text="hi")
    assert _error_of(exc) == "channel_not_found"


def test_files_info_known_and_unknown(slack: LocalSlack, client: WebClient) -> None:
    slack.add_file("F1", "minutes.pdf", "https://example.slack.com/files/U1/F1/minutes.pdf")

    assert client.files_info(file="F1")["file"]["name"] == "minutes.pdf"
    with pytest.raises(SlackApiError) as exc:
        client.files_info(file="F404")
    assert _error_of(exc) == "file_not_found"


def test_files_upload_v2_end_to_end(slack: LocalSlack, client: WebClient) -> None:
    response = client.files_upload_v2(
        channel="DU1", filename="plan.xlsx", content=b"PK\x03\x04 bytes", title="DHR plan"
    )

    file_id = response["file"]["id"]
    assert slack.uploads[file_id].data == b"PK\x03\x04 bytes"
    assert slack.uploads[file_id].filename == "plan.xlsx"
    complete = slack.calls_to("files.completeUploadExternal")[0]
    assert complete.args["channel_id"] == "DU1"
    assert complete.args["files"] == [{"id": file_id, "title": "DHR plan"}]
    assert client.files_info(file=file_id)["file"]["title"] == "DHR plan"
    shared = client.conversations_history(channel="DU1")["messages"][0]
    assert shared["files"][0]["id"] == file_id


def test_unknown_method_and_missing_or_bad_token(slack: LocalSlack) -> None:
    with pytest.raises(SlackApiError) as exc:
        WebClient(token=TOKEN, base_url=slack.url).api_call("admin.nukeEverything")
    assert _error_of(exc) == "unknown_method"
    with pytest.raises(SlackApiError) as exc:
        WebClient(base_url=slack.url).chat_postMessage(channel="C1", text="x")
    assert _error_of(exc) == "not_authed"
    with pytest.raises(SlackApiError) as exc:
        WebClient(token="not-a-token", base_url=slack.url).auth_test()
    assert _error_of(exc) == "invalid_auth"


def test_auth_test_answers_like_a_bot_token(client: WebClient) -> None:
    response = client.auth_test()

    assert response["user_id"].startswith("U")
    assert response["bot_id"].startswith("B")
    assert response["team_id"].startswith("T")


# ---------------------------------------------------------------------- fault injection


def test_rate_limited_twice_then_ok_with_the_retry_handler(slack: LocalSlack) -> None:
    client = WebClient(
        token=TOKEN,
        base_url=slack.url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    slack.fail_next("chat.postMessage", "ratelimited", status=429, times=2, retry_after=0)

    response = client.chat_postMessage(channel="C1", text="summary")

    assert response["ok"] is True
    calls = slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 429, 200]
    assert [c.error for c in calls] == ["ratelimited", "ratelimited", None]


def test_rate_limit_answer_carries_retry_after(slack: LocalSlack, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")

    assert exc.value.response.status_code == 429
    assert exc.value.response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True


def test_server_error_status(slack: LocalSlack, client: WebClient) -> None:
    slack.fail_next("views.publish", "internal_error", status=500)

    with pytest.raises(SlackApiError) as exc:
        client.views_publish(user_id="U1", view={"type": "home", "blocks": []})

    assert exc.value.response.status_code == 500
    assert _error_of(exc) == "internal_error"


def test_slow_answer_trips_the_client_timeout(slack: LocalSlack) -> None:
    client = WebClient(token=TOKEN, base_url=slack.url, timeout=1)
    slack.fail_next("chat.postMessage", error=None, delay=1.5)

    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C1", text="late")


# ---------------------------------------------------------------------- response_url and waiting


def test_response_url_posts_are_recorded_with_their_name(slack: LocalSlack) -> None:
    url = slack.response_url("mine")

    response = WebhookClient(url).send(text="Your actions", response_type="ephemeral")

    assert response.status_code == 200
    call = slack.calls_to("response_url")[0]
    assert call.name == "mine"
    assert call.args == {"text": "Your actions", "response_type": "ephemeral"}


def test_unknown_response_url_is_404(slack: LocalSlack) -> None:
    request = urllib.request.Request(f"{slack.base_url}/response/R999", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=5)
    exc.value.close()
    assert exc.value.code == 404


def test_wait_for_blocks_until_calls_arrive(slack: LocalSlack, client: WebClient) -> None:
    def later() -> None:
        time.sleep(0.2)
        client.chat_postMessage(channel="C1", text="a")
        client.chat_postMessage(channel="C1", text="b")

    worker = threading.Thread(target=later)
    worker.start()
    calls = slack.wait_for("chat.postMessage", count=2, timeout=5)
    worker.join()

    assert [c.args["text"] for c in calls] == ["a", "b"]
    with pytest.raises(TimeoutError, match=r"views\.open"):
        slack.wait_for("views.open", timeout=0.1)


def test_on_call_sees_each_call_until_unsubscribed(slack: LocalSlack, client: WebClient) -> None:
    seen: list[Call] = []
    unsubscribe = slack.on_call(seen.append)

    client.auth_test()
    unsubscribe()
    client.auth_test()

    assert [c.method for c in seen] == ["auth.test"]


def test_clear_forgets_calls_and_messages_but_keeps_the_directory(
    slack: LocalSlack, client: WebClient
) -> None:
    slack.add_user("U1", "lily", "Lily Example")
    client.chat_postMessage(channel="C1", text="x")
    slack.fail_next("auth.test", times=5)

    slack.clear()

    assert slack.calls == []
    assert client.auth_test()["ok"] is True
    assert client.conversations_history(channel="C1")["messages"] == []
    assert client.users_info(user="U1")["ok"] is True


# ---------------------------------------------------------------------- signing and bodies


def test_sign_verifies_with_slack_sdk() -> None:
    body = slash_command_body("mine", user_id="U1", response_url="http://127.0.0.1:9/r")
    now = int(time.time())

    headers = sign(SECRET, body, now)

    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not SignatureVerifier("other").is_valid_request(body, headers)


def test_interaction_body_is_form_encoded_json() -> None:
    payload = {"type": "block_actions", "actions": [{"action_id": "a & b"}]}

    body = interaction_body(payload)

    assert body.startswith("payload=")
    request = BoltRequest(
        body=body, headers={"content-type": ["application/x-www-form-urlencoded"]}
    )
    assert request.body == payload


class _BoltHTTP(BaseHTTPRequestHandler):
    """Serves a Bolt App the way its production adapter would: raw body + headers."""

    app: App

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        headers = {k.lower(): [v] for k, v in self.headers.items()}
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        self.send_response(response.status)
        for key, values in response.headers.items():
            for value in values:
                self.send_header(key, value)
        self.end_headers()
        self.wfile.write(response.body.encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def bolt(slack: LocalSlack) -> Iterator[tuple[App, SignedSender]]:
    app = App(
        signing_secret=SECRET,
        client=WebClient(token=TOKEN, base_url=slack.url),
        process_before_response=True,
    )
    handler = type("Handler", (_BoltHTTP,), {"app": app})
    server: HTTPServer = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    try:
        yield app, SignedSender(url, SECRET, response_url=slack.response_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_bolt_dispatches_a_signed_slash_command(
    slack: LocalSlack, bolt: tuple[App, SignedSender]
) -> None:
    app, sender = bolt

    @app.command("/dhr")
    def dhr(ack: Any, command: dict[str, Any], respond: Any) -> None:
        ack()
        respond(f"{command['user_id']} asked for {command['text']}")

    status, _, _ = sender.command("mine", user_id="U1")

    assert status == 200
    assert slack.wait_for("response_url")[0].args["text"] == "U1 asked for mine"
    assert slack.calls_to("auth.test"), "Bolt authorised against the local Slack"


def test_bolt_rejects_a_bad_signature(bolt: tuple[App, SignedSender]) -> None:
    app, sender = bolt
    app.command("/dhr")(lambda ack: ack())
    forged = SignedSender(sender.url, "wrong-secret")

    assert forged.command("mine", user_id="U1").status == 401


def test_bolt_dispatches_block_actions_from_a_message(
    slack: LocalSlack, bolt: tuple[App, SignedSender]
) -> None:
    app, sender = bolt
    seen: list[dict[str, Any]] = []

    @app.action("update_action")
    def clicked(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        seen.append({"value": action["value"], "channel": body["container"]["channel_id"]})

    message = slack.add_message("C1", "DHR-1 is due", user="U0DHRBOT")
    payload = block_actions_payload(
        button_action("update_action", "DHR-1"),
        user_id="U1",
        channel_id="C1",
        message=message,
        response_url=slack.response_url("click"),
    )

    assert sender.interact(payload).status == 200
    assert seen == [{"value": "DHR-1", "channel": "C1"}]


def test_bolt_dispatches_a_view_submission_and_returns_errors(
    bolt: tuple[App, SignedSender],
) -> None:
    app, sender = bolt

    @app.view("update_form")
    def submitted(ack: Any, view: dict[str, Any]) -> None:
        note = view["state"]["values"]["note"]["note"]["value"]
        ack(response_action="errors", errors={"note": f"'{note}' is too short"})

    payload = view_submission_payload(
        view_id="V1",
        callback_id="update_form",
        user_id="U1",
        private_metadata=json.dumps({"ref": "DHR-1"}),
        state_values={"note": {"note": {"type": "plain_text_input", "value": "ok"}}},
    )

    response = sender.interact(payload)

    assert response.status == 200
    assert response.json() == {"response_action": "errors", "errors": {"note": "'ok' is too short"}}


def test_bolt_dispatches_a_message_shortcut(
    slack: LocalSlack, bolt: tuple[App, SignedSender]
) -> None:
    app, sender = bolt
    seen: list[tuple[str, str]] = []

    @app.shortcut("add_evidence")
    def shortcut(ack: Any, shortcut: dict[str, Any]) -> None:
        ack()
        seen.append((shortcut["channel"]["id"], shortcut["message"]["text"]))

    message = slack.add_message("C1", "Training delivered to 40 staff", user="U2")
    payload = message_shortcut_payload(
        callback_id="add_evidence",
        message=message,
        channel="C1",
        user_id="U1",
        response_url=slack.response_url("shortcut"),
    )

    assert sender.interact(payload).status == 200
    assert seen == [("C1", "Training delivered to 40 staff")]


def test_bolt_dispatches_app_home_opened(
    slack: LocalSlack, client: WebClient, bolt: tuple[App, SignedSender]
) -> None:
    app, sender = bolt

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    assert sender.event(app_home_opened_event("U1")).status == 200
    assert slack.wait_for("views.publish")[0].args["user_id"] == "U1"
