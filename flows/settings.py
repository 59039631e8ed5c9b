"""Run-time settings: the one place that reads environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.sandbox import Limits
from extract.settings import ExtractSettings
from transform.version import PIPELINE_VERSION

DEFAULT_WAREHOUSE = Path("warehouse") / "un_reports.duckdb"


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

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        warehouse = Path(env.get("UNWH_WAREHOUSE", str(DEFAULT_WAREHOUSE)))
        values: dict[str, object] = {
            "warehouse": warehouse,
            "inbox": Path(env.get("UNWH_INBOX", "inbox")),
            "quality_dir": Path(env.get("UNWH_QUALITY_DIR", str(warehouse.parent / "quality"))),
            "workers": max(1, int(_env_float("UNWH_WORKERS", 2))),
            "task_runner": env.get("UNWH_TASK_RUNNER", "threads"),
            "limits": Limits(
                timeout_s=_env_float("UNWH_EXTRACT_TIMEOUT", 600.0),
                memory_mb=int(_env_float("UNWH_EXTRACT_MEMORY_MB", 3072)),
            ),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values["task_runner"] not in ("threads", "dask"):
            raise ValueError(f"UNWH_TASK_RUNNER must be threads or dask, got {values['task_runner']!r}")
        return cls(**values)  # type: ignore[arg-type]
