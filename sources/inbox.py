"""The inbox source: PDFs dropped into a folder, picked up once they stopped changing and only
if the warehouse does not already hold them (by content hash and pipeline version)."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extract.fingerprint import fingerprint_file
from load.exceptions import WarehouseLocked
from load.warehouse import connect

# Names that writers use while a file is still incomplete (browsers, rsync, our own downloader).
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download")


@dataclass(frozen=True, slots=True)
class FileState:
    """What one look at a file saw; a file still being written changes between looks."""

    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A settled PDF in the inbox, fingerprinted."""

    path: Path
    document_id: str  # sha256 hex of the bytes
    file_size: int
    warehouse_status: str | None = None  # loaded | quarantined (by this pipeline version) | None


@dataclass(slots=True)
class Discovery:
    """One look at the inbox: what to ingest, what the warehouse already has, what is not ready."""

    new: list[Candidate] = field(default_factory=list)
    skipped: list[Candidate] = field(default_factory=list)  # already loaded (or quarantined) by this version
    duplicates: list[Candidate] = field(default_factory=list)  # same bytes as a file in `new`
    not_ready: list[Path] = field(default_factory=list)  # still being written (or too young)
    warehouse_checked: bool = True  # False when the warehouse was locked and could not be read
    states: dict[Path, FileState] = field(default_factory=dict)  # this look, for the next one's `previous`


def _is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith((".", "~")) or name.lower().endswith(PARTIAL_SUFFIXES):
        return False
    return path.suffix.lower() == ".pdf"


def snapshot(folder: str | Path, *, follow_symlinks: bool = False) -> dict[Path, FileState]:
    """Size and mtime of every candidate PDF under ``folder`` (recursively; hidden and partial
    files excluded; a symlink leading out of the folder only with ``follow_symlinks``). A
    missing folder is an empty inbox."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    root = folder.resolve()
    states: dict[Path, FileState] = {}
    for path in sorted(folder.rglob("*")):
        if not follow_symlinks and path.is_symlink() and root not in path.resolve().parents:
            continue  # a link out of the inbox is not a document of the inbox
        if any(part.startswith(".") for part in path.relative_to(folder).parts[:-1]):
            continue  # hidden folders (e.g. a downloader's scratch space)
        if not _is_candidate(path):
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed between listing and stat
            continue
        if path.is_file():
            states[path] = FileState(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    return states


def ready_files(
    current: Mapping[Path, FileState],
    previous: Mapping[Path, FileState] | None = None,
    *,
    min_age_s: float,
    now: float | None = None,
    complete: Collection[Path] = (),
) -> tuple[list[Path], list[Path]]:
    """Split ``current`` into (ready, not ready).

    A file is ready when its mtime is at least ``min_age_s`` old and, when an earlier look
    (``previous``) is given, it was present then with the same size and mtime. A file that a
    writer is still appending to fails one of the two tests. Files in ``complete`` (absolute
    paths known to be whole, e.g. renamed into place by the downloader) are ready at any age.
    """
    now = time.time() if now is None else now
    ready: list[Path] = []
    waiting: list[Path] = []
    for path, state in current.items():
        old_enough = now - state.mtime_ns / 1e9 >= min_age_s
        unchanged = previous is None or previous.get(path) == state
        whole = bool(complete) and path.resolve() in complete
        (ready if whole or (old_enough and unchanged) else waiting).append(path)
    return ready, waiting


def warehouse_states(
    warehouse: str | Path, document_ids: Iterable[str], pipeline_version: str
) -> dict[str, str] | None:
    """{document_id: status} for the documents this pipeline version already processed, read
    through a read-only connection. None when a writer holds the file (the caller decides;
    the ingest flow checks again before it extracts anything). No file yet: nothing known."""
    ids = list(dict.fromkeys(document_ids))
    if not ids or not Path(warehouse).exists():
        return {}
    from load.publish import published_state  # here: load.publish imports pandas; a no-op run must not

    try:
        con = connect(warehouse, read_only=True)
    except WarehouseLocked:
        return None
    try:
        found: dict[str, str] = {}
        for document_id in ids:
            try:
                state = published_state(con, document_id)
            except duckdb.CatalogException:  # a warehouse file without the schema yet
                return {}
            if state is not None and state[1] == pipeline_version:
                found[document_id] = state[0]
        return found
    finally:
        con.close()


def find_new_documents(
    folder: str | Path,
    *,
    warehouse: str | Path,
    pipeline_version: str,
    min_age_s: float,
    previous: Mapping[Path, FileState] | None = None,
    skip_quarantined: bool = True,
    now: float | None = None,
    complete: Iterable[str | Path] = (),
    follow_symlinks: bool = False,
) -> Discovery:
    """The settled PDFs under ``folder`` that the warehouse does not hold yet (``complete``: files
    known to be whole whatever their age, such as the downloader's, see ``ready_files``).

    A document is skipped by content hash when this pipeline version already loaded it (and,
    with ``skip_quarantined``, when it quarantined it: the same bytes through the same code
    fail the same way, so automatic runs leave it to a person with ``unwh ingest``).
    """
    current = snapshot(folder, follow_symlinks=follow_symlinks)
    whole = {Path(p).resolve() for p in complete}
    ready, waiting = ready_files(current, previous, min_age_s=min_age_s, now=now, complete=whole)
    discovery = Discovery(not_ready=waiting, states=current)
    candidates: list[Candidate] = []
    for path in ready:
        try:
            source = fingerprint_file(path)
        except FileNotFoundError:  # moved away since the look
            continue
        candidates.append(Candidate(path=path, document_id=source.document_id, file_size=source.file_size))
    states = warehouse_states(warehouse, (c.document_id for c in candidates), pipeline_version)
    if states is None:
        discovery.warehouse_checked = False
        states = {}
    skip = {"loaded", "quarantined"} if skip_quarantined else {"loaded"}
    seen: set[str] = set()
    for candidate in candidates:
        status = states.get(candidate.document_id)
        if status is not None:
            candidate = Candidate(candidate.path, candidate.document_id, candidate.file_size, status)
        if status in skip:
            discovery.skipped.append(candidate)
        elif candidate.document_id in seen:
            discovery.duplicates.append(candidate)
        else:
            seen.add(candidate.document_id)
            discovery.new.append(candidate)
    return discovery
