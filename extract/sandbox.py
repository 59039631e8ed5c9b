"""Run one document's extraction in its own worker process, with a time limit and a memory cap,
so that one pathological PDF cannot take down the run."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import re
import resource
import signal
import threading
import time
import traceback
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.exceptions import ExtractCancelled, ExtractCrashed, ExtractError, ExtractMemoryExceeded, ExtractTimeout
from extract.models import Extraction
from extract.settings import ExtractSettings

if TYPE_CHECKING:  # extract.document imports pdfplumber: the sandbox's parent never does
    from extract.document import PagesRead


@dataclass(frozen=True, slots=True)
class Limits:
    timeout_s: float = 600.0  # per document, however many processes read it
    memory_mb: int = 3072  # per document: shared evenly by its processes when its pages are split
    # processes that read one long document's pages at once (ranges of pages in parallel, merged
    # in page order before the document-level steps; the result is the same as one pass)
    page_workers: int = 1
    # a document is split only into ranges of at least this many pages: below it, starting a
    # process and sending its pages back costs more than the range's share of the work
    range_pages: int = 32


def page_ranges(pages: int, workers: int, range_pages: int) -> list[tuple[int, int]]:
    """``pages`` (1-based) in at most ``workers`` contiguous ranges of at least ``range_pages``
    pages each, as even as possible: [(first, last), ...] in page order."""
    n = max(1, min(workers, pages // max(1, range_pages)))
    bounds = [round(i * pages / n) for i in range(n + 1)]
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(n)]


_REPORT_HEADROOM = 256 * 1024 * 1024  # lifted when the cap is hit, so that the error can be reported


def _child(conn: Connection, path: str, settings: ExtractSettings, limits: Limits) -> None:
    memory_mb = limits.memory_mb
    cap = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap + _REPORT_HEADROOM))
        from extract.document import extract_document, page_count

        ranges = (
            page_ranges(page_count(path), limits.page_workers, limits.range_pages) if limits.page_workers > 1 else []
        )
        if len(ranges) > 1:
            # the document's cap is shared by its processes (this one and the forked readers
            # inherit the lowered limit), so a run's worst case stays workers x cap
            memory_mb = limits.memory_mb // len(ranges)
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, cap + _REPORT_HEADROOM))
            conn.send(("ok", _extract_split(path, settings, ranges, memory_mb)))
        else:
            conn.send(("ok", extract_document(path, settings)))
    except BaseException as exc:  # every failure is reported, never raised across processes
        conn.send(("error", _reported(exc, path, cap, memory_mb)))  # memory_mb: this process's share
    finally:
        conn.close()


def _reported(exc: BaseException, path: str, cap: int, memory_mb: int) -> ExtractError:
    """The typed error a failed worker reports (the cap lifted so that it can be built)."""
    resource.setrlimit(resource.RLIMIT_AS, (cap + _REPORT_HEADROOM, cap + _REPORT_HEADROOM))
    if _caused_by_memory(exc):
        return ExtractMemoryExceeded(f"extraction needed more than {memory_mb} MB", path=path)
    if isinstance(exc, ExtractError):
        return exc
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return ExtractCrashed(f"extraction failed: {detail}", path=path)


# the range readers are forked from the document's worker: it has imported everything, holds no
# thread and no open PDF when it forks, and its address-space cap is theirs too
_FORK = mp.get_context("fork")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_PIECE_PAGES = 8  # pages per message from a range reader: the receiver holds one message's bytes at a time


def _range_child(conn: Connection, path: str, memory_mb: int, parent: int) -> None:
    """Read the runs of pages each request names and send them back, until told to stop (None);
    killed by the kernel if the document's worker dies (a time limit hit, a crash), so no reader
    outlives its document. A reader serves the document's first pass and, when its tables are
    confined, its share of the pages read again."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)
        from extract.document import read_runs

        while (request := conn.recv()) is not None:
            settings, runs = request
            for read in read_runs(path, settings, runs):
                for piece in read.pieces(_PIECE_PAGES):
                    conn.send(("piece", piece))
            conn.send(("ok", None))
    except EOFError:  # the document's worker closed the pipe: nothing more to read
        pass
    except BaseException as exc:
        conn.send(("error", _reported(exc, path, memory_mb * 1024 * 1024, memory_mb)))
    finally:
        conn.close()


def _extract_split(path: str, settings: ExtractSettings, ranges: list[tuple[int, int]], memory_mb: int) -> Extraction:
    """The document's page ranges read in parallel (``_Readers``), then the document-level steps
    over all of them (``extract_with``: the same result as one pass). When the tables are confined
    between running lines, only the pages whose tables can change are read again, shared out
    between the same readers (forked while this process was small: a reader forked later would
    start with the whole first pass in its resident set)."""
    from extract.document import extract_with

    readers = _Readers(path, len(ranges) - 1, memory_mb)
    try:
        return extract_with(
            path,
            settings,
            lambda current: readers.read(current, [[r] for r in ranges]),
            lambda current, runs: readers.read(current, _shares(runs, len(ranges))),
        )
    finally:
        readers.close()


