"""What `unwh ingest` shows on the console while a run goes: its own log handler (warnings and
errors, one line each) in place of Prefect's console handler, and the progress per document
(rich on a terminal, one plain line per document otherwise). The flow runs still log at INFO to
the Prefect API: only this process's console is kept quiet."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from flows.progress import listening
from flows.summary import display_name

CONSOLE_LEVEL = logging.WARNING  # what of the run logs the CLI prints (the API gets everything)


def _planned(detail: dict[str, object]) -> tuple[int, int]:
    """(documents in the run, documents to extract) of a "planned" progress event."""
    total, extract = detail["total"], detail.get("extract", 0)
    if not isinstance(total, int) or not isinstance(extract, int):
        raise TypeError(f"a planned event counts documents: {detail!r}")
    return total, extract


class ConsoleHandler(logging.Handler):
    """Prints a log record as one line, ``level: message``, through ``write`` (the progress
    display's, so lines do not tear a live progress bar)."""

    def __init__(self, write, level: int = CONSOLE_LEVEL) -> None:
        super().__init__(level)
        self.write = write

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                message += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            self.write(f"{record.levelname.lower()}: {message}")
        except Exception:
            self.handleError(record)


@contextmanager
def console_logging(write) -> Iterator[ConsoleHandler]:
    """Replace the console handlers Prefect's logging set-up put on the root logger (and on the
    loggers that do not propagate to it) by one ConsoleHandler, for the rest of the process (the
    ephemeral API stops at exit, and says so at INFO); only the CLI's own handler is removed."""
    from prefect.logging.handlers import PrefectConsoleHandler

    handler = ConsoleHandler(write)
    known = list(logging.root.manager.loggerDict.values())  # loggers and placeholders
    loggers = [logging.getLogger(), *(logger for logger in known if isinstance(logger, logging.Logger))]
    for logger in loggers:
        for existing in list(getattr(logger, "handlers", [])):
            if isinstance(existing, PrefectConsoleHandler | ConsoleHandler):  # ours: an earlier run's
                logger.removeHandler(existing)
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().addHandler(ConsoleHandler(_stderr_line))


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class PlainProgress:
    """One line per document event, for a log file or a pipe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = self.to_extract = self.extracted = self.done = 0
        self.started = time.monotonic()

    def write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def __call__(self, event: str, path: str, detail: dict[str, object]) -> None:
        if event == "planned":
            self.total, self.to_extract = _planned(detail)
            self.write(f"{self.total} document(s): {self.to_extract} to extract and load")
        elif event == "extracted":
            self.extracted += 1
            error = detail.get("error")
            what = "extraction failed" if error else "extracted"
            self.write(f"[{self.extracted}/{self.to_extract}] {what}: {display_name(path)} "
                       f"({time.monotonic() - self.started:.0f} s)")  # fmt: skip
        elif event == "done":
            self.done += 1
            self.write(self.done_line(path, detail))

    def done_line(self, path: str, detail: dict[str, object]) -> str:
        status = detail.get("status")
        reason = detail.get("reason")
        word = "already loaded" if status == "skipped" and reason == "already loaded" else status
        tail = f": {reason}" if reason and word != "already loaded" else ""
        return f"[{self.done}/{self.total}] {word}: {display_name(path)}{tail}"

    def close(self) -> None:
        pass


class RichProgress(PlainProgress):
    """A progress bar over the run's documents on a terminal, a line above it per document."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self.task = self.progress.add_task("fingerprinting", total=None)
        self.progress.start()

    def write(self, line: str) -> None:
        self.progress.console.print(line, markup=False, highlight=False)

    def __call__(self, event: str, path: str, detail: dict[str, object]) -> None:
        if event == "planned":
            self.total, self.to_extract = _planned(detail)
            # each document counts twice: extracted, then loaded (or once when skipped)
            self.progress.update(self.task, total=self.total + self.to_extract, description="extracting")
        elif event == "extracted":
            self.extracted += 1
            self.progress.advance(self.task)
            if detail.get("error"):
                self.write(f"extraction failed: {display_name(path)}")
            if self.extracted == self.to_extract:
                self.progress.update(self.task, description="loading")
        elif event == "done":
            self.done += 1
            self.progress.advance(self.task)
            self.write(self.done_line(path, detail))

    def close(self) -> None:
        self.progress.stop()


def progress_display(stream: TextIO | None = None) -> PlainProgress:
    """Rich on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return RichProgress(stream) if stream.isatty() else PlainProgress(stream)


@contextmanager
def run_console(stream: TextIO | None = None) -> Iterator[PlainProgress]:
    """Progress per document and the CLI's own log handler for the duration of one run."""
    display = progress_display(stream)
    try:
        with console_logging(display.write), listening(display):
            yield display
    finally:
        display.close()
