"""What a run did, per document, and how to print it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class DocumentOutcome:
    path: str
    status: str  # loaded | skipped | quarantined | failed (not fetched, or the warehouse was not writable)
    document_id: str | None = None
    symbol: str | None = None
    pages: int | None = None
    reason: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    rejected: int = 0  # rows of a loaded document the contract set aside (table rejected_rows)
    seconds: float = 0.0


@dataclass(slots=True)
class RunSummary:
    warehouse: str
    documents: list[DocumentOutcome] = field(default_factory=list)
    seconds: float = 0.0
    quality_report: str | None = None  # Data Docs index.html (its lists need JavaScript from the internet)
    quality_overview: str | None = None  # overview.html beside it: every document's audit, no JavaScript
    warnings: list[str] = field(default_factory=list)  # run-level: a misconfigured source (no inbox folder)

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def ok(self) -> bool:
        return self.count("quarantined") == 0 and self.count("failed") == 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def display_name(path: str) -> str:
    """A file by its name; a URL (a download that failed) in full, since its tail rarely says which."""
    return path if "://" in path else path.rsplit("/", 1)[-1]


def _short(text: str | None, width: int) -> str:
    text = text or "—"
    return text if len(text) <= width else text[: width - 1] + "…"


def outcome_note(doc: DocumentOutcome) -> str:
    """Why a document was not loaded, else its warnings and the rows the contract set aside."""
    if doc.reason:
        return doc.reason
    parts = [f"{doc.warnings} warnings" if doc.warnings else ""]
    if doc.rejected:
        parts.append(f"{doc.rejected} row{'s' if doc.rejected != 1 else ''} set aside (rejected_rows)")
    return ", ".join(p for p in parts if p)


def render_summary(summary: RunSummary) -> str:
    header = f"{'document':<34} {'symbol':<20} {'pages':>5} {'paras':>6} {'tables':>6} {'status':<12} note"
    lines = [header, "-" * len(header)]
    totals = {"pages": 0, "paragraphs": 0, "tables": 0}
    for doc in summary.documents:
        paras = doc.rows.get("paragraphs")
        tables = doc.rows.get("tables")
        totals["pages"] += doc.pages or 0
        totals["paragraphs"] += paras or 0
        totals["tables"] += tables or 0
        note = outcome_note(doc)
        name = display_name(doc.path)
        lines.append(
            f"{name if '://' in name else _short(name, 34):<34} {_short(doc.symbol, 20):<20} "
            f"{doc.pages if doc.pages is not None else '—':>5} {paras if paras is not None else '—':>6} "
            f"{tables if tables is not None else '—':>6} {doc.status:<12} {note}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'total: ' + str(len(summary.documents)) + ' documents':<55} {totals['pages']:>5} "
        f"{totals['paragraphs']:>6} {totals['tables']:>6} "
        f"loaded {summary.count('loaded')}, already loaded {summary.count('skipped')}, "
        f"quarantined {summary.count('quarantined')}"
        + (f", failed {summary.count('failed')}" if summary.count("failed") else "")
    )
    lines += [f"warning: {w}" for w in summary.warnings]
    lines.append(f"warehouse: {summary.warehouse}   elapsed: {summary.seconds:.1f} s")
    if summary.quality_overview:
        lines.append(f"audit overview: {summary.quality_overview}")
    if summary.quality_report:
        lines.append(f"data quality report: {summary.quality_report} (Data Docs; its index lists need internet)")
    return "\n".join(lines)


class RunFailed(Exception):
    """The data of a run's Failed state: documents were quarantined or not written. Carries the
    run's summary (``.summary``) and reads like it (``.documents``, ``.count()``, ``.ok``), so a
    caller of ``state.result(raise_on_failure=False)`` gets the summary either way. Prefect
    resolves a Failed state's data into an exception; a bare summary there is a TypeError."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message)
        self.summary = summary

    def __reduce__(self):  # pickled with the state's result: keep the summary
        return (type(self), (str(self), self.summary))

    def __getattr__(self, name: str):  # only called for what the exception itself lacks
        if name == "summary":
            raise AttributeError(name)
        return getattr(self.summary, name)


def summary_of(result: object) -> RunSummary | None:
    """The RunSummary of a flow's result: the value of a Completed run, the summary carried by a
    Failed one; None for anything else (a crash)."""
    if isinstance(result, RunSummary):
        return result
    if isinstance(result, RunFailed):
        return result.summary
    return None
