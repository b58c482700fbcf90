"""Copies of Slack files in the evidence store: making them, and checking they are intact."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from slack_sdk import WebClient

from bot.evidence import (
    DownloadFailed,
    EvidencePolicy,
    EvidenceStore,
    FileRefused,
    StoredFile,
    StoreUnavailable,
    VerifyReport,
)
from bot.evidence.policy import ALLOWED_TYPES
from bot.evidence.slack import FileUnavailable, SlackFile, SlackFiles
from bot.services.context import ServiceContext
from storage.repositories import evidence as evidence_repo

logger = logging.getLogger(__name__)

COPIED = "copied"
NOT_COPIED = "not_copied"
FAILED = "failed"


@dataclass(frozen=True)
class CopyOutcome:
    """What became of one file: copied, kept out by the policy (with why), or failed (why)."""

    evidence_id: int
    full_ref: str
    file_name: str
    added_by: str
    state: str
    note: str | None = None


def policy_of(settings_max_mb: float, types: tuple[str, ...]) -> EvidencePolicy:
    """Return the store's policy from the size limit (MB) and the allowed extensions."""
    allowed = dict(ALLOWED_TYPES)
    if types:
        # An extension outside the built-in list has no known types: trust the extension.
        allowed = {ext: ALLOWED_TYPES.get(ext, ("application/octet-stream",)) for ext in types}
    return EvidencePolicy(max_bytes=int(settings_max_mb * 1024 * 1024), allowed=allowed)


class EvidenceService:
    """Copy Slack files into the evidence store, and verify the store against the records."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @cached_property
    def store(self) -> EvidenceStore:
        """Return the evidence store named by DHR_EVIDENCE_STORE (or beside the database)."""
        settings = self.ctx.settings
        return EvidenceStore.from_url(
            settings.evidence_store_url(),
            policy=policy_of(settings.dhr_evidence_max_mb, settings.dhr_evidence_types),
        )

    def source_for(self, client: WebClient, token: str) -> SlackFiles:
        """Return Slack's files seen through `client` and the bot token, retried per settings."""
        settings = self.ctx.settings
        return SlackFiles(
            client,
            token,
            backoff=settings.dhr_evidence_retry_seconds,
            timeout=settings.dhr_evidence_timeout,
        )

    def coordinators(self) -> list[str]:
        """Return whom to tell when a copy fails."""
        with self.ctx.db.uow() as session:
            return self.ctx.coordinators(session=session)

    def copy_files(
        self, action_id: int, file_ids: tuple[str, ...], source: SlackFiles
    ) -> list[CopyOutcome]:
        """Copy the action's newly attached Slack files into the store; record each outcome."""
        with self.ctx.db.uow() as session:
            pending = [
                (e.id, e.file_id or "", e.file_name or "", e.added_by)
                for e in evidence_repo.uncopied_files(action_id, file_ids, session=session)
            ]
        return [self._copy_one(*row, source=source) for row in pending]

    def _copy_one(
        self, evidence_id: int, file_id: str, file_name: str, added_by: str, *, source: SlackFiles
    ) -> CopyOutcome:
        # Slack is asked outside any transaction: a slow download must not hold a connection.
        state, note = FAILED, None
        info: SlackFile | None = None
        stored: StoredFile | None = None
        try:
            info = source.info(file_id)
            note = self.store.policy.refusal(info.size, info.media_type, info.name)
            if note is not None:
                state = NOT_COPIED
            elif not info.download_url:
                note = "Slack gave no download address for the file."
            else:
                data = source.fetch(info.download_url, max_bytes=self.store.policy.max_bytes)
                stored = self.store.put(data, name=info.name, media_type=info.media_type)
                state = COPIED
        except FileRefused as exc:
            state, note = NOT_COPIED, exc.message
        except DownloadFailed as exc:
            over = "limit" in exc.reason and not exc.transient
            state = NOT_COPIED if over else FAILED
            note = self.store.policy.over_limit() if over else exc.reason
        except (FileUnavailable, StoreUnavailable) as exc:
            note = exc.message
        return self._record(evidence_id, file_id, file_name, added_by, state, note, info, stored)

    def _record(
        self,
        evidence_id: int,
        file_id: str,
        file_name: str,
        added_by: str,
        state: str,
        note: str | None,
        info: SlackFile | None,
        stored: StoredFile | None,
    ) -> CopyOutcome:
        with self.ctx.db.uow() as session:
            row = evidence_repo.get_evidence(evidence_id, session=session)
            if row is None:  # the action was removed meanwhile: nothing to record on
                return CopyOutcome(evidence_id, "", file_name, added_by, FAILED, "gone")
            row.copy_state = state
            row.copy_note = note[:500] if note else None
            if info is not None:
                row.size = info.size
                row.media_type = info.media_type[:200] or None
                row.url = row.url or info.permalink
                row.file_name = row.file_name or info.name[:300]
            if stored is not None:
                row.stored_key, row.sha256, row.size = stored.key, stored.sha256, stored.size
            slug, ref = evidence_repo.review_slug_of(row, session=session)
            logger.info("evidence %s file %s: %s", evidence_id, file_id, state)
            return CopyOutcome(
                evidence_id, f"{slug}:{ref}", row.file_name or file_name, added_by, state, note
            )

    def verify(self) -> VerifyReport:
        """Re-hash every copied file in the store; report the missing and the altered."""
        with self.ctx.db.uow() as session:
            records = [
                _Record(e.stored_key or "", e.sha256 or "")
                for e in evidence_repo.copied(session=session)
            ]
        return self.store.verify(records)


@dataclass(frozen=True)
class _Record:
    key: str
    sha256: str
