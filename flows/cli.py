"""The `unwh` command line (DESIGN.md): exit 0 all loaded, 1 any quarantined, 2 usage error."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unwh", description="UN Reports Warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="ingest PDF files and folders into the warehouse")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders (searched recursively)")
    ingest.add_argument("--warehouse", metavar="FILE", help="DuckDB file (default $UNWH_WAREHOUSE or "
                        "warehouse/un_reports.duckdb)")  # fmt: skip
    quality = sub.add_parser("quality", help="print the open quality issues per document")
    quality.add_argument("document", nargs="?", help="document_id (prefix), symbol or file name")
    quality.add_argument("--warehouse", metavar="FILE")
    return parser


def _quiet_prefect() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def cmd_ingest(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"unwh ingest: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    _quiet_prefect()
    from flows.ingest import ingest
    from flows.summary import render_summary

    state = ingest(paths=list(args.paths), warehouse=args.warehouse, return_state=True)
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        print(f"unwh ingest: the run failed: {summary}", file=sys.stderr)
        return EXIT_QUARANTINED
    print(render_summary(summary))
    return EXIT_OK if summary.ok else EXIT_QUARANTINED


def cmd_quality(args: argparse.Namespace) -> int:
    from flows.settings import Settings
    from load.reports import open_issues, render_issues

    settings = Settings.from_env(warehouse=Path(args.warehouse) if args.warehouse else None)
    if not settings.warehouse.exists():
        print(f"unwh quality: no warehouse at {settings.warehouse}", file=sys.stderr)
        return EXIT_USAGE
    print(render_issues(open_issues(settings.warehouse, args.document)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ingest":
        return cmd_ingest(args)
    if args.command == "quality":
        return cmd_quality(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
