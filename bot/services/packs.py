"""The evidence pack of a review, built from the database and the evidence store."""

from __future__ import annotations

import io
import logging
import re
import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.pack import PackReview, build_pack
from bot.permissions import Operation
from bot.plans.export import PlanRow, write_csv
from bot.roles import authorize
from bot.services.context import ServiceContext
from bot.services.evidence import EvidenceService
from bot.services.pack_data import pack_review
from bot.services.refs import resolve_ref
from storage.repositories import reviews

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuiltPack:
    """A review's evidence pack: its file name, its bytes, and what is in it."""

    slug: str
    title: str
    filename: str
    content: bytes
    actions: int
    files: int


def _fixed_xlsx(data: bytes, when: date) -> bytes:
    """Return the workbook with fixed timestamps, so the same plan gives the same bytes."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    start = text.find(f"<{tag}")
                    end = text.find(f"</{tag}>", start)
                    if start >= 0 and end >= 0:
                        open_end = text.index(">", start) + 1
                        text = text[:open_end] + stamp + text[end:]
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, (when.year, when.month, when.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def plan_files(rows: list[PlanRow], slug: str, when: date) -> tuple[bytes, bytes]:
    """Return the plan as CSV and XLSX bytes, the same bytes for the same rows and day."""
    text = io.StringIO()
    write_csv(rows, text)
    from bot.plans.export_xlsx import write_xlsx  # openpyxl: only where a workbook is made

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        write_xlsx(rows, slug, path)
        xlsx = _fixed_xlsx(path.read_bytes(), when)
    return text.getvalue().encode("utf-8"), xlsx


def _only(review: PackReview, refs: set[str]) -> PackReview:
    if not refs:
        return review
    kept = tuple(
        replace(rec, actions=tuple(a for a in rec.actions if a.ref in refs))
        for rec in review.recommendations
    )
    return replace(review, recommendations=tuple(r for r in kept if r.actions))


class PackService:
    """Evidence packs for coordinators (Slack) and operators (the CLI)."""

    def __init__(self, ctx: ServiceContext, evidence: EvidenceService) -> None:
        self.ctx = ctx
        self.evidence = evidence

    def build(self, slug: str, *, as_of: date | None = None) -> BuiltPack:
        """Build a review's pack as of a day (default today): for trusted operators."""
        with self.ctx.db.uow() as session:
            review = reviews.get_review(slug, session=session)
            if review is None:
                known = ", ".join(r.slug for r in reviews.list_reviews(session=session))
                raise NotFound(f"No review {slug!r}. Known reviews: {known or 'none'}.")
            return self._build(session, review.slug, set(), as_of or self.ctx.today())

    def build_for(self, user_id: str, words: tuple[str, ...]) -> list[BuiltPack]:
        """Build the packs `/dhr pack [REF…]` asks for: coordinators only, checked first."""
        with self.ctx.db.uow() as session:
            # Before any ref is looked at: a refused caller learns nothing of any review.
            authorize(self.ctx.actor(user_id, session=session), Operation.EXPORT)
            wanted = self._wanted(words, session)
            today = self.ctx.today()
            return [self._build(session, slug, refs, today) for slug, refs in wanted.items()]

    def _wanted(self, words: tuple[str, ...], session: Session) -> dict[str, set[str]]:
        known = [r.slug for r in reviews.list_reviews(session=session)]
        if not words:
            if len(known) == 1:
                return {known[0]: set()}
            raise NotFound(f"Say which review to pack: {', '.join(known) or 'none yet'}.")
        wanted: dict[str, set[str]] = {}
        for word in words:
            slug = word.strip("`").lower()
            if slug in known:
                wanted[slug] = set()
                continue
            action = resolve_ref(word, session=session)
            wanted.setdefault(action.review.slug, set()).add(action.ref)
        return wanted

    def _build(self, session: Session, slug: str, refs: set[str], day: date) -> BuiltPack:
        review = reviews.get_review(slug, session=session)
        assert review is not None
        tz = self.ctx.settings.tz
        # The plan's state at the end of that day, so --as-of gives the same pack every time.
        as_of = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
        from bot.plans.rows import plan_rows

        rows = plan_rows(slug, session=session, now=as_of, tz=tz)
        data = _only(pack_review(review, today=day, tz=tz, session=session), refs)
        if refs:
            rows = [r for r in rows if r.ref in refs]
        csv_bytes, xlsx_bytes = plan_files(rows, slug, day)
        store = self.evidence.store
        content = build_pack(
            data,
            files=store.read,
            plan_csv=csv_bytes,
            plan_xlsx=xlsx_bytes,
            generated_on=day,
        )
        actions = [a for rec in data.recommendations for a in rec.actions]
        files = sum(1 for a in actions for e in a.evidence if e.stored_key)
        logger.info("pack of review %s built: %d actions, %d files", review.id, len(actions), files)
        return BuiltPack(
            slug=slug,
            title=review.title,
            filename=_pack_name(slug, refs, day),
            content=content,
            actions=len(actions),
            files=files,
        )


def _pack_name(slug: str, refs: set[str], day: date) -> str:
    """Name a pack by its review and day; a pack of some actions names them (or how many)."""
    if not refs:
        return f"{slug}-evidence-pack-{day.isoformat()}.zip"
    ordered = sorted(
        refs, key=lambda ref: tuple(int(p) if p.isdigit() else 0 for p in ref.split("."))
    )
    shown = [re.sub(r"[^A-Za-z0-9.]", "", ref) for ref in ordered]
    part = "-".join(shown) if len(shown) <= 3 else f"{len(shown)}-actions"
    return f"{slug}-evidence-pack-{part}-{day.isoformat()}.zip"


def write_atomically(content: bytes, target: Path) -> None:
    """Write to a temporary name beside `target` and move it into place: never half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    ) as out:
        out.write(content)
        temporary = Path(out.name)
    try:
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
