"""The `unwh` command line (DESIGN.md): exit 0 all loaded, 1 any quarantined (or not written: the
warehouse stayed locked), 2 usage error, 3 the temporary Prefect server did not start."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE, EXIT_NO_SERVER = 0, 1, 2, 3
WORK_POOL = "unwh-process"  # the pool prefect.yaml deploys to
PROJECT_DIR = Path(__file__).resolve().parent.parent  # where prefect.yaml lives (editable install)


# the environment variables `unwh` reads (flows/settings.py reads the UNWH_ ones), for --help
ENVIRONMENT = {
    "UNWH_WAREHOUSE": "DuckDB file (warehouse/un_reports.duckdb)",
    "UNWH_QUALITY_DIR": "audit reports: overview.html and the Data Docs (quality/ beside the warehouse)",
    "UNWH_WORKERS": "documents extracted at once (2)",
    "UNWH_TASK_RUNNER": "threads or dask (threads)",
    "UNWH_EXTRACT_TIMEOUT": "seconds one document's extraction may take (600)",
    "UNWH_EXTRACT_MEMORY_MB": "address-space cap of an extraction process (3072)",
    "UNWH_CACHE_DIR": "extraction cache ($PREFECT_HOME/unwh-cache)",
    "UNWH_WRITER_WAIT": "seconds one load attempt waits for the writer lock, then for the DuckDB file (3600)",
    "UNWH_WRITER_LIMIT": "auto, on or off: the Prefect writer limit, only with a persistent server (auto)",
    "UNWH_SERVER_STARTUP_TIMEOUT": "seconds `unwh ingest` waits for its temporary Prefect server (120)",
    "UNWH_FOLLOW_SYMLINKS": "true: follow symlinks leading out of an ingested folder (false)",
    "UNWH_INBOX": "folder the nightly run and `unwh watch` read (inbox)",
    "UNWH_INBOX_MIN_AGE": "seconds a file must be unchanged before it is picked up (2)",
    "UNWH_WATCH_INTERVAL": "seconds between two looks of `unwh watch` (10)",
    "UNWH_URL_LIST": "file or URL listing document URLs for the nightly run (none)",
    "UNWH_DOWNLOADS": "where downloads go ($UNWH_INBOX/downloads)",
    "UNWH_HTTP_TIMEOUT": "seconds per connect / read of a download (30)",
    "UNWH_HTTP_MAX_MB": "size cap of one download (200)",
    "UNWH_HTTP_RETRIES": "extra attempts after a transient download failure (3)",
    "UNWH_HTTP_MAX_SECONDS": "wall-clock limit of one download: a dripping server is cut off (900)",
    "UNWH_RETRY_QUARANTINED": "true: automatic runs retry documents this version quarantined (false)",
    "UNWH_MAX_REJECTED_SHARE": "share of rows one plausibility check may set aside before it quarantines (0.05)",
    "UNWH_PROJECT_DIR": "the checkout a worker's flow runs enter (`unwh worker` sets it)",
    "PREFECT_API_URL": "Prefect server (unset: `unwh ingest` starts a temporary one that dies with it)",
    "PREFECT_HOME": "Prefect's state, the extraction cache and the worker's pid file (~/.prefect)",
}
EXIT_CODES = {
    EXIT_OK: "every document loaded or already loaded (other commands: done)",
    EXIT_QUARANTINED: "a document was quarantined, could not be fetched or was not written (the others load)",
    EXIT_USAGE: "usage error: a missing file, folder or document, no server configured, no warehouse",
    EXIT_NO_SERVER: "`unwh ingest`: its temporary Prefect server did not start in time; nothing was run",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from transform.version import PIPELINE_VERSION

    try:
        package = version("un-reports-warehouse")
    except PackageNotFoundError:  # run from a checkout that is not installed
        package = "not installed"
    return f"unwh {package} (pipeline {PIPELINE_VERSION})"


def _epilog() -> str:
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())
    env = "\n".join(f"  {name:<23} {meaning}" for name, meaning in ENVIRONMENT.items())
    return f"exit codes:\n{codes}\n\nenvironment variables:\n{env}\n\nOperations: docs/OPERATIONS.md"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unwh", description="UN Reports Warehouse: Chinese UN report PDFs "
                                     "into a DuckDB warehouse", epilog=_epilog(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="ingest PDF files and folders into the warehouse")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="PDF files, folders (searched recursively) "
                        "or http(s):// URLs")  # fmt: skip
    ingest.add_argument("--warehouse", metavar="FILE", help="DuckDB file (default $UNWH_WAREHOUSE or "
                        "warehouse/un_reports.duckdb)")  # fmt: skip
    quality = sub.add_parser("quality", help="print the open quality issues and rejected rows per document")
    quality.add_argument("document", nargs="?", help="document_id (prefix), symbol or file name")
    quality.add_argument("--warehouse", metavar="FILE")
    quality.add_argument("--rebuild-docs", action="store_true", help="rebuild the Data Docs and the audit "
                         "overview (overview.html) from the stored audits and the warehouse")  # fmt: skip
    watch = sub.add_parser("watch", help="emit un.document.arrived for each new document in the inbox "
                           "(needs PREFECT_API_URL)")  # fmt: skip
    watch.add_argument("--inbox", metavar="DIR", help="folder to watch (default $UNWH_INBOX or inbox/)")
    watch.add_argument("--warehouse", metavar="FILE", help="documents it already holds are not announced")
    watch.add_argument("--once", action="store_true", help="look once, announce, exit")
    watch.add_argument("--interval", type=float, metavar="S", help="seconds between looks (default "
                       "$UNWH_WATCH_INTERVAL or 10)")  # fmt: skip
    watch.add_argument("--min-age", type=float, metavar="S", help="a file must be this old to count as "
                       "written (default $UNWH_INBOX_MIN_AGE or 2)")  # fmt: skip
    deploy = sub.add_parser("deploy", help="create the work pool and the writer limit, then deploy "
                            "prefect.yaml (needs PREFECT_API_URL)")  # fmt: skip
    deploy.add_argument("--pool", default=WORK_POOL, help=f"process work pool (default {WORK_POOL})")
    worker = sub.add_parser("worker", help="start a process worker for the deployments (needs PREFECT_API_URL); "
                            "SIGTERM or SIGINT stops it (exit 0)")  # fmt: skip
    worker.add_argument("--pool", default=WORK_POOL, help=f"process work pool (default {WORK_POOL})")
    _analyst_parsers(sub)
    worker.add_argument("--pid-file", metavar="FILE", help="where the worker writes its PID (default "
                        "$PREFECT_HOME/worker.pid)")  # fmt: skip
    worker.add_argument("--stop", action="store_true", help="stop the worker of the pid file (SIGTERM), wait for "
                        "it to exit")  # fmt: skip
    return parser


def _analyst_parsers(sub) -> None:
    """search, export, labels: read-only commands for analysts (docs/ANALYSTS.md)."""
    search = sub.add_parser("search", help="full-text search of paragraphs and table cells (Chinese and mixed)")
    search.add_argument("query", help="terms separated by spaces; a hit contains every term")
    search.add_argument("--document", help="document_id (prefix) or symbol")
    search.add_argument("--limit", type=int, default=20, help="hits to print (default 20)")
    search.add_argument("--warehouse", metavar="FILE")
    export = sub.add_parser("export", help="write the contract tables and analyst views as Parquet or CSV files")
    export.add_argument("directory", metavar="DIR")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.add_argument("--tables", nargs="+", metavar="NAME", help="tables or views (default: all)")
    export.add_argument("--warehouse", metavar="FILE")
    labels = sub.add_parser("labels", help="list the most frequent printed labels without an English name")
    labels.add_argument("--limit", type=int, default=30)
    labels.add_argument("--warehouse", metavar="FILE")


def _quiet_prefect() -> None:
    """No telemetry (offline). Logging is left as Prefect sets it, so flow runs log at INFO to the
    API however they are started; `unwh ingest` quiets its own console (flows/console.py)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def cmd_ingest(args: argparse.Namespace) -> int:
    uri = ("http://", "https://", "file://")
    missing = [p for p in args.paths if not p.startswith(uri) and not os.path.lexists(p)]
    if missing:
        print(f"unwh ingest: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    from flows.noop import plan_ingest, report_already_loaded
    from flows.summary import render_summary

    plan = plan_ingest(list(args.paths), args.warehouse)  # nothing to do: no Prefect, no GX (≈ 0.2 s)
    if plan.summary is not None:
        report_already_loaded(plan.summary)
        print(render_summary(plan.summary))
        return EXIT_OK
    _quiet_prefect()
    from flows.api_server import ServerStartFailed, early_api
    from flows.prefetch import early_extraction
    from flows.settings import Settings

    try:
        # the extraction workers start now, while Prefect and the temporary API start up; the
        # flow's extract tasks collect their results (flows/prefetch.py)
        with early_extraction(plan.to_extract(), plan.settings), early_api() as api:
            from flows.long_lived import long_lived

            with long_lived("start-up"):  # Prefect's and the pipeline's modules live as long as the process
                from flows.console import run_console
                from flows.ingest import ingest
                from flows.summary import summary_of

            if api is not None:
                api.wait(Settings.from_env().server_startup_timeout_s)
            with run_console():
                state = ingest(paths=list(args.paths), warehouse=args.warehouse, return_state=True)
    except ServerStartFailed as exc:
        print(f"unwh ingest: nothing was run: {exc}", file=sys.stderr)
        return EXIT_NO_SERVER
    result = state.result(raise_on_failure=False)  # type: ignore[attr-defined]  # a State when called sync
    summary = summary_of(result)
    if summary is None:
        print(f"unwh ingest: the run failed: {result}", file=sys.stderr)
        return EXIT_QUARANTINED
    # the command's elapsed time is the process's own: its start-up (imports, the temporary API)
    # is one of the stages printed beside it, and the API's shutdown follows the flow
    from load.timing import process_age_s

    summary.seconds = process_age_s() or summary.seconds
    print(render_summary(summary))
    return EXIT_OK if summary.ok else EXIT_QUARANTINED


def cmd_quality(args: argparse.Namespace) -> int:
    from expectations.overview import OVERVIEW
    from flows.settings import Settings
    from load.reports import find_documents, open_issues, rejected_rows, render_issues, render_rejected

    settings = Settings.from_env(warehouse=Path(args.warehouse) if args.warehouse else None)
    if not settings.warehouse.exists():
        print(f"unwh quality: no warehouse at {settings.warehouse}", file=sys.stderr)
        return EXIT_USAGE
    if args.document and not find_documents(settings.warehouse, args.document):
        print(f"unwh quality: no such document: {args.document} (give a document_id prefix, a symbol or a file "
              "name the warehouse holds)", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    print(render_issues(open_issues(settings.warehouse, args.document)))
    print(render_rejected(rejected_rows(settings.warehouse, args.document)))
    if args.rebuild_docs:
        _rebuild_docs(settings)
    overview = Path(settings.quality_dir) / OVERVIEW
    if overview.exists():
        print(f"audit overview (every document, each suite, links to the Data Docs pages): {overview.resolve()}")
    else:
        print(f"no audit overview at {overview} yet: `unwh quality --rebuild-docs` writes it")
    return EXIT_OK


def _rebuild_docs(settings) -> None:
    """The whole Data Docs site again, then the overview, from the warehouse opened read-only."""
    _quiet_prefect()
    from expectations.overview import write_overview
    from expectations.runner import build_data_docs
    from load.reports import document_statuses
    from load.warehouse import connect

    con = connect(settings.warehouse, read_only=True)
    try:
        documents = document_statuses(con)
    finally:
        con.close()
    build_data_docs(settings.quality_dir)
    write_overview(settings.quality_dir, documents)


def _read_only(command: str, warehouse: str | None):
    """A read-only connection to the warehouse, or None (message printed) when there is none."""
    from flows.settings import Settings
    from load.warehouse import connect

    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    if not settings.warehouse.exists():
        print(f"unwh {command}: no warehouse at {settings.warehouse}", file=sys.stderr)
        return None
    return connect(settings.warehouse, read_only=True)


def cmd_search(args: argparse.Namespace) -> int:
    from load.search import query_terms, render_hits, search

    con = _read_only("search", args.warehouse)
    if con is None:
        return EXIT_USAGE
    with con:
        hits = search(con, args.query, document=args.document, limit=args.limit)
    print(render_hits(hits, query_terms(args.query)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from load.exceptions import ExportError
    from load.export import export_warehouse

    con = _read_only("export", args.warehouse)
    if con is None:
        return EXIT_USAGE
    try:
        with con:
            written = export_warehouse(con, args.directory, args.format, args.tables)
    except ExportError as exc:
        print(f"unwh {exc}", file=sys.stderr)
        return EXIT_USAGE
    for name, path in written.items():
        print(f"{name:<24} {path}")
    return EXIT_OK


def cmd_labels(args: argparse.Namespace) -> int:
    from load.labels import render_unmapped, unmapped_labels

    con = _read_only("labels", args.warehouse)
    if con is None:
        return EXIT_USAGE
    with con:
        print(render_unmapped(unmapped_labels(con, args.limit)))
    return EXIT_OK


def _server_url(command: str) -> str | None:
    """The configured Prefect API URL; events and deployments need a running server."""
    _quiet_prefect()
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        print(f"unwh {command}: PREFECT_API_URL is not set; start a server and point at it "
              "(docs/OPERATIONS.md)", file=sys.stderr)  # fmt: skip
    return url


def cmd_watch(args: argparse.Namespace) -> int:
    if not _server_url("watch"):
        return EXIT_USAGE
    import signal

    from flows.settings import Settings
    from flows.watch import flush_events, watch

    overrides = {"inbox": Path(args.inbox) if args.inbox else None,
                 "warehouse": Path(args.warehouse) if args.warehouse else None,
                 "inbox_min_age_s": args.min_age}  # fmt: skip
    settings = Settings.from_env(**overrides)
    if not Path(settings.inbox).is_dir():
        print(f"unwh watch: no inbox folder at {settings.inbox}", file=sys.stderr)
        return EXIT_USAGE

    def stop(signum, frame):  # SIGTERM ends the loop like Ctrl-C: flush what was emitted, exit 0
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    announced = 0
    try:
        announced = watch(settings, once=args.once, interval_s=args.interval,
                          log=lambda line: print(line, flush=True))  # fmt: skip
    except KeyboardInterrupt:
        pass
    finally:
        flush_events()
    if args.once:
        print(f"{announced} document(s) announced from {settings.inbox}")
    return EXIT_OK


def cmd_deploy(args: argparse.Namespace) -> int:
    """Idempotent: the process pool and the writer limit are created when missing, then every
    deployment of prefect.yaml is (re)applied."""
    if not _server_url("deploy"):
        return EXIT_USAGE
    from contextlib import suppress

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    from flows.writer_slot import WRITER_LIMIT, ensure_writer_limit

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(args.pool)
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            with suppress(ObjectAlreadyExists):  # a worker started with --type process may create it too
                client.create_work_pool(WorkPoolCreate(name=args.pool, type="process", base_job_template=template))
                print(f"created process work pool {args.pool}")
    ensure_writer_limit()
    print(f"global concurrency limit {WRITER_LIMIT}: 1 slot")
    return _deploy_all(args.pool)


def _deploy_all(pool: str) -> int:
    """`prefect deploy --all` of prefect.yaml. To another pool than the file names, through a copy
    of the file with that pool: Prefect ignores `--pool` when it deploys several deployments."""
    import subprocess
    import tempfile

    import yaml

    command = [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"]
    if pool == WORK_POOL:
        return subprocess.run(command, cwd=PROJECT_DIR, check=False).returncode
    config = yaml.safe_load((PROJECT_DIR / "prefect.yaml").read_text(encoding="utf-8"))
    for deployment in config["deployments"]:
        deployment["work_pool"] = {**(deployment.get("work_pool") or {}), "name": pool}
    with tempfile.NamedTemporaryFile("w", dir=PROJECT_DIR, prefix=".unwh-deploy-", suffix=".yaml",
                                     encoding="utf-8") as copy:  # fmt: skip
        yaml.safe_dump(config, copy, allow_unicode=True, sort_keys=False)
        copy.flush()
        print(f"deploying prefect.yaml to the work pool {pool}")
        return subprocess.run([*command, "--prefect-file", copy.name], cwd=PROJECT_DIR, check=False).returncode


def _pid_file(args: argparse.Namespace) -> Path:
    from prefect.settings import PREFECT_HOME

    return Path(args.pid_file) if args.pid_file else Path(PREFECT_HOME.value()) / "worker.pid"


def _running_worker(pid_file: Path) -> int | None:
    """The PID in the pid file if that process is alive and is a Prefect worker (not a reused PID)."""
    try:
        pid = int(pid_file.read_text().split()[0])
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return None
    state = stat.rsplit(")", 1)[-1].split()[0]
    return pid if state not in ("Z", "X") and b"worker" in cmdline else None


def _stop_worker(pid_file: Path, wait_s: float = 60.0) -> int:
    """SIGTERM to the worker of the pid file, then wait for it to exit."""
    import signal
    import time

    pid = _running_worker(pid_file)
    if pid is None:
        print(f"unwh worker --stop: no worker running (pid file {pid_file})")
        pid_file.unlink(missing_ok=True)
        return EXIT_OK
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while _running_worker(pid_file) == pid:
        if time.monotonic() > deadline:
            print(f"unwh worker --stop: worker PID {pid} still running after {wait_s:g} s", file=sys.stderr)
            return EXIT_QUARANTINED
        time.sleep(0.2)
    pid_file.unlink(missing_ok=True)
    print(f"worker PID {pid} stopped")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    """A process worker for the pool under a supervisor (flows/worker.py) whose PID is in the pid
    file: one SIGTERM or SIGINT stops it, from a terminal or in the background, hands the runs it
    had back to the pool and exits 0; `unwh worker --stop` sends that SIGTERM and waits."""
    if args.stop:
        return _stop_worker(_pid_file(args))
    if not _server_url("worker"):
        return EXIT_USAGE
    from flows.worker import supervise

    pid_file = _pid_file(args)
    running = _running_worker(pid_file)
    if running:
        print(f"unwh worker: a worker already runs with PID {running} ({pid_file}); `unwh worker --stop` stops it, "
              "or give another --pid-file", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{os.getpid()}\n")
    env = dict(os.environ)
    env.setdefault("UNWH_PROJECT_DIR", str(PROJECT_DIR))  # prefect.yaml's pull step enters it
    try:
        return supervise(args.pool, env)
    finally:
        if _running_worker(pid_file) in (None, os.getpid()):
            pid_file.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"ingest": cmd_ingest, "quality": cmd_quality, "watch": cmd_watch, "deploy": cmd_deploy,
                "worker": cmd_worker, "search": cmd_search, "export": cmd_export, "labels": cmd_labels}  # fmt: skip
    return commands[args.command](args) if args.command in commands else EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
