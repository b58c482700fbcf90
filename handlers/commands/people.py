"""`/dhr agency CODE [add|remove @user [lead|member]]` and `/dhr coordinator add|remove @user`."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.messages.confirm import removed_reply
from bot.messages.lists import agency_page
from handlers.commands.request import CommandRequest, parse_user


def agency(req: CommandRequest) -> None:
    """Show an agency, or (coordinators) add and remove its people."""
    if not req.words:
        raise UserFacingError("Which agency? Usage: `/dhr agency Police`.")
    code, verb = req.words[0], (req.words[1].lower() if len(req.words) > 1 else "")
    if verb == "add":
        if len(req.words) not in (3, 4):
            raise UserFacingError("Usage: `/dhr agency Police add @person lead|member`.")
        role = req.words[3].lower() if len(req.words) == 4 else "member"
        member = parse_user(req.words[2])
        code = req.services.people.set_member(req.user_id, code, member, role)
        req.reply(f":white_check_mark: <@{member}> is now a {role} of {code}.")
        return
    if verb == "remove":
        if len(req.words) != 3:
            raise UserFacingError("Usage: `/dhr agency Police remove @person`.")
        member = parse_user(req.words[2])
        done = req.services.people.remove_member(req.user_id, code, member)
        req.reply(removed_reply(member, code, done.removed, done.unseen_owned))
        return
    if verb:
        raise UserFacingError(
            "An agency is named by its code, one word: `/dhr agency Police` shows it, "
            "`/dhr agency Police add @person lead|member` and `… remove @person` change who "
            "is in it. `/dhr agency XYZ` lists the codes."
        )
    req.reply(*agency_page(req.services.people.agency(req.user_id, code)))


def coordinator(req: CommandRequest) -> None:
    """Add or remove a coordinator (coordinators only)."""
    if len(req.words) != 2 or req.words[0].lower() not in ("add", "remove"):
        raise UserFacingError(
            "Usage: `/dhr coordinator add @person` or `/dhr coordinator remove @person`."
        )
    member = parse_user(req.words[1])
    add = req.words[0].lower() == "add"
    changed = req.services.people.set_coordinator(req.user_id, member, add=add)
    if add:
        req.reply(f"<@{member}> is {'now' if changed else 'already'} a coordinator.")
    else:
        req.reply(f"<@{member}> {'is no longer' if changed else 'was not'} a coordinator.")