def _shares(runs: list[tuple[int, int]], n: int) -> list[list[tuple[int, int]]]:
    """The pages of ``runs`` (in page order) cut into at most ``n`` contiguous shares of nearly
    equal page counts, each as its runs of consecutive pages."""
    pages = [p for first, last in runs for p in range(first, last + 1)]
    shares: list[list[tuple[int, int]]] = []
    for lo, hi in page_ranges(len(pages), n, 1):  # 1-based positions in ``pages``
        share: list[tuple[int, int]] = []
        for p in pages[lo - 1 : hi]:
            if share and p == share[-1][1] + 1:
                share[-1] = (share[-1][0], p)
            else:
                share.append((p, p))
        shares.append(share)
    return shares


class _Readers:
    """Forked page readers of one document, kept between its first pass and a second one."""

    def __init__(self, path: str, count: int, memory_mb: int) -> None:
        self.path, self.memory_mb = path, memory_mb
        self.readers: list[tuple[Any, Connection]] = []
        for _ in range(count):
            here, there = _FORK.Pipe(duplex=True)
            process = _FORK.Process(target=_range_child, args=(there, path, memory_mb, os.getpid()), daemon=True)
            process.start()
            there.close()
            self.readers.append((process, here))

    def read(self, settings: ExtractSettings, shares: list[list[tuple[int, int]]]) -> list[PagesRead]:
        """The first share read here and the others by the readers at the same time, in share
        order. The error of the earliest failing share is raised, as one pass would."""
        from extract.document import read_runs

        asked = list(zip(self.readers, shares[1:], strict=False))
        for (_, conn), share in asked:
            conn.send((settings, share))
        parts = read_runs(self.path, settings, shares[0]) if shares else []
        for (process, conn), _ in asked:
            while True:
                status, payload = _receive(conn, process, self.path, self.memory_mb)
                if status == "error":
                    raise payload
                if status == "ok":
                    break
                parts.append(payload)
        return parts

    def close(self) -> None:
        for process, conn in self.readers:
            with suppress(OSError):
                conn.send(None)
            conn.close()
            process.join(1)
            if process.is_alive():
                process.kill()
            process.join()


def _receive(receiver: Connection, process, path: str, memory_mb: int) -> tuple[str, Any]:
    """The (status, payload) a worker sent; a typed error when it died without sending one."""
    try:
        return receiver.recv()
    except EOFError as exc:
        process.join(5)
        code = process.exitcode
        if code is not None and code < 0:
            reason = f"the extraction worker was killed by signal {-code}"
            if -code == 9:
                reason += f" (probably out of memory; cap {memory_mb} MB)"
                raise ExtractMemoryExceeded(reason, path=path) from exc
        else:
            reason = f"the extraction worker exited with code {code} without a result"
        raise ExtractCrashed(reason, path=path) from exc


_NO_EXCEPTION = re.compile(r"without setting an exception|error return without exception set")


def _caused_by_memory(exc: BaseException | None) -> bool:
    """A MemoryError anywhere in the chain, or the SystemError C code raises when an allocation
    fails under the address-space cap without setting MemoryError (CPython words it "returned NULL
    without setting an exception" or "error return without exception set"), even when a wrapper
    reported it as another ExtractError (e.g. truncated)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError) or (isinstance(exc, SystemError) and _NO_EXCEPTION.search(str(exc))):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


_CONTEXT = mp.get_context("forkserver")
# the modules are imported once in the server, not in each worker under its memory cap (an import
# that hits the cap can fail as a SystemError instead of a MemoryError); extract.document imports
# extract.tables lazily, so it is named here too
_CONTEXT.set_forkserver_preload(["extract.document", "extract.tables"])


_STOP_POLL_S = 0.2  # how often a wait that can be stopped looks at its stop event


def extract_isolated(
    path: str | Path,
    settings: ExtractSettings | None = None,
    limits: Limits | None = None,
    stop: threading.Event | None = None,
) -> Extraction:
    """``extract_document`` in a fresh process; raises a typed ExtractError on any failure.
    Setting ``stop`` kills the process and raises ExtractCancelled (an extraction started for a
    run that no longer needs it)."""
    settings = settings or ExtractSettings()
    limits = limits or Limits()
    path = str(path)
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, path, settings, limits), name=f"extract:{Path(path).name}")
    process.start()
    sender.close()
    try:
        if not _answered(receiver, limits.timeout_s, stop):
            process.kill()
            if stop is not None and stop.is_set():
                raise ExtractCancelled("extraction stopped: the run no longer needs it", path=path)
            raise ExtractTimeout(f"extraction did not finish within {limits.timeout_s:g} s", path=path)
        status, payload = _receive(receiver, process, path, limits.memory_mb)
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if status == "ok":
        return payload
    raise payload


def _answered(receiver: Connection, timeout_s: float, stop: threading.Event | None) -> bool:
    """True once the worker has sent its answer; False when ``timeout_s`` passed or ``stop`` was set."""
    if stop is None:
        return receiver.poll(timeout_s)
    deadline = time.monotonic() + timeout_s
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        if receiver.poll(min(_STOP_POLL_S, remaining)):
            return True
    return False
