"""``overview.html`` in the Data Docs folder: one static page, without JavaScript or anything
fetched from elsewhere, that lists every document of the warehouse with the outcome of its
latest audit, suite by suite, and links to the Great Expectations pages that render offline
(validation results, suites).

The Data Docs ``index.html`` fills its lists with JavaScript loaded from public CDNs: on a
machine without internet access it shows only its headings. This page is the way in there."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from expectations.runner import SUITES, DocsSite, SuiteRun, read_docs_site, suite_module

OVERVIEW = "overview.html"
NO_AUDIT = "not audited"

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 1.5rem 2rem; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.passed { color: #17692f; } .warnings { color: #8a5a00; } .failed, .quarantined { color: #b00020; font-weight: bold; }
.muted, .not-run { color: #777; }
section.document { border-top: 2px solid #ddd; margin-top: 1.5rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.15rem 1rem; }
dt { font-weight: bold; } dd { margin: 0; }
code { font-size: 0.9em; }
"""


def write_overview(data_docs_dir: Path, documents: pd.DataFrame) -> Path:
    """(Re)write ``overview.html`` in ``data_docs_dir`` from the warehouse's documents
    (``load.reports.document_statuses``) and the audits stored beside the Data Docs; return its
    path. The file is replaced in one step: a reader never sees half a page."""
    site = read_docs_site(Path(data_docs_dir))
    page = site.directory / OVERVIEW
    text = render_overview(site, documents, generated=datetime.now(UTC))
    handle, partial = tempfile.mkstemp(prefix=f".{OVERVIEW}.", suffix=".part", dir=site.directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(partial, 0o644)  # mkstemp makes it private; the page is for everyone who reads the folder
        os.replace(partial, page)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return page


def audit_outcome(runs: Sequence[SuiteRun]) -> str:
    """``failed`` when a suite failed, ``warnings`` when only soft checks failed, ``passed``, or
    ``not audited`` when no audit of the document is stored."""
    if not runs:
        return NO_AUDIT
    outcomes = {run.outcome for run in runs}
    for worst in ("failed", "warnings"):
        if worst in outcomes:
            return worst
    return "passed"


def render_overview(site: DocsSite, documents: pd.DataFrame, *, generated: datetime) -> str:
    """The page as text (see the module docstring). ``documents`` has the columns of
    ``load.reports.document_statuses``."""
    rows = [_record(row) for row in documents.to_dict("records")]
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in ("loaded", "quarantined")}
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Audit overview — UN Reports Warehouse</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>Audit overview</h1>",
        f'<p class="muted">{len(rows)} documents in the warehouse: {counts["loaded"]} loaded, '
        f"{counts['quarantined']} quarantined. Written {escape(_when(generated))} from the warehouse and the "
        "Great Expectations validation results stored beside it; this page needs no network. "
        f'The Data Docs <a href="index.html">index</a> needs JavaScript from the internet to list anything; '
        "the suite and validation pages linked below do not. Details of the open issues: "
        "<code>unwh quality DOCUMENT</code>.</p>",
        '<p class="muted">A suite <span class="passed">passed</span> when every expectation held; '
        '<span class="warnings">warnings</span>: only soft checks failed (the document still loads); '
        '<span class="failed">failed</span>: a check failed, and the audited version was quarantined. '
        "Each suite validates one table's staged rows; a suite with no rows to check is not run.</p>",
        '<table class="documents">',
        "<thead><tr><th>document</th><th>file</th><th>status</th><th>latest audit</th>"
        "<th>open issues</th></tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        out.append(_summary_row(row, site.audits.get(row["prefix"], [])))
    out += ["</tbody>", "</table>"]
    if not rows:
        out.append('<p class="muted">The warehouse holds no documents yet.</p>')
    for row in rows:
        out += _document_section(row, site.audits.get(row["prefix"], []), site)
    out += _suites_section(site)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """A documents row with plain Python values (no NaN/NA) and its anchor."""
    clean = {k: (None if _missing(v) else v) for k, v in row.items()}
    document_id = str(clean["document_id"])
    clean["prefix"] = document_id[:12]
    clean["anchor"] = f"doc-{document_id[:12]}"
    clean["errors"] = int(clean.get("errors") or 0)
    clean["warnings"] = int(clean.get("warnings") or 0)
    return clean


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value)))


