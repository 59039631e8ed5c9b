"""Paths given to `unwh ingest` -> the PDF files to ingest, plus the paths refused with a reason.

One bad path never fails the others: a missing path, a device or FIFO (``/dev/zero``), a
socket or an unreadable file is refused with its reason while the rest is ingested. Folders are
searched recursively for ``*.pdf``; a symlink inside a folder that leads out of it is not
followed (unless ``follow_symlinks``), so a link to ``/etc/passwd`` never gets read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

_KINDS = {stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFIFO: "a FIFO (named pipe)",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}  # fmt: skip


@dataclass(slots=True)
class Discovered:
    files: list[Path] = field(default_factory=list)  # regular, readable files, de-duplicated, in order
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path as given or found, reason)


def _refusal(path: Path) -> str | None:
    """Why ``path`` cannot be ingested as a file, or None (a regular file we may read)."""
    try:
        mode = path.stat().st_mode  # follows a link: the target counts
    except FileNotFoundError:
        return "no such file or folder" + (" (a dangling symlink)" if path.is_symlink() else "")
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return f"not a regular file: {_KINDS.get(stat.S_IFMT(mode), 'a special file')}"
    if not os.access(path, os.R_OK):
        return "cannot be read: permission denied"
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _walk(folder: Path, follow_symlinks: bool, found: Discovered) -> None:
    root = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        dirnames.sort()
        here = Path(dirpath)
        for name in sorted(filenames):
            path = here / name
            if path.suffix.lower() != ".pdf":
                continue
            if path.is_symlink() and not follow_symlinks and not _inside(path.resolve(), root):
                found.refused.append((str(path), f"a symlink leading out of {folder}: not followed "
                                      "(UNWH_FOLLOW_SYMLINKS=true follows it)"))  # fmt: skip
                continue
            reason = _refusal(path)
            if reason:
                found.refused.append((str(path), reason))
            else:
                found.files.append(path)
        if not follow_symlinks:  # os.walk does not enter linked folders; say so for those leaving
            for name in dirnames:
                sub = here / name
                if sub.is_symlink() and not _inside(sub.resolve(), root):
                    found.refused.append((str(sub), f"a symlink leading out of {folder}: not followed "
                                          "(UNWH_FOLLOW_SYMLINKS=true follows it)"))  # fmt: skip


def discover_pdfs(paths: list[str], *, follow_symlinks: bool = False) -> Discovered:
    """Files as given (whatever their name), folders searched recursively for *.pdf; files are
    de-duplicated by their resolved path, in the order found."""
    found = Discovered()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, follow_symlinks, found)
        elif reason := _refusal(path):
            found.refused.append((raw, reason))
        else:
            found.files.append(path)
    unique: dict[Path, Path] = {}
    for path in found.files:
        unique.setdefault(path.resolve(), path)
    found.files = list(unique.values())
    return found


def confined(path: str | Path, folder: str | Path) -> Path | None:
    """``path`` resolved, if it lies inside ``folder`` (links resolved too), else None: an event's
    path must not lead a flow out of the inbox."""
    target, root = Path(path).resolve(), Path(folder).resolve()
    return target if _inside(target, root) else None
