"""Errors raised while reading a PDF. Terminal errors quarantine the document; none is retried."""

from __future__ import annotations


class ExtractError(Exception):
    """A document could not be extracted. ``check`` is the quality_issues check name."""

    check = "extract_failed"
    terminal = True

    def __init__(self, reason: str, *, path: str | None = None, page: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.page = page
        where = f"{path}" if path else "document"
        if page is not None:
            where += f", page {page}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # keep reason/path/page when sent from a worker process
        return (_rebuild, (type(self), self.reason, self.path, self.page))


def _rebuild(cls: type[ExtractError], reason: str, path: str | None, page: int | None) -> ExtractError:
    return cls(reason, path=path, page=page)


class EmptyFile(ExtractError):
    check = "empty_file"


class NotAPdf(ExtractError):
    check = "not_a_pdf"


class TruncatedPdf(ExtractError):
    check = "truncated_pdf"


class DamagedPdf(ExtractError):
    """A whole file (it ends with %%EOF) whose structure pdfminer cannot parse."""

    check = "damaged_pdf"


class DamagedXref(DamagedPdf):
    """The cross-reference table points to the wrong places: objects (pages, text) are lost."""

    check = "damaged_xref"


class CorruptStream(DamagedPdf):
    """A page's content cannot be decoded (a damaged Flate / ASCII85 / … stream)."""

    check = "corrupt_stream"


class EncryptedPdf(ExtractError):
    check = "encrypted_pdf"


class NoTextLayer(ExtractError):
    check = "no_text_layer"


class ExtractTimeout(ExtractError):
    check = "extract_timeout"


class ExtractMemoryExceeded(ExtractError):
    check = "extract_memory_exceeded"


class ExtractCrashed(ExtractError):
    check = "extract_crashed"


class ExtractCancelled(ExtractError):
    """An extraction stopped before its end because its run no longer needed it (never a
    document's fault: nothing is quarantined for it)."""

    check = "extract_cancelled"
    terminal = False
