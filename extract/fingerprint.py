"""Content fingerprint of a source file: the document_id (sha256 of the bytes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract.models import SourceFile


def fingerprint_file(path: str | Path, source_uri: str | None = None) -> SourceFile:
    path = Path(path)
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return SourceFile(
        path=str(path), document_id=digest.hexdigest(), file_size=size, source_uri=source_uri or str(path.resolve())
    )
