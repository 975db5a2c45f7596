"""Typed ingest errors: each names the file and says why, in Chinese first."""

from __future__ import annotations


class IngestError(Exception):
    """Base class.  `kind` is a stable machine-readable tag, `reason` the human text."""

    kind = "error"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def to_dict(self) -> dict[str, str]:
        return {"file": self.path, "kind": self.kind, "reason": self.reason}


class FileMissing(IngestError):
    kind = "missing"


class EmptyFile(IngestError):
    kind = "empty"


class FileTooLarge(IngestError):
    kind = "too_large"


class UnsupportedType(IngestError):
    kind = "unsupported"


class UndecodableText(IngestError):
    kind = "undecodable"


class CorruptFile(IngestError):
    kind = "corrupt"


class NoText(IngestError):
    """A readable file with no text in it (e.g. a scanned PDF)."""

    kind = "no_text"
