"""Send signed requests to an app's request URL the way Slack does.

The bodies themselves are built in ``payloads``.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, NamedTuple

from slack_sdk.signature import SignatureVerifier

from devkit.localslack.payloads import Payload, event_body, interaction_body, slash_command_body


def sign(secret: str, body: str, timestamp: int) -> dict[str, str]:
    """Return the X-Slack-Request-Timestamp and X-Slack-Signature headers for `body`."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    if signature is None:  # only when timestamp is None, which the type rules out
        raise ValueError("could not sign the request")
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


class SignedResponse(NamedTuple):
    """What the app answered: unpacks as (status, headers, body)."""

    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        """Parse the body as JSON (Bolt answers ack(...) with a JSON body)."""
        return json.loads(self.body) if self.body else None


def _unreachable_response_url(name: str) -> str:
    # Port 9 (discard) on loopback: a forgotten response_url fails fast, never leaving the host.
    return f"http://127.0.0.1:9/response/{name}"


class SignedSender:
    """Send correctly signed Slack requests to an app's request URL, the way Slack does."""

    def __init__(
        self,
        url: str,
        signing_secret: str,
        *,
        response_url: Callable[[str], str] = _unreachable_response_url,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.signing_secret = signing_secret
        self.response_url = response_url
        self.clock = clock
        self.timeout = timeout

    def command(self, text: str = "", *, user_id: str, **fields: Any) -> SignedResponse:
        """Send `/dhr text` (or fields['command']) as `user_id`."""
        fields.setdefault("response_url", self.response_url("command"))
        body = slash_command_body(text, user_id=user_id, **fields)
        return self.post(body, "application/x-www-form-urlencoded")

    def interact(self, payload: Payload) -> SignedResponse:
        """Send an interaction payload (block_actions, view_submission, message_action...)."""
        return self.post(interaction_body(payload), "application/x-www-form-urlencoded")

    def event(self, event: Payload, **envelope: Any) -> SignedResponse:
        """Send an Events API event_callback wrapping `event`."""
        envelope.setdefault("event_time", int(self.clock()))
        return self.post(event_body(event, **envelope), "application/json")

    def post(self, body: str, content_type: str) -> SignedResponse:
        """POST a raw body with fresh signature headers; HTTP errors are returned, not raised."""
        headers = {
            "Content-Type": content_type,
            **sign(self.signing_secret, body, int(self.clock())),
        }
        request = urllib.request.Request(
            self.url, data=body.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return SignedResponse(
                    response.status, dict(response.headers.items()), response.read().decode()
                )
        except urllib.error.HTTPError as error:
            with error:
                return SignedResponse(
                    error.code, dict(error.headers.items()), error.read().decode()
                )
