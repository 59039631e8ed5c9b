"""Run-time settings: the one place that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.sandbox import Limits
from extract.settings import ExtractSettings
from transform.version import PIPELINE_VERSION

DEFAULT_WAREHOUSE = Path("warehouse") / "un_reports.duckdb"
# Share of the rows a row-level (plausibility) contract check may reject or demote: measured over
# the rows of one table for frames of a table (cells, budget lines, posts ...), else over the
# document's rows of that frame (its paragraphs, mandates ...). Beyond it (and beyond one row) the
# rows are not odd ones but a misreading: the check escalates to an error of the table or document.
MAX_REJECTED_SHARE = 0.05


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True, slots=True)
class Settings:
    warehouse: Path = DEFAULT_WAREHOUSE
    inbox: Path = Path("inbox")
    quality_dir: Path = Path("warehouse") / "quality"
    workers: int = 2  # documents extracted at once (each in its own process)
    task_runner: str = "threads"  # threads | dask
    limits: Limits = field(default_factory=Limits)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    pipeline_version: str = PIPELINE_VERSION
    # sources and orchestration (flows/nightly.py, flows/on_arrival.py, flows/watch.py)
    downloads: Path = Path("inbox") / "downloads"  # where the HTTP source puts what it fetched
    url_list: str | None = None  # a text file or http(s) URL listing document URLs, one per line
    follow_symlinks: bool = False  # symlinks in an ingested folder that lead out of it are followed
    inbox_min_age_s: float = 2.0  # a file younger than this may still be being written
    retry_quarantined: bool = False  # automatic runs re-try documents this version quarantined
    watch_interval_s: float = 10.0  # seconds between two looks at the inbox (`unwh watch`)
    http_timeout_s: float = 30.0  # per connect / read
    http_max_mb: float = 200.0  # size cap of one download
    http_max_seconds: float = 900.0  # wall-clock limit of one download (a server that drips bytes)
    http_retries: int = 3  # extra attempts after a transient download failure
    cache_dir: Path = Path(".prefect") / "unwh-cache"  # persisted extraction results (task cache)
    writer_wait_s: float = 3600.0  # how long one load attempt waits for the warehouse writer slot
    server_startup_timeout_s: float = 120.0  # `unwh ingest`: wait for its temporary Prefect server
    writer_limit: str = "auto"  # on | off | auto: the Prefect writer limit, only with a persistent server
    max_rejected_share: float = MAX_REJECTED_SHARE  # see MAX_REJECTED_SHARE

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        warehouse = Path(env.get("UNWH_WAREHOUSE", str(DEFAULT_WAREHOUSE)))
        inbox = Path(env.get("UNWH_INBOX", "inbox"))
        prefect_home = Path(env.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
        values: dict[str, object] = {
            "warehouse": warehouse,
            "inbox": inbox,
            "workers": max(1, int(_env_float("UNWH_WORKERS", 2))),
            "task_runner": env.get("UNWH_TASK_RUNNER", "threads"),
            "limits": Limits(
                timeout_s=_env_float("UNWH_EXTRACT_TIMEOUT", 600.0),
                memory_mb=int(_env_float("UNWH_EXTRACT_MEMORY_MB", 3072)),
                page_workers=max(1, int(_env_float("UNWH_WORKERS", 2))),  # a long document's page ranges at once
            ),
            "url_list": env.get("UNWH_URL_LIST") or None,
            "follow_symlinks": _env_bool("UNWH_FOLLOW_SYMLINKS", False),
            "inbox_min_age_s": _env_float("UNWH_INBOX_MIN_AGE", 2.0),
            "retry_quarantined": _env_bool("UNWH_RETRY_QUARANTINED", False),
            "watch_interval_s": _env_float("UNWH_WATCH_INTERVAL", 10.0),
            "http_timeout_s": _env_float("UNWH_HTTP_TIMEOUT", 30.0),
            "http_max_mb": _env_float("UNWH_HTTP_MAX_MB", 200.0),
            "http_max_seconds": _env_float("UNWH_HTTP_MAX_SECONDS", 900.0),
            "http_retries": int(_env_float("UNWH_HTTP_RETRIES", 3)),
            "cache_dir": Path(env.get("UNWH_CACHE_DIR") or prefect_home / "unwh-cache"),
            "writer_wait_s": _env_float("UNWH_WRITER_WAIT", 3600.0),
            "server_startup_timeout_s": _env_float("UNWH_SERVER_STARTUP_TIMEOUT", 120.0),
            "writer_limit": env.get("UNWH_WRITER_LIMIT", "auto").strip().lower() or "auto",
            "max_rejected_share": _env_float("UNWH_MAX_REJECTED_SHARE", MAX_REJECTED_SHARE),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "quality_dir" not in values:  # beside the warehouse actually used, unless set
            quality = env.get("UNWH_QUALITY_DIR")
            values["quality_dir"] = Path(quality) if quality else Path(str(values["warehouse"])).parent / "quality"
        if "downloads" not in values:  # follows the inbox (also an overridden one) unless set
            values["downloads"] = Path(env.get("UNWH_DOWNLOADS") or Path(str(values["inbox"])) / "downloads")
        if values["task_runner"] not in ("threads", "dask"):
            raise ValueError(f"UNWH_TASK_RUNNER must be threads or dask, got {values['task_runner']!r}")
        if values["writer_limit"] not in ("auto", "on", "off"):
            raise ValueError(f"UNWH_WRITER_LIMIT must be auto, on or off, got {values['writer_limit']!r}")
        return cls(**values)  # type: ignore[arg-type]
