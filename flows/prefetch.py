"""Extractions started before the flow runs, for the flow's extract tasks to collect.

`unwh ingest` knows its documents a few milliseconds after it starts (the look-up that ends a
run with nothing to do finds and fingerprints them), but the flow asks for their extraction only
once Prefect, its temporary API and the pipeline are up: several seconds of start-up that the
extraction workers do not need, since they are separate processes that import neither Prefect nor
pandas. So the CLI starts the extractions at once (``early_extraction``), and each extract task
collects the result of its document (``extract_or_collect``) instead of starting it: start-up and
extraction overlap on the cores.

The flow still owns the work: a task that finds nothing started for its document (another
runner, other settings, a retry after a transient fault) extracts it as before, and a collected
result is the same value or the same typed ExtractError that ``extract_isolated`` gives, so
quarantine, retries and the cache behave as before. A document whose extraction the task cache
already holds is not started early. What the run did not collect is stopped when it ends.

No Prefect here: this module runs before Prefect is imported.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import extract as extract_package
from extract.models import Extraction, SourceFile
from extract.sandbox import extract_isolated
from flows.settings import Settings


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction as the sandbox gave it, with when it ran (perf_counter seconds)."""

    value: Extraction
    started: float
    seconds: float
    early: bool  # started before its task asked for it


@lru_cache(maxsize=1)
def extract_code_digest() -> str:
    """sha256 of the extract/ sources: an edit between two version bumps (everyday development)
    must not be served a stale cached extraction."""
    package = Path(extract_package.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def extraction_cache_key(source: SourceFile, settings: Settings) -> str:
    """The extract task's cache key. Same bytes + same pipeline version (+ same extraction
    settings, limits and code): same extraction. The limits are in the key because a fresh run
    under a tighter time or memory limit could fail where the cached one succeeded: the setting
    must not be silently ignored."""
    knobs = json.dumps([asdict(settings.extract), asdict(settings.limits)], sort_keys=True) + extract_code_digest()
    digest = hashlib.sha256(knobs.encode()).hexdigest()[:12]
    return f"extract-{source.document_id}-v{settings.pipeline_version}-{digest}"


def _cached(source: SourceFile, settings: Settings) -> bool:
    """The task cache holds this extraction (a record under its key in the cache folder, where
    the extract task's result storage writes it): the task will be served from it."""
    return (Path(settings.cache_dir) / extraction_cache_key(source, settings)).is_file()


class EarlyExtractions:
    """Extractions of a run's documents running in at most ``settings.workers`` sandboxes, the
    largest file first (the longest extraction starts first and the short ones fill the other
    cores; the size is the stand-in for the work that needs no parse)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="unwh-early-extract")
        self._jobs: dict[tuple[str, str], Future[Extracted]] = {}
        self._lock = threading.Lock()

    def start(self, sources: Iterable[SourceFile]) -> list[SourceFile]:
        """Start the extraction of each source not in the task cache; returns those started."""
        todo = sorted((s for s in sources if not _cached(s, self.settings)), key=lambda s: -s.file_size)
        for source in todo:
            self.put(source, self._pool.submit(self._extract, source))
        return todo

    def put(self, source: SourceFile, job: Future[Extracted]) -> None:
        """Offer a result computed elsewhere for ``source`` (its value or its ExtractError)."""
        with self._lock:
            self._jobs[(source.path, source.document_id)] = job

    def take(self, source: SourceFile, settings: Settings) -> Future[Extracted] | None:
        """The job of ``source`` if one was started with these extraction settings and limits
        (taken: a retry extracts again), else None."""
        if (settings.extract, settings.limits) != (self.settings.extract, self.settings.limits):
            return None
        with self._lock:
            return self._jobs.pop((source.path, source.document_id), None)

    def pending(self) -> list[str]:
        """The paths of the results no task has collected yet."""
        with self._lock:
            return [path for path, _ in self._jobs]

    def close(self) -> None:
        """Stop what no task collected (not started: cancelled; running: its process killed)."""
        self._stop.set()
        with self._lock:
            jobs, self._jobs = list(self._jobs.values()), {}
        for job in jobs:
            job.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _extract(self, source: SourceFile) -> Extracted:
        started = time.perf_counter()
        value = extract_isolated(source.path, self.settings.extract, self.settings.limits, stop=self._stop)
        return Extracted(value=value, started=started, seconds=time.perf_counter() - started, early=True)


_active: EarlyExtractions | None = None
_active_lock = threading.Lock()


@contextmanager
def early_extraction(sources: Iterable[SourceFile], settings: Settings) -> Iterator[EarlyExtractions | None]:
    """Start extracting ``sources`` now, for the extract tasks of the runs of this process inside
    the context; None (nothing started) with the Dask runner, whose tasks run in other processes."""
    if settings.task_runner != "threads":
        yield None
        return
    early = EarlyExtractions(settings)
    with _activated(early):
        early.start(sources)
        yield early


@contextmanager
def offered(settings: Settings, results: Iterable[tuple[SourceFile, Extraction]]) -> Iterator[EarlyExtractions]:
    """Runs in this context collect the extraction of each source from ``results`` instead of
    extracting it: a caller that already holds extractions (the test suite's one extraction of
    each sample per session) hands them to the flow."""
    early = EarlyExtractions(settings)
    for source, extraction in results:
        job: Future[Extracted] = Future()
        job.set_result(Extracted(value=extraction, started=time.perf_counter(), seconds=0.0, early=True))
        early.put(source, job)
    with _activated(early):
        yield early


@contextmanager
def _activated(early: EarlyExtractions) -> Iterator[None]:
    """``early`` serves the extract tasks of this process inside the context, then is closed."""
    global _active
    with _active_lock:
        previous, _active = _active, early
    try:
        yield
    finally:
        with _active_lock:
            _active = previous
        early.close()


def extract_or_collect(source: SourceFile, settings: Settings) -> Extracted:
    """The extraction of ``source``: collected from the one started early for it, else run now
    in its sandbox. Raises the typed ExtractError either way."""
    with _active_lock:
        early = _active
    job = early.take(source, settings) if early is not None else None
    if job is None:
        started = time.perf_counter()
        value = extract_isolated(source.path, settings.extract, settings.limits)
        return Extracted(value=value, started=started, seconds=time.perf_counter() - started, early=False)
    return job.result()
