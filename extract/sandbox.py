"""Run one document's extraction in its own worker process, with a time limit and a memory cap,
so that one pathological PDF cannot take down the run."""

from __future__ import annotations

import multiprocessing as mp
import resource
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from extract.exceptions import ExtractCrashed, ExtractError, ExtractMemoryExceeded, ExtractTimeout
from extract.models import Extraction
from extract.settings import ExtractSettings


@dataclass(frozen=True, slots=True)
class Limits:
    timeout_s: float = 600.0
    memory_mb: int = 3072


_REPORT_HEADROOM = 256 * 1024 * 1024  # lifted when the cap is hit, so that the error can be reported


def _child(conn: Connection, path: str, settings: ExtractSettings, memory_mb: int) -> None:
    cap = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap + _REPORT_HEADROOM))
        from extract.document import extract_document

        conn.send(("ok", extract_document(path, settings)))
    except BaseException as exc:  # every failure is reported, never raised across processes
        resource.setrlimit(resource.RLIMIT_AS, (cap + _REPORT_HEADROOM, cap + _REPORT_HEADROOM))
        if _caused_by_memory(exc):
            error: ExtractError = ExtractMemoryExceeded(f"extraction needed more than {memory_mb} MB", path=path)
        elif isinstance(exc, ExtractError):
            error = exc
        else:
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            error = ExtractCrashed(f"extraction failed: {detail}", path=path)
        conn.send(("error", error))
    finally:
        conn.close()


def _caused_by_memory(exc: BaseException | None) -> bool:
    """A MemoryError anywhere in the chain, or the SystemError C code raises when an allocation
    fails under the address-space cap without setting MemoryError ("returned NULL without setting
    an exception"), even when a wrapper reported it as another ExtractError (e.g. truncated)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError) or (
            isinstance(exc, SystemError) and "without setting an exception" in str(exc)
        ):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


_CONTEXT = mp.get_context("forkserver")
# the modules are imported once in the server, not in each worker under its memory cap (an import
# that hits the cap can fail as a SystemError instead of a MemoryError); extract.document imports
# extract.tables lazily, so it is named here too
_CONTEXT.set_forkserver_preload(["extract.document", "extract.tables"])


def extract_isolated(
    path: str | Path, settings: ExtractSettings | None = None, limits: Limits | None = None
) -> Extraction:
    """``extract_document`` in a fresh process; raises a typed ExtractError on any failure."""
    settings = settings or ExtractSettings()
    limits = limits or Limits()
    path = str(path)
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child, args=(sender, path, settings, limits.memory_mb), name=f"extract:{Path(path).name}"
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_s):
            process.kill()
            raise ExtractTimeout(f"extraction did not finish within {limits.timeout_s:g} s", path=path)
        try:
            status, payload = receiver.recv()
        except EOFError as exc:
            process.join(5)
            code = process.exitcode
            if code is not None and code < 0:
                reason = f"the extraction worker was killed by signal {-code}"
                if -code == 9:
                    reason += f" (probably out of memory; cap {limits.memory_mb} MB)"
                    raise ExtractMemoryExceeded(reason, path=path) from exc
            else:
                reason = f"the extraction worker exited with code {code} without a result"
            raise ExtractCrashed(reason, path=path) from exc
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if status == "ok":
        return payload
    raise payload
