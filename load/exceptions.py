"""Errors of the load stage. A locked database is transient (retry); the rest are terminal."""

from __future__ import annotations


class LoadError(Exception):
    terminal = True


class WarehouseLocked(LoadError):
    """Another process holds the DuckDB write lock; retrying later can succeed."""

    terminal = False


class MigrationError(LoadError):
    pass


class PublishError(LoadError):
    """Publishing a document failed; the transaction was rolled back."""


class WarehouseUnavailable(LoadError):
    """The warehouse could not be opened for writing within the wait: another run held the writer
    lock, or another process (an analyst's session) kept the DuckDB file open. Nothing was
    written. Transient: the orchestrator's retry decides whether to try again later."""

    terminal = False


class ExportError(LoadError):
    """An export was asked for an unknown format or table; nothing was written."""
