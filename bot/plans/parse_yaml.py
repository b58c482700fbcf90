"""Read a YAML plan (docs/plan-files.md) into a PlanDocument.

Errors name the place as a path like ``recommendations[2].actions[0].owner`` (indexes
from 0, as in the file's lists) and the YAML line as the row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.plans.document import PlanDocument, PlanError
from bot.plans.parse_common import (
    ParsedPlan,
    Progress,
    default_title,
    first_problem,
    review_slug,
    yaml_path,
)
from bot.plans.screen import first_finding, refusal

Loc = tuple[str | int, ...]

# Optional keys that may be left empty ("owner:") or written as one string instead of a list.
_OPTIONAL = {
    "review": ("partnership", "published", "type", "protected_names"),
    "agency": ("name", "aliases", "leads", "members"),
    "recommendation": ("theme", "scope", "ownership", "decision", "rationale"),
    "action": ("milestones", "target", "outcome", "owner", "delivered_by"),
}
_LISTS = ("aliases", "leads", "members", "ownership", "milestones")


def parse_yaml_plan(
    path: Path, text: str, *, review: str | None, progress: Progress | None
) -> ParsedPlan:
    """Read the YAML text of a plan file; raise PlanError naming the path and line."""
    where = _Where(str(path), text)
    data = _load(text, where.file)
    _prepare(data, where)
    _apply_review(data, path, review)
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as exc:
        loc, message = first_problem(exc)
        raise where.error(message, loc) from exc
    _check_numbers_and_refs(document, where)
    _check_agencies(document, where)
    found = first_finding(document)
    if found is not None:
        loc, finding = found
        raise where.error(refusal(finding), loc)
    total = len(document.recommendations)
    for done in range(1, total + 1):
        if progress is not None:
            progress(done, total)
    return ParsedPlan(document)


class _Where:
    """Turn a location inside the YAML data into a PlanError with path and line."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text

    def error(self, message: str, loc: Loc) -> PlanError:
        return PlanError(message, file=self.file, row=self.line(loc), column=yaml_path(loc))

    def line(self, loc: Loc) -> int | None:
        """Return the 1-based line of the deepest node of loc that the file has."""
        node = yaml.compose(self.text, Loader=_LOADER)
        if node is None:
            return None
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return node.value[part] if 0 <= part < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    return None


# libyaml's safe loader when PyYAML was built with it: ten times faster on a large plan.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str, file: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "cannot be read"
        row = mark.line + 1 if mark is not None else None
        raise PlanError(f"not a YAML plan: {problem}", file=file, row=row) from exc
    if not isinstance(data, dict):
        raise PlanError(
            "not a YAML plan: expected a mapping with review, agencies and recommendations",
            file=file,
        )
    return data


def _prepare(data: dict[str, Any], where: _Where) -> None:
    """Allow one string for a list and empty optional keys; insist refs are quoted."""
    _tidy(data.get("review"), "review")
    for agency in _dicts(data.get("agencies")):
        _tidy(agency, "agency")
    for i, rec in enumerate(_dicts(data.get("recommendations"))):
        _tidy(rec, "recommendation")
        for j, action in enumerate(_dicts(rec.get("actions"))):
            _tidy(action, "action")
            ref = action.get("ref")
            if ref is not None and not isinstance(ref, str):
                raise where.error(
                    f'ref {ref!r} must be text: put it in quotes, like ref: "{ref}" '
                    f"(unquoted, 1.10 would be read as the number 1.1)",
                    ("recommendations", i, "actions", j, "ref"),
                )


def _dicts(value: object) -> list[dict[str, Any]]:
    """Return the mappings of a list (others are left for validation to report)."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _tidy(mapping: object, kind: str) -> None:
    if not isinstance(mapping, dict):
        return
    for key in _OPTIONAL[kind]:
        if key in mapping and mapping[key] is None:
            del mapping[key]
        elif key in _LISTS and isinstance(mapping.get(key), str):
            mapping[key] = [mapping[key]]


def _apply_review(data: dict[str, Any], path: Path, review: str | None) -> None:
    """Set the slug from --review; a file without a review section gets defaults."""
    section = data.get("review")
    if section is None:
        data["review"] = {"slug": review_slug(path, review), "title": default_title(path, review)}
    elif review is not None and isinstance(section, dict):
        section["slug"] = review_slug(path, review)


def _check_numbers_and_refs(document: PlanDocument, where: _Where) -> None:
    numbers: dict[int, int] = {}
    refs: dict[str, Loc] = {}
    for i, rec in enumerate(document.recommendations):
        first = numbers.setdefault(rec.number, i)
        if first != i:
            raise where.error(
                f"recommendation {rec.number} appears twice (also recommendations[{first}])",
                ("recommendations", i, "number"),
            )
        for j, action in enumerate(rec.actions):
            loc: Loc = ("recommendations", i, "actions", j, "ref")
            if action.ref.split(".")[0] != str(rec.number):
                raise where.error(f"ref {action.ref} is not under recommendation {rec.number}", loc)
            seen = refs.setdefault(action.ref, loc)
            if seen != loc:
                raise where.error(f"duplicate ref {action.ref} (also {yaml_path(seen)})", loc)


def _check_agencies(document: PlanDocument, where: _Where) -> None:
    """When agencies are listed, leads and owning agencies must use their codes."""
    codes: dict[str, int] = {}
    for k, agency in enumerate(document.agencies):
        if codes.setdefault(agency.code, k) != k:
            raise where.error(f"agency {agency.code} is listed twice", ("agencies", k, "code"))
    if not codes:
        return
    for i, rec in enumerate(document.recommendations):
        for m, code in enumerate(rec.ownership):
            _known_code(code, codes, where, ("recommendations", i, "ownership", m))
        for j, action in enumerate(rec.actions):
            _known_code(action.lead, codes, where, ("recommendations", i, "actions", j, "lead"))
            if action.delivered_by is not None:
                loc = ("recommendations", i, "actions", j, "delivered_by")
                _known_code(action.delivered_by, codes, where, loc)


def _known_code(code: str, codes: dict[str, int], where: _Where, loc: Loc) -> None:
    if code in codes:
        return
    close = [known for known in codes if known.lower() == code.lower()]
    hint = f"did you mean {close[0]}?" if close else f"the codes are {', '.join(codes)}"
    raise where.error(f"agency {code!r} is not in agencies: {hint}", loc)
