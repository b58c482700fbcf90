"""What listeners share: the services in the context, shared replies, one way to report errors."""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from slack_bolt import Args
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UserFacingError
from bot.messages.home import home_view
from bot.messages.lists import page_of
from bot.services import Services
from bot.workers import BUSY_TEXT, WorkPool

logger = logging.getLogger(__name__)

SERVICES_KEY = "services"  # the name listeners declare to receive the services
WORK_KEY = "work_pool"  # the bounded pool that runs the work after an ack

Listener = Callable[..., None]
T = TypeVar("T")

# Slack API errors a person can act on: say what happened instead of quoting a ref.
SLACK_ERRORS = {
    "expired_trigger_id": "Slack took too long to open the form (its trigger expired). "
    "Nothing was saved: please try again.",
    "invalid_trigger_id": "Slack could not open the form. Nothing was saved: please try again.",
}


def publish_home(client: WebClient, services: Services, user_id: str) -> None:
    """Publish (or refresh) one person's Home tab."""
    client.views_publish(user_id=user_id, view=home_view(services.people.home(user_id)))


def list_page(
    services: Services, user_id: str, kind: str, arg: str = "", page: int = 0
) -> tuple[str, list[dict[str, object]]]:
    """Return the fallback text and blocks of one page of a list, fetched for the caller."""
    return page_of(services.actions.page(user_id, kind, arg, page), kind, arg)


class FollowUpFailed(Exception):
    """A step after a successful write failed (a confirmation, a Home refresh)."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(what)


@contextmanager
def after_saving(what: str) -> Iterator[None]:
    """Run the steps that follow a write: if they fail, the user must still hear it was saved."""
    try:
        yield
    except Exception as error:
        raise FollowUpFailed(what) from error


def decoded(read: Callable[[str], T], value: str) -> T:
    """Decode a button's value, or tell the user the button can't be read."""
    try:
        return read(value)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        logger.warning("unreadable button value (%s)", type(error).__name__)
        raise UserFacingError(
            "I couldn't read that button (it may be from an old or damaged message). "
            "Nothing was saved: run the command again."
        ) from error


class Malformed(UserFacingError):
    """A payload from Slack missing a field or with a field of the wrong type."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Slack sent {what} I couldn't read. Nothing was saved: please try again.")


def read_as(read: Callable[[Any], T], value: Any, what: str) -> T:
    """Read part of a payload with `read`; a payload of the wrong shape becomes Malformed."""
    try:
        return read(value)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        logger.warning("unreadable %s (%s)", what, type(error).__name__)
        raise Malformed(what) from error


def user_id_of(body: dict[str, Any]) -> str:
    """Return the id of the person who sent a payload, or raise Malformed."""
    found = user_of(body)
    if not isinstance(found, str) or not found:
        logger.warning("payload without a user id")
        raise Malformed("a request without a user")
    return found


def text_of(data: Any, key: str, what: str) -> str:
    """Return a string field of a payload object, or raise Malformed."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str):
        logger.warning("%s without a text %s", what, key)
        raise Malformed(what)
    return value


def require_message(respond: Respond) -> None:
    """Refuse as Malformed a click Slack sent without a response_url (the user hears by DM)."""
    if not respond.response_url:
        raise Malformed("a click without its message")


def answer_in_place(respond: Respond, text: str, blocks: list[dict[str, Any]] | None) -> None:
    """Replace the message a button was on (a click without its message is Malformed)."""
    require_message(respond)
    respond(text=text, blocks=blocks, replace_original=True, response_type="ephemeral")


def failure_text() -> tuple[str, str]:
    """Return a correlation id and the message that quotes it."""
    ref = uuid.uuid4().hex[:8]
    return ref, (
        f"Sorry, something went wrong on our side (ref `{ref}`). Nothing was saved. "
        "Please try again, or quote the ref to your coordinator."
    )


def tell(
    text: str, *, respond: Respond | None, client: WebClient | None, user_id: str | None
) -> None:
    """Send the user an ephemeral reply where there is a response_url, else a DM."""
    # Bolt gives every listener a `respond`, but form submissions and events carry no
    # response_url: calling it there raises, and the user would hear nothing.
    if respond is not None and respond.response_url:
        respond(text=text, response_type="ephemeral", replace_original=False)
    elif client is not None and user_id:
        client.chat_postMessage(channel=user_id, text=text)


def user_of(body: dict[str, Any]) -> str | None:
    """Return the sender's user id when the payload has one of the right type."""
    user = body.get("user")
    found = user.get("id") if isinstance(user, dict) else body.get("user_id") or user
    return found if isinstance(found, str) else None


