"""A content-addressed evidence store on a local folder or any fsspec URL (e.g. s3://)."""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO, Protocol, cast

from bot.errors import UserFacingError
from bot.evidence.names import safe_filename
from bot.evidence.policy import EvidencePolicy

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
_TMP = ".incoming"


class StoreUnavailable(UserFacingError):
    """The store cannot be reached or written to; nothing was stored."""


class FileRefused(UserFacingError):
    """The store's policy keeps this file out (too large, or a type it does not keep)."""


@dataclass(frozen=True)
class StoredFile:
    """A file kept in the store: its key, size, SHA-256 and media type."""

    key: str
    size: int
    sha256: str
    media_type: str


class Recorded(Protocol):
    """Anything that remembers where a file was stored and what it hashed to."""

    @property
    def key(self) -> str: ...

    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class VerifyReport:
    """Keys whose files still match (`ok`), are gone (`missing`) or changed (`altered`)."""

    ok: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    altered: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Say whether every recorded file is present and unchanged."""
        return not self.missing and not self.altered


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or "\\" in key or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not an evidence store key: {key!r}")
    return key


def _chunks(content: bytes | IO[bytes]) -> Iterator[bytes]:
    stream: IO[bytes] = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    while chunk := stream.read(CHUNK):
        yield chunk


@dataclass
class EvidenceStore:
    """Files kept by content hash under one folder or URL prefix."""

    fs: Any
    root: str
    url: str
    policy: EvidencePolicy = field(default_factory=EvidencePolicy)

    @classmethod
    def from_url(
        cls, url: str, *, policy: EvidencePolicy | None = None, **storage_options: Any
    ) -> EvidenceStore:
        """Open the store at a local folder path or an fsspec URL such as s3://bucket/prefix."""
        # fsspec (and its plugins) load only when a store is opened, not in every worker.
        import fsspec
        from fsspec.implementations.local import LocalFileSystem

        fs, root = fsspec.core.url_to_fs(url, **storage_options)
        if isinstance(fs, LocalFileSystem):
            # Folders appear as files arrive; S3 has no folders to make.
            fs.auto_mkdir = True
        return cls(fs=fs, root=root.rstrip("/"), url=url, policy=policy or EvidencePolicy())

    def _path(self, key: str) -> str:
        return f"{self.root}/{_check_key(key)}"

    @contextmanager
    def _reachable(self, doing: str) -> Iterator[None]:
        # Backends raise their own error types (OSError, botocore's, aiohttp's); every one
        # means the same to the person who attached the file: the copy was not made.
        try:
            yield
        except (FileRefused, ValueError):
            raise
        except Exception as exc:
            logger.warning("evidence store %s failed: %s", doing, type(exc).__name__)
            raise StoreUnavailable(
                f"The evidence store at {self.url} could not {doing} "
                f"({type(exc).__name__}), so nothing was stored. Check that it exists "
                "and that the bot may write to it."
            ) from exc

    def check_writable(self) -> None:
        """Write and remove a probe file; raise StoreUnavailable when that fails."""
        probe = self._path(f"{_TMP}/probe-{uuid.uuid4().hex}")
        with self._reachable("be written to"):
            self.fs.pipe_file(probe, b"probe")
            self.fs.rm_file(probe)

    def put(self, content: bytes | IO[bytes], *, name: str, media_type: str) -> StoredFile:
        """Store the content under its SHA-256, via a temporary key so none is half-written.

        Raises FileRefused for a type the policy does not keep or content over its limit.
        """
        if not self.policy.allows_type(media_type, name):
            raise FileRefused(self.policy.refusal(None, media_type, name) or "")
        digest = hashlib.sha256()
        size = 0
        tmp = self._path(f"{_TMP}/{uuid.uuid4().hex}.part")
        with self._reachable("be written to"):
            try:
                with self.fs.open(tmp, "wb") as out:
                    for chunk in _chunks(content):
                        size += len(chunk)
                        if size > self.policy.max_bytes:
                            raise FileRefused(self.policy.over_limit())
                        digest.update(chunk)
                        out.write(chunk)
                sha = digest.hexdigest()
                key = f"sha256/{sha[:2]}/{sha}/{safe_filename(name)}"
                final = self._path(key)
                if self.fs.exists(final):
                    self.fs.rm_file(tmp)
                else:
                    self.fs.mv(tmp, final)
            except BaseException:
                self._discard(tmp)
                raise
        logger.info("evidence stored key=%s size=%d", key, size)
        return StoredFile(key=key, size=size, sha256=sha, media_type=media_type)

    def _discard(self, path: str) -> None:
        try:
            if self.fs.exists(path):
                self.fs.rm_file(path)
        except Exception:  # the original error matters more than a failed clean-up
            logger.warning("could not remove a temporary evidence file")

    def exists(self, key: str) -> bool:
        """Say whether a file is stored under `key`."""
        with self._reachable("be read"):
            return bool(self.fs.exists(self._path(key)))

    def open(self, key: str) -> BinaryIO:
        """Open the stored file for reading; FileNotFoundError when it is not there."""
        path = self._path(key)
        if not self.exists(key):
            raise FileNotFoundError(key)
        with self._reachable("be read"):
            return cast(BinaryIO, self.fs.open(path, "rb"))

    def read(self, key: str) -> bytes | None:
        """Return the stored file's bytes, or None when it is not there."""
        try:
            with self.open(key) as stream:
                return stream.read()
        except FileNotFoundError:
            return None

    def _sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        with self.open(key) as stream:
            for chunk in _chunks(stream):
                digest.update(chunk)
        return digest.hexdigest()

    def verify(self, records: Iterable[Recorded]) -> VerifyReport:
        """Re-hash each recorded file and report the ones missing or altered."""
        ok: list[str] = []
        missing: list[str] = []
        altered: list[str] = []
        for record in records:
            try:
                actual = self._sha256(record.key)
            except FileNotFoundError:
                missing.append(record.key)
                continue
            (ok if actual == record.sha256 else altered).append(record.key)
        return VerifyReport(ok=tuple(ok), missing=tuple(missing), altered=tuple(altered))
