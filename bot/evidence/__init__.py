"""Evidence kept outside Slack: the store, what it accepts, and fetching files from Slack."""

from bot.evidence.fetch import DownloadFailed, download
from bot.evidence.names import safe_filename
from bot.evidence.policy import EvidencePolicy
from bot.evidence.store import (
    EvidenceStore,
    FileRefused,
    Recorded,
    StoredFile,
    StoreUnavailable,
    VerifyReport,
)

__all__ = [
    "DownloadFailed",
    "EvidencePolicy",
    "EvidenceStore",
    "FileRefused",
    "Recorded",
    "StoreUnavailable",
    "StoredFile",
    "VerifyReport",
    "download",
    "safe_filename",
]
