"""Which files the evidence store copies: a size limit and an allow-list of types."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.evidence.names import extension

DEFAULT_MAX_BYTES = 25 * 1024 * 1024

# Documents, spreadsheets, slides, plain text and images: what agencies send as proof.
# Executables, archives and web pages are left in Slack (they can carry code, or hide
# other files from the hash).
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "doc": ("application/msword",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "rtf": ("application/rtf", "text/rtf"),
    "xls": ("application/vnd.ms-excel",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
    "ppt": ("application/vnd.ms-powerpoint",),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    "odp": ("application/vnd.oasis.opendocument.presentation",),
    "csv": ("text/csv", "application/csv"),
    "txt": ("text/plain",),
    "md": ("text/markdown", "text/plain"),
    "eml": ("message/rfc822",),
    "msg": ("application/vnd.ms-outlook",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "webp": ("image/webp",),
    "heic": ("image/heic",),
}

# Types that say nothing about the content: the extension decides.
_UNINFORMATIVE = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


@dataclass(frozen=True)
class EvidencePolicy:
    """What the store copies: files up to `max_bytes` whose extension and type are allowed."""

    max_bytes: int = DEFAULT_MAX_BYTES
    allowed: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(ALLOWED_TYPES))

    def allows_type(self, media_type: str | None, filename: str) -> bool:
        """Say whether a file of this type and name may be copied."""
        types = self.allowed.get(extension(filename))
        if types is None:
            return False
        kind = (media_type or "").split(";")[0].strip().lower()
        return kind in _UNINFORMATIVE or kind in types

    def over_limit(self) -> str:
        """Return the refusal for a file found too large while it was being copied."""
        return (
            f"The file is over the {_megabytes(self.max_bytes)} limit, so it was recorded "
            "but not copied."
        )

    def refusal(self, size: int | None, media_type: str | None, filename: str) -> str | None:
        """Return why the file is recorded but not copied, or None when it may be copied."""
        if size is not None and size > self.max_bytes:
            return (
                f"The file is {_megabytes(size)}, over the {_megabytes(self.max_bytes)} "
                "limit, so it was recorded but not copied."
            )
        if not self.allows_type(media_type, filename):
            kind = extension(filename) or (media_type or "unknown")
            return (
                f"Files of type {kind} are not kept in the evidence store, so it was "
                "recorded but not copied. Allowed: " + ", ".join(sorted(self.allowed)) + "."
            )
        return None