def message_for(error: Exception, where: str) -> str:
    """Return what to tell the user about an error; log what the team needs (ids only)."""
    if isinstance(error, UserFacingError):
        return error.message
    if isinstance(error, FollowUpFailed):
        ref = uuid.uuid4().hex[:8]
        logger.error("%s: follow-up failed (ref %s)", where, ref, exc_info=error)
        return (
            f"{error.what} was saved, but I couldn't finish confirming it (ref `{ref}`). "
            "Don't send it again."
        )
    code = str(error.response.get("error", "")) if isinstance(error, SlackApiError) else ""
    if code in SLACK_ERRORS:
        logger.warning("%s: Slack answered %s", where, code)
        return SLACK_ERRORS[code]
    ref, text = failure_text()
    logger.error("%s failed (ref %s)", where, ref, exc_info=error)
    return text


def reports_errors(listener: Listener) -> Listener:
    """Turn known errors into a message to the user, and unknown ones into a logged ref.

    Bolt injects arguments by the names a function declares; the wrapper asks for all of
    them (`args`) so it can always reply, and passes the listener only what it names.
    Deferred work needs this: Bolt's error handler never sees its errors.
    """
    names = inspect.getfullargspec(listener).args

    def wrapper(args: Args) -> None:
        own = {name: _arg(args, name) for name in names}
        try:
            listener(**own)
        except Exception as error:
            text = message_for(error, f"listener {listener.__name__}")
            if args.ack is not None and args.ack.response is None:
                args.ack()  # Slack needs its answer even when the payload could not be read
            _tell_error(text, args, listener.__name__)

    wrapper.__name__ = listener.__name__
    wrapper.__qualname__ = listener.__qualname__
    return wrapper


def _tell_error(text: str, args: Args, name: str) -> None:
    """Tell the user what went wrong; Slack failing too is logged, not raised."""
    try:
        tell(text, respond=args.respond, client=args.client, user_id=user_of(args.body))
    except (OSError, ValueError, SlackApiError) as unsent:
        logger.warning("listener %s: could not tell the user (%s)", name, type(unsent).__name__)


def _arg(args: Args, name: str) -> Any:
    if name in args.context:
        return args.context[name]
    return getattr(args, name)


def deferred(
    work: Listener,
    *,
    check: Callable[[Args], bool] | None = None,
    busy_field: str | None = None,
    busy: Callable[[Args], None] | None = None,
) -> Listener:
    """Return a listener that acks in the request thread and runs `work` on the bounded pool.

    `check` runs first, in the request thread (a form's validation, screening and staleness:
    only the ack can keep a form open): it acks with field errors or a reopened form and
    returns False to stop there; an error it raises is acked and told like the work's. When
    the pool is full the user hears "busy" at once: as the command's answer, on the form's
    `busy_field` (the form stays open), through `busy`, or else ephemerally or by DM.
    """

    def listener(args: Args) -> None:
        pool: WorkPool = args.context[WORK_KEY]
        if check is not None and not _checked(check, args, pool, work.__name__):
            return
        if pool.try_submit(work, args):
            args.ack()
            return
        if args.body.get("command"):
            args.ack(text=BUSY_TEXT, response_type="ephemeral")
        elif busy_field is not None:
            args.ack(response_action="errors", errors={busy_field: BUSY_TEXT})
        else:
            args.ack()
            try:
                if busy is not None:
                    busy(args)
                else:
                    tell(
                        BUSY_TEXT,
                        respond=args.respond,
                        client=args.client,
                        user_id=user_of(args.body),
                    )
            except Exception:  # Slack itself failing: the pool's warning is logged already
                logger.warning("could not tell the user the bot is busy", exc_info=True)

    listener.__name__ = f"ack_{work.__name__}"
    listener.__qualname__ = listener.__name__
    return listener


def _checked(check: Callable[[Args], bool], args: Args, pool: WorkPool, name: str) -> bool:
    """Run a listener's check; on an error ack, and tell the user from the pool (not the ack)."""
    try:
        return check(args)
    except Exception as error:
        text = message_for(error, f"listener {name}")
        if args.ack.response is None:
            args.ack()

        def tell_it(_args: Args) -> None:
            _tell_error(text, args, name)

        if not pool.try_submit(tell_it, args):
            logger.warning("listener %s: pool full, the user was not told of an error", name)
        return False
