"""Errors of the sources. Transient ones (a 503, a reset connection, a timeout) are retried;
the rest are terminal: retrying cannot help."""

from __future__ import annotations


class SourceError(Exception):
    terminal = True


class DownloadError(SourceError):
    """A URL could not be downloaded; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class TransientDownloadError(DownloadError):
    """A failure that may go away on its own (HTTP 408/429/5xx, timeouts, refused or reset connections)."""

    terminal = False


class DownloadTooLarge(DownloadError):
    """The response is larger than the size cap; nothing is kept."""


class NotAPdfDownload(DownloadError):
    """The response is not a PDF (an HTML landing page, an error page); nothing is kept."""
