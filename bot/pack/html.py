"""The pack's index.html: self-contained, printable and readable without colour."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from urllib.parse import quote, urlsplit

from bot.pack.layout import Placement, day, moment, rag_word, size
from bot.pack.model import PackAction, PackRecommendation, PackReview

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem;
  color: #111; line-height: 1.45; max-width: 60rem; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.35rem; border-bottom: 2px solid #333;
  padding-bottom: .2rem; margin-top: 2.5rem; } h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; } th[scope=row] { width: 12rem; }
td.hash { font-family: ui-monospace, Consolas, monospace; font-size: .8rem;
  word-break: break-all; }
.rag { display: inline-block; padding: 0 .4rem; border: 1px solid #333; border-radius: 3px;
  font-weight: bold; }
.rag-red { background: #f4c7c3; } .rag-amber { background: #fce8b2; }
.rag-green { background: #b7e1cd; } .rag-blue { background: #c9daf8; }
.rag-grey { background: #e0e0e0; }
.muted { color: #444; } .warning { font-weight: bold; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  h2 { break-before: page; } h2:first-of-type { break-before: auto; }
  h3, h4 { break-after: avoid; } tr { break-inside: avoid; }
  a[href^="evidence/"]::after { content: " (" attr(href) ")"; font-size: 8pt; }
}
"""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _or_dash(text: str | None) -> str:
    return _e(text) if text else "—"


def _anchor(prefix: str, ref: str) -> str:
    return prefix + "".join(c if c.isalnum() else "-" for c in ref)


def _facts(rows: Iterable[tuple[str, str]], caption: str) -> str:
    body = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<table><caption class="muted">{_e(caption)}</caption>{body}</table>'


def _grid(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table><caption class="muted">{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _status(action: PackAction) -> str:
    word = rag_word(action.rag)
    overdue = ' <span class="warning">Overdue</span>' if action.overdue else ""
    css = f"rag rag-{_e(action.rag.lower())}"
    return f'{_e(action.status_label)} <span class="{css}">RAG: {_e(word)}</span>{overdue}'


def _link(url: str | None) -> str:
    if url and urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _or_dash(url)


def _evidence(action: PackAction, placement: Placement) -> str:
    if not action.evidence:
        return "<p>No evidence recorded.</p>"
    rows = []
    for index, item in enumerate(action.evidence):
        placed = placement.items[(action.ref, index)]
        if placed.path:
            file_cell = f'<a href="{_e(quote(placed.path))}">{_e(placed.path)}</a>'
        else:
            file_cell = _or_dash(item.filename)
        rows.append(
            [
                _e(item.kind),
                _or_dash(item.description),
                file_cell,
                _e(placed.state),
                _e(size(item.size)),
                f'<span class="hash">{_or_dash(item.sha256)}</span>',
                _link(item.url),
                f"{_e(item.added_by)}, {_e(day(item.added_on))}",
            ]
        )
    headers = ("Kind", "Description", "File", "State", "Size", "SHA-256", "Link", "Added")
    return _grid(f"Evidence for action {action.ref}", headers, rows)


def _signoff(action: PackAction) -> str:
    if action.signed_off_on:
        by = _or_dash(action.signed_off_by)
        return f"<p>Signed off {_e(day(action.signed_off_on))} by {by}.</p>"
    if action.completed_on:
        return f"<p>Completed {_e(day(action.completed_on))}; not signed off.</p>"
    return "<p>Not completed.</p>"


def _action(action: PackAction, placement: Placement) -> str:
    facts = [
        ("Lead agency", _or_dash(action.lead_agency)),
        ("Delivering agency", _or_dash(action.delivering_agency)),
        ("Owner", _or_dash(action.owner)),
        ("Target (as written)", _or_dash(action.target_text)),
        ("Due date", _e(day(action.due_date))),
        ("Original due date", _e(day(action.original_due_date))),
        ("Status", _status(action)),
        ("Completed", _e(day(action.completed_on))),
    ]
    slips = [
        [
            _e(day(r.from_date)),
            _e(day(r.to_date)),
            _or_dash(r.reason),
            _or_dash(r.decided_by),
            _e(day(r.decided_on)),
        ]
        for r in action.reprogramming
    ]
    events = [[_e(moment(t.when)), _or_dash(t.who), _or_dash(t.what)] for t in action.timeline]
    parts = [
        f'<section aria-labelledby="{_anchor("a-", action.ref)}">',
        f'<h3 id="{_anchor("a-", action.ref)}">Action {_e(action.ref)}</h3>',
        f"<p>{_e(action.text)}</p>",
        _facts(facts, f"Action {action.ref} at a glance"),
        "<h4>Sign-off</h4>",
        _signoff(action),
        "<h4>Impact</h4>",
        f"<p>{_e(action.impact_statement) or 'No impact statement recorded.'}</p>",
        "<h4>Re-programming</h4>",
        _grid(
            f"Due date changes for action {action.ref}",
            ("From", "To", "Reason", "Decided by", "Decided on"),
            slips,
        )
        if slips
        else "<p>The due date has not been moved.</p>",
        "<h4>Timeline</h4>",
        _grid(f"Updates to action {action.ref}", ("When", "Who", "What"), events)
        if events
        else "<p>No updates recorded.</p>",
        "<h4>Evidence</h4>",
        _evidence(action, placement),
        "</section>",
    ]
    return "\n".join(parts)


def _recommendation(rec: PackRecommendation, placement: Placement) -> str:
    anchor = _anchor("r-", rec.number)
    facts = [
        ("Theme", _or_dash(rec.theme)),
        ("Scope", _or_dash(rec.scope)),
        ("Decision", _or_dash(rec.decision)),
        ("Rationale", _or_dash(rec.rationale)),
    ]
    parts = [
        f'<section aria-labelledby="{anchor}">',
        f'<h2 id="{anchor}">Recommendation {_e(rec.number)}</h2>',
        f"<p>{_e(rec.text)}</p>",
        _facts(facts, f"Recommendation {rec.number}"),
        *(_action(a, placement) for a in rec.actions),
        "</section>",
    ]
    return "\n".join(parts)


def render_html(review: PackReview, placement: Placement, *, generated_on: date) -> str:
    """Return the pack's index.html for the review."""
    contents = "".join(
        f'<li><a href="#{_anchor("r-", r.number)}">Recommendation {_e(r.number)}</a>: '
        + " ".join(f'<a href="#{_anchor("a-", a.ref)}">{_e(a.ref)}</a>' for a in r.actions)
        + "</li>"
        for r in review.recommendations
    )
    about = [
        ("Partnership", _e(review.partnership)),
        ("Review type", _e(review.review_type)),
        ("Published", _e(day(review.published))),
        ("Pack generated", _e(day(generated_on))),
    ]
    body = "\n".join(_recommendation(r, placement) for r in review.recommendations)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Evidence pack: {_e(review.title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<header><h1>Evidence pack: {_e(review.title)}</h1>\n"
        f"{_facts(about, 'About this review')}\n"
        '<p class="muted">Every file named below is inside this pack under evidence/; '
        "manifest.json gives each file's SHA-256. The plan is in plan.xlsx and plan.csv, "
        "and this document in pack.pdf.</p></header>\n"
        f'<nav aria-label="Contents"><h2>Contents</h2><ul>{contents}</ul></nav>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
