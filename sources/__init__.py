"""Where new documents come from: an inbox folder and HTTP(S) URL lists (plain functions, no Prefect)."""

from sources.exceptions import DownloadError, DownloadTooLarge, NotAPdfDownload, SourceError, TransientDownloadError
from sources.http import DownloadPolicy, FetchReport, download, downloaded_sources, fetch_new, read_url_list
from sources.inbox import Candidate, Discovery, FileState, find_new_documents, ready_files, snapshot

__all__ = [
    "Candidate",
    "Discovery",
    "DownloadError",
    "DownloadPolicy",
    "DownloadTooLarge",
    "FetchReport",
    "FileState",
    "NotAPdfDownload",
    "SourceError",
    "TransientDownloadError",
    "download",
    "downloaded_sources",
    "fetch_new",
    "find_new_documents",
    "read_url_list",
    "ready_files",
    "snapshot",
]