def _summary_row(row: dict[str, object], runs: list[SuiteRun]) -> str:
    outcome = audit_outcome(runs)
    passed = sum(1 for run in runs if run.outcome == "passed")
    if outcome == "passed":
        audit = f"passed ({len(runs)} suites)"
    else:
        audit = f"{outcome}: {passed} of {len(runs)} suites passed" if runs else NO_AUDIT
    return (
        f'<tr data-document-id="{_attr(row["document_id"])}" data-status="{_attr(row["status"])}" '
        f'data-audit="{_attr(outcome)}">'
        f'<td><a href="#{_attr(row["anchor"])}">{_text(row["symbol"] or "(no symbol)")}</a><br>'
        f"<code>{_text(row['prefix'])}</code></td>"
        f"<td>{_text(row['file'])}</td>"
        f'<td class="{_attr(row["status"])}">{_text(row["status"])}</td>'
        f'<td class="{_css(outcome)}">{_text(audit)}</td>'
        f'<td class="num">{_issues(row)}</td></tr>'
    )


def _document_section(row: dict[str, object], runs: list[SuiteRun], site: DocsSite) -> list[str]:
    outcome = audit_outcome(runs)
    out = [
        f'<section class="document" id="{_attr(row["anchor"])}" data-document-id="{_attr(row["document_id"])}" '
        f'data-status="{_attr(row["status"])}" data-audit="{_attr(outcome)}">',
        f"<h2>{_text(row['symbol'] or '(no symbol)')} <small>{_text(row['file'])}</small></h2>",
    ]
    if row.get("title"):
        out.append(f'<p lang="zh">{_text(row["title"])}</p>')
    facts = [
        ("document id", f"<code>{_text(row['document_id'])}</code>"),
        ("file", _text(row["file"])),
        ("status", f'<span class="{_attr(row["status"])}">{_text(row["status"])}</span>'),
    ]
    if row.get("status_reason"):
        facts.append(("reason", _text(row["status_reason"])))
    facts += [
        ("pipeline version", _text(row.get("pipeline_version"))),
        ("open issues", _issues(row)),
        ("latest audit", f'<span class="{_css(outcome)}">{_text(outcome)}</span>'
         + (f", {_text(_when(runs[0].run_time))}" if runs else "")),
    ]  # fmt: skip
    out.append("<dl>" + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts) + "</dl>")
    if row["status"] == "loaded" and outcome == "failed":
        out.append('<p class="failed">The latest audit failed: that version was quarantined and the '
                   "previously published version is kept.</p>")  # fmt: skip
    if not runs:
        out.append('<p class="muted">No audit of this document is stored: it was quarantined before its '
                   "rows could be audited (see the reason), or its audit results were deleted.</p>")  # fmt: skip
        out.append("</section>")
        return out
    by_suite = {run.suite: run for run in runs}
    out += [
        '<table class="suites">',
        "<thead><tr><th>suite</th><th>outcome</th><th>expectations passed / evaluated</th>"
        "<th>validation result</th></tr></thead>",
        "<tbody>",
    ]
    for suite in SUITES:
        run = by_suite.get(suite)
        name = _link(site.suite_pages.get(suite), suite)
        if run is None:
            out.append(
                f'<tr data-suite="{suite}" data-outcome="not run"><td>{name}</td>'
                '<td class="not-run">not run</td><td class="not-run">no staged rows</td><td></td></tr>'
            )
            continue
        result = _link(run.page, "validation result") if run.page else '<span class="muted">page not built</span>'
        out.append(
            f'<tr data-suite="{suite}" data-outcome="{_attr(run.outcome)}"><td>{name}</td>'
            f'<td class="{_css(run.outcome)}">{_text(run.outcome)}</td>'
            f'<td class="num">{run.passed} / {run.evaluated}</td><td>{result}</td></tr>'
        )
    out += ["</tbody>", "</table>", "</section>"]
    return out


def _suites_section(site: DocsSite) -> list[str]:
    out = ['<section id="suites">', "<h2>Suites</h2>", "<ul>"]
    for suite in SUITES:
        notes = (suite_module(suite).__doc__ or "").strip().splitlines()
        out.append(f"<li>{_link(site.suite_pages.get(suite), suite)}: {_text(notes[0] if notes else '')}</li>")
    out += ["</ul>", "</section>"]
    return out


def _issues(row: dict[str, object]) -> str:
    errors, warnings = row["errors"], row["warnings"]
    css = "failed" if errors else ("warnings" if warnings else "passed")
    return f'<span class="{css}">{errors} errors, {warnings} warnings</span>'


def _link(page: str | None, label: str) -> str:
    """A link to a page of the site (a relative path, each part URL-quoted), or the bare label."""
    if not page:
        return _text(label)
    href = "/".join(quote(part) for part in page.split("/"))
    return f'<a href="{_attr(href)}">{_text(label)}</a>'


def _when(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _css(outcome: str) -> str:
    return outcome.replace(" ", "-")


def _text(value: object) -> str:
    return escape("—" if value is None else str(value), quote=False)


def _attr(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)
