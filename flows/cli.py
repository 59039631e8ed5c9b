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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unwh", description="UN Reports Warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="ingest PDF files and folders into the warehouse")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="PDF files, folders (searched recursively) "
                        "or http(s):// URLs")  # fmt: skip
    ingest.add_argument("--warehouse", metavar="FILE", help="DuckDB file (default $UNWH_WAREHOUSE or "
                        "warehouse/un_reports.duckdb)")  # fmt: skip
    quality = sub.add_parser("quality", help="print the open quality issues per document")
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
    worker = sub.add_parser("worker", help="start a process worker for the deployments (needs PREFECT_API_URL)")
    worker.add_argument("--pool", default=WORK_POOL, help=f"process work pool (default {WORK_POOL})")
    return parser


def _quiet_prefect() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def cmd_ingest(args: argparse.Namespace) -> int:
    uri = ("http://", "https://", "file://")
    missing = [p for p in args.paths if not p.startswith(uri) and not os.path.lexists(p)]
    if missing:
        print(f"unwh ingest: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    _quiet_prefect()
    from flows.ingest import ingest
    from flows.server import ServerStartFailed, prefect_api
    from flows.settings import Settings
    from flows.summary import render_summary

    try:
        with prefect_api(Settings.from_env().server_startup_timeout_s):
            state = ingest(paths=list(args.paths), warehouse=args.warehouse, return_state=True)
    except ServerStartFailed as exc:
        print(f"unwh ingest: nothing was run: {exc}", file=sys.stderr)
        return EXIT_NO_SERVER
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        print(f"unwh ingest: the run failed: {summary}", file=sys.stderr)
        return EXIT_QUARANTINED
    print(render_summary(summary))
    return EXIT_OK if summary.ok else EXIT_QUARANTINED


def cmd_quality(args: argparse.Namespace) -> int:
    from expectations.overview import OVERVIEW
    from flows.settings import Settings
    from load.reports import open_issues, render_issues

    settings = Settings.from_env(warehouse=Path(args.warehouse) if args.warehouse else None)
    if not settings.warehouse.exists():
        print(f"unwh quality: no warehouse at {settings.warehouse}", file=sys.stderr)
        return EXIT_USAGE
    print(render_issues(open_issues(settings.warehouse, args.document)))
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
    import subprocess
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
    command = [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"]
    return subprocess.run(command, cwd=PROJECT_DIR, check=False).returncode


def cmd_worker(args: argparse.Namespace) -> int:
    """Become a process worker (exec): SIGTERM by PID stops it."""
    if not _server_url("worker"):
        return EXIT_USAGE
    env = dict(os.environ)
    env.setdefault("UNWH_PROJECT_DIR", str(PROJECT_DIR))  # prefect.yaml's pull step enters it
    command = [sys.executable, "-m", "prefect", "worker", "start", "--pool", args.pool, "--type", "process"]
    os.execve(sys.executable, command, env)
    return EXIT_OK  # not reached


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"ingest": cmd_ingest, "quality": cmd_quality, "watch": cmd_watch, "deploy": cmd_deploy,
                "worker": cmd_worker}  # fmt: skip
    return commands[args.command](args) if args.command in commands else EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
