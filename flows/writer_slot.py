"""The writer slot as the flows take it: the OS-released locks of load.writer, plus — only with a
persistent Prefect server, where runs on other machines may share the warehouse — the global
concurrency limit ``unwh-duckdb-writer`` with a short lease.

A temporary (ephemeral) server keeps the limit's slots in ``PREFECT_HOME``'s database while the
lease lives in the server's memory: a run killed there would leave the slot taken for good. So
the limit is used only when settings.writer_limit says so (``auto``: a ``PREFECT_API_URL`` that
the run did not start itself)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

import duckdb
from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from flows.settings import Settings
from load.exceptions import WarehouseUnavailable
from load.writer import writer_connection

WRITER_LIMIT = "unwh-duckdb-writer"  # global concurrency limit: one loader writes the DuckDB file
LEASE_S = 60.0  # the server's minimum: a killed holder's slot returns after this long without renewal
_limit_checked: set[str] = set()  # API URLs on which the writer limit is known to exist


def ensure_writer_limit(limit: int = 1) -> None:
    """Create the global concurrency limit if the server lacks it (``concurrency()`` silently
    skips a limit that does not exist in Prefect 3.8; ``unwh deploy`` creates it too)."""
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value() or "ephemeral"
    if api in _limit_checked:
        return
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run may create it in between
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=limit))
    _limit_checked.add(api)


def uses_writer_limit(settings: Settings) -> bool:
    if settings.writer_limit != "auto":
        return settings.writer_limit == "on"
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


def _server_slot(wait: float):
    """The limit's one slot (strict: a missing limit is an error, not "no limit"), with a warning
    first when another run holds it. One acquisition with the whole wait: a request given up
    early could still be granted on the server, leaving a slot nobody releases until its lease
    runs out. TimeoutError (on entering) after ``wait`` seconds."""
    ensure_writer_limit()
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
    if limit.active_slots >= limit.limit:
        get_run_logger().warning("the writer slot %s is taken by another run; waiting up to %.0f s for it",
                                 WRITER_LIMIT, wait)  # fmt: skip
    # a lease renewal hiccup during a long load must not kill the load (it would roll back)
    return concurrency(WRITER_LIMIT, occupy=1, strict=True, lease_duration=LEASE_S,
                       raise_on_lease_renewal_failure=False, timeout_seconds=wait)  # fmt: skip


@contextmanager
def writer(settings: Settings, what: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection under the writer slot, logged ("writer slot acquired/released: <what>")
    from inside the slot so the run logs show when this run wrote."""
    logger = get_run_logger()
    with ExitStack() as held:
        if uses_writer_limit(settings):
            try:
                held.enter_context(_server_slot(settings.writer_wait_s))
            except TimeoutError as exc:
                raise WarehouseUnavailable(
                    f"no warehouse writer slot ({WRITER_LIMIT}) within {settings.writer_wait_s:g} s "
                    "(UNWH_WRITER_WAIT): another run held it, or the Prefect API did not answer; nothing was written"
                ) from exc
        con = held.enter_context(writer_connection(settings.warehouse, settings.writer_wait_s, logger.warning))
        logger.info("writer slot acquired: %s", what)
        held.callback(logger.info, "writer slot released: %s", what)
        yield con
