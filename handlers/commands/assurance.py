"""`/dhr signoff`, `return`, `assure` and `decision`: assurance by command."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.messages.assurance import (
    decision_label,
    returned_dm,
    returned_reply,
    signed_off_dm,
    signed_off_reply,
)
from handlers.commands.request import CommandRequest


def _after_ref(req: CommandRequest, usage: str, missing: str = "") -> tuple[str, str]:
    """Split the ref from the text after it; `missing` (when given) refuses an empty text."""
    if not req.words:
        raise UserFacingError(f"Which action? Usage: `{usage}`.")
    text = req.rest[len(req.words[0]) :].strip()
    if missing and not text:
        raise UserFacingError(missing)
    return req.words[0], text


def _dm(req: CommandRequest, user_id: str | None, text: str) -> None:
    if user_id and user_id != req.user_id:
        req.client.chat_postMessage(channel=user_id, text=text)


def signoff(req: CommandRequest) -> None:
    """Sign off a completion (coordinators)."""
    ref, note = _after_ref(req, "/dhr signoff 1.2 [note]")
    done = req.services.assurance.sign_off(req.user_id, ref, note, source="command")
    req.reply(signed_off_reply(done.action))
    _dm(req, done.told, signed_off_dm(done.action, req.user_id))


def return_(req: CommandRequest) -> None:
    """Return a completion to In progress with a reason (coordinators)."""
    ref, reason = _after_ref(
        req,
        "/dhr return 1.2 reason",
        "Give the reason it goes back: `/dhr return 1.2 the audit shows no change yet`.",
    )
    done = req.services.assurance.return_action(req.user_id, ref, reason, source="command")
    req.reply(returned_reply(done.action, done.told))
    _dm(req, done.told, returned_dm(done.action, done.text, req.user_id))


def assure(req: CommandRequest) -> None:
    """Give this period's assurance statement on an Ongoing action."""
    ref, text = _after_ref(
        req,
        "/dhr assure 1.2 what shows it is still being done",
        "Say what shows it is still being done: `/dhr assure 1.2 audit in March found …`.",
    )
    done = req.services.assurance.assure(req.user_id, ref, text, source="command")
    req.reply(f":white_check_mark: Assurance statement recorded on `{done.action.full_ref}`.")


def decision(req: CommandRequest) -> None:
    """Record the partnership's decision on a recommendation (coordinators)."""
    usage = '/dhr decision lily 3 agreed|partly|not "rationale"'
    if len(req.words) < 3:
        raise UserFacingError(f"Usage: `{usage}`.")
    slug, number, word = req.words[:3]
    rationale = req.rest.split(None, 3)[3] if len(req.words) > 3 else ""
    rationale = rationale.strip().strip('"“”').strip()
    slug, num, chosen = req.services.assurance.decide(req.user_id, slug, number, word, rationale)
    req.reply(f":memo: Recommendation {num} of `{slug}`: *{decision_label(chosen.value)}*.")
