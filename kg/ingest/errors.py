"""The one error type of the ingest stage."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be read. ``str()`` is one line: the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
