"""Entry point of text extraction: one PDF -> Extraction (metadata, blocks, tables, figures, issues).

Owns the single pdfplumber pass over a document (each page read once and closed; ``read_pages``
reads a range of pages, so a long document's ranges can be read in parallel processes and
merged by ``finish_document``, the document-level steps), the checks that
turn bad input into the typed errors of extract.exceptions, and the wiring of the text modules:
weight (render modes and font descriptors), layout (chars -> lines), text_frame (headers/footers,
masthead, footnote zones), tables (another module: table fragments whose areas are removed from the
text), figures, blocks (reading order) and metadata.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pdfplumber

from extract.blocks import build_blocks
from extract.dedupe import dedupe_chars
from extract.exceptions import (
    CorruptStream,
    DamagedPdf,
    DamagedXref,
    EmptyFile,
    EncryptedPdf,
    ExtractError,
    NotAPdf,
    NoTextLayer,
    TruncatedPdf,
)
from extract.figures import detect_figures
from extract.geometry import read_geometry
from extract.layout import (
    Line,
    Rule,
    build_lines,
    count_visible,
    heading_faces,
    horizontal_rules,
    line_chars,
    mark_decorations,
    reading_frame,
    text_size,
)
from extract.metadata import extract_meta
from extract.models import BBox, Extraction, ExtractionIssue, Figure, Table, TableFragment
from extract.settings import ExtractSettings
from extract.table_settings import TableSettings
from extract.text_frame import PageText, measure
from extract.text_regions import table_regions
from extract.weight import read_weights

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# how far from the end of the file the %%EOF marker of a complete PDF must be
EOF_WINDOW = 4096


def _check_file(path: Path) -> None:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError(f"cannot read file: {exc}", path=name) from exc
    if size == 0:
        raise EmptyFile("the file is empty (0 bytes)", path=name)
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - EOF_WINDOW))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise NotAPdf(f"not a PDF: no %PDF header (the file starts with {head[:16]!r})", path=name)
    if b"%%EOF" not in tail:
        raise TruncatedPdf("the file ends without %%EOF: it is truncated", path=name)


_OBJECT_AT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_XREF_SAMPLE = 200  # object offsets checked: enough to tell a damaged table, bounded on big files


def _xref_damage(path: Path, pdf) -> str | None:
    """How the cross-reference table is damaged (its offsets do not point at the objects they
    name), or None when the sampled offsets are right (or pdfminer rebuilt the table itself)."""
    entries = [(objid, pos) for xref in getattr(pdf.doc, "xrefs", [])
               for objid, (stream, pos, _gen) in getattr(xref, "offsets", {}).items() if stream is None]  # fmt: skip
    if not entries:
        return None
    step = max(1, len(entries) // _XREF_SAMPLE)
    sample = entries[::step][:_XREF_SAMPLE]
    bad = 0
    with path.open("rb") as fh:
        for objid, pos in sample:
            fh.seek(pos)
            match = _OBJECT_AT.match(fh.read(40))
            bad += not (match and int(match.group(1)) == objid)
    if not bad:
        return None
    return f"{bad} of {len(sample)} object offsets checked do not point at their objects"


def _stream_reason(exc: BaseException) -> str:
    return f"the page's content cannot be decoded (a damaged stream?): {type(exc).__name__}: {exc}"


def _tables_api():
    """extract.tables' functions, or None while that module is missing."""
    try:
        from extract import tables
    except ImportError:
        return None
    fn_page = getattr(tables, "extract_page_tables", None)
    fn_stitch = getattr(tables, "stitch_tables", None)
    if fn_page is None or fn_stitch is None:
        return None
    return fn_page, fn_stitch


def _is_encryption_error(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        name = type(exc).__name__
        text = str(exc).lower()
        if "password" in name.lower() or "encrypt" in name.lower() or "password" in text or "encrypt" in text:
            return True
        for arg in getattr(exc, "args", ()):
            if isinstance(arg, BaseException) and _is_encryption_error(arg):
                return True
        cause = exc.__cause__ or exc.__context__
        if cause is None:
            return False
        exc = cause
        seen += 1
    return False


def _graphics(page) -> list[BBox]:
    out: list[BBox] = []
    for kind in ("lines", "rects", "curves", "images"):
        for o in getattr(page, kind):
            out.append((o["x0"], o["top"], o["x1"], o["bottom"]))
    return out


@dataclass(slots=True)
class PagesRead:
    """What the pass over a run of pages found, page by page: the input of the document-level
    steps (``finish_document``). Picklable, so page ranges can be read in other processes."""

    first: int  # 1-based number of the first page read
    page_count: int  # pages in the whole document
    pages: list[PageText] = field(default_factory=list)
    fragments: list[TableFragment] = field(default_factory=list)
    graphics: dict[int, list[BBox]] = field(default_factory=dict)
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)  # page -> (printed chars, chars in fragments)
    issues: list[ExtractionIssue] = field(default_factory=list)
    n_chars: int = 0
    tables_available: bool = True  # extract.tables was there and implemented for every page read

    def pieces(self, pages: int) -> list[PagesRead]:
        """The same pages as runs of at most ``pages`` pages (to send a long range in small
        messages: the receiver never holds a whole range's bytes at once). Nothing is shared
        between pages, so each piece stands alone."""
        out = []
        for start in range(0, len(self.pages), max(1, pages)):
            run = self.pages[start : start + pages]
            numbers = {p.number for p in run}
            out.append(
                PagesRead(
                    first=run[0].number,
                    page_count=self.page_count,
                    pages=run,
                    fragments=[f for f in self.fragments if f.page in numbers],
                    graphics={n: g for n, g in self.graphics.items() if n in numbers},
                    counts={n: c for n, c in self.counts.items() if n in numbers},
                    issues=[i for i in self.issues if i.page in numbers] if start else
                           [i for i in self.issues if i.page in numbers or i.page is None],
                    n_chars=0,
                    tables_available=self.tables_available,
                )
            )  # fmt: skip
        if out:
            out[0].n_chars = self.n_chars
        return out


def _open(path: Path):
    """The opened PDF and its pages; the typed error when it cannot be read."""
    name = str(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        if _is_encryption_error(exc):
            raise EncryptedPdf("the PDF is encrypted (a password is needed)", path=name) from exc
        # the file ends with %%EOF (_check_file): whole, but its structure cannot be parsed
        raise DamagedPdf(f"the PDF cannot be parsed: {type(exc).__name__}: {exc}", path=name) from exc
    try:
        page_list = pdf.pages
    except Exception as exc:
        pdf.close()
        if _is_encryption_error(exc):
            raise EncryptedPdf("the PDF is encrypted (a password is needed)", path=name) from exc
        raise DamagedPdf(f"the page tree cannot be read: {exc}", path=name) from exc
    if not page_list:
        damage = _xref_damage(path, pdf)
        pdf.close()
        if damage:
            raise DamagedXref(f"no pages found: the cross-reference table is damaged ({damage})", path=name)
        raise DamagedPdf("no pages found: the page tree is empty or unreachable", path=name)
    return pdf, page_list


def page_count(path: str | Path) -> int:
    """The number of pages of a PDF (the file checked and opened as ``extract_document`` does)."""
    path = Path(path)
    _check_file(path)
    pdf, page_list = _open(path)
    with pdf:
        return len(page_list)


def read_pages(
    path: str | Path,
    settings: ExtractSettings = ExtractSettings(),  # noqa: B008
    first: int = 1,
    last: int | None = None,
) -> PagesRead:
    """The page-local pass over pages ``first``..``last`` (1-based, inclusive; None: to the end):
    each page parsed once, its tables, lines, rules and graphics read, and the page closed."""
    return read_runs(path, settings, [(first, last)])[0]


def read_runs(
    path: str | Path,
    settings: ExtractSettings,
    runs: Sequence[tuple[int, int | None]],
) -> list[PagesRead]:
    """``read_pages`` over each run of pages (first, last), the file opened once for all of them
    (a second pass over a long document's scattered pages would otherwise parse its page tree
    once per run)."""
    path = Path(path)
    name = str(path)
    _check_file(path)
    api = _tables_api()
    pdf, page_list = _open(path)
    out = []
    with pdf:
        for first, last in runs:
            read = PagesRead(first=first, page_count=len(page_list), tables_available=api is not None)
            stop = len(page_list) if last is None else min(last, len(page_list))
            for number in range(first, stop + 1):
                page = page_list[number - 1]
                try:
                    api = _read_page(page, number, name, api, settings, read)
                except (ExtractError, MemoryError):
                    raise
                except Exception as exc:
                    if _is_encryption_error(exc):
                        raise EncryptedPdf("the PDF is encrypted (a password is needed)", path=name) from exc
                    raise CorruptStream(_stream_reason(exc), path=name, page=number) from exc
                finally:
                    page.close()
            read.tables_available = read.tables_available and api is not None
            out.append(read)
    return out


def _read_page(page, number: int, name: str, api, settings: ExtractSettings, read: PagesRead):
    """Read one page into ``read``; returns the tables API still usable (None once it says it is
    not implemented)."""
    bold_fonts = read_weights(page)  # before anything reads the page's characters
    chars = page.chars
    bold_fonts |= heading_faces(chars)  # 黑体 headings over a body in another face
    read.n_chars += sum(1 for c in chars if not c["text"].isspace())
    page_frags: list[TableFragment] = []
    # the page's rules and fills, read once for the tables and the text
    geometry = read_geometry(page, settings=settings.tables)
    deduped = dedupe_chars(chars)  # glyphs printed twice read once: for the tables and their check
    if api is not None:
        try:
            page_frags = list(api[0](page, number, settings.tables, geometry, deduped))
        except NotImplementedError:
            api = None
        except (ExtractError, MemoryError):
            raise
        except Exception as exc:  # a table bug must not lose the text
            read.issues.append(
                ExtractionIssue(
                    "table_extraction_failed",
                    "warning",
                    f"{name}, page {number}: {type(exc).__name__}: {exc}",
                    page=number,
                )
            )
    # a one-column box without a caption (a shaded heading, a highlighted note) is text
    page_frags = [f for f in page_frags if not _text_box(f)]
    read.issues.extend(_unread_in_tables(name, number, deduped, page_frags, settings))
    read.fragments.extend(page_frags)
    # pdfplumber folds /Rotate into the coordinates: the page as shown is turned
    shown = (page.height, page.width) if (page.rotation or 0) % 180 else (page.width, page.height)
    text_chars, width, height, turn = reading_frame(chars, float(shown[0]), float(shown[1]))
    boxes = [a for f in page_frags for a in _areas(f)]
    in_cells = sum(1 for c in chars if not c["text"].isspace() and _centre_in(c, boxes))
    read.counts[number] = (count_visible(chars, settings.text), in_cells if not turn else 0)
    if turn:
        # text read in its own direction: the page's graphics and links are in another
        # frame, so the text stands alone (no rules, tables or figures on this page)
        lines = build_lines(text_chars, number, settings=settings.text, bold_fonts=bold_fonts)
        rules: list[Rule] = []
        shading: list[BBox] = []
        links, page_frags, turned_regions = [], [], []
    else:
        lines = build_lines(text_chars, number, exclude=boxes, settings=settings.text, bold_fonts=bold_fonts)
        links = [(h["uri"], (h["x0"], h["top"], h["x1"], h["bottom"])) for h in page.hyperlinks if h.get("uri")]
        # underlines and shading behind lines are type, not rules or drawings
        rules, shading = mark_decorations(
            lines, horizontal_rules(geometry, text_size(lines), settings.text), list(geometry.fills), settings.text
        )
        turned_regions = [("table", a) for f in page_frags for a in _areas(f)]
    read.pages.append(
        PageText(number=number, width=width, height=height, lines=lines, rules=rules, links=links,
                 regions=turned_regions)
    )  # fmt: skip
    read.graphics[number] = [] if turn else [g for g in _graphics(page) if g not in shading]
    return api


def extract_document(path: str | Path, settings: ExtractSettings = ExtractSettings()) -> Extraction:  # noqa: B008
    """Read one PDF and return its metadata, reading-order blocks, tables and figures."""
    return extract_with(
        path,
        settings,
        lambda current: [read_pages(path, current)],
        lambda current, runs: [read_pages(path, current, first, last) for first, last in runs],
    )


Reader = Callable[[ExtractSettings], list[PagesRead]]
# reads the given runs of pages (1-based, inclusive), exactly those
RunsReader = Callable[[ExtractSettings, list[tuple[int, int]]], list[PagesRead]]


def extract_with(
    path: str | Path, settings: ExtractSettings, read: Reader, reread: RunsReader | None = None
) -> Extraction:
    """The document from the page ranges ``read(settings)`` gives (one pass, or ranges read in
    parallel), finished by ``finish_document``.

    Tables are read between the running header and footer. Where the running lines the text side
    finds (by repetition across pages) stand further inside the page than the table settings'
    margin band, the pages are read once more with the tables confined to the body they leave:
    with ``reread``, only the pages whose tables that can change (``_confined_pages``), the others
    kept as first read (the first pass stays in memory meanwhile); else all of them."""
    parts = read(settings)
    kept = [_pristine(r) for r in parts] if reread is not None else []
    extraction, span = _finish(path, parts, settings)
    del parts  # a whole second read must not find the first one still held (a long document's memory)
    tables = settings.tables
    if tables.body_top is None and tables.body_bottom is None:
        confined = replace(tables, body_top=span[0], body_bottom=span[1])
        if confined.body_span(1.0) != tables.body_span(1.0):
            again = replace(settings, tables=confined)
            if reread is None:
                extraction, _ = _finish(path, read(again), again)
                return extraction
            pages = _confined_pages(kept, tables, confined)
            fresh = reread(again, _runs(pages)) if pages else []
            extraction, _ = _finish(path, _merged(kept, fresh), again)
    return extraction


def _pristine(read: PagesRead) -> PagesRead:
    """A copy of a pass's pages that ``_finish`` leaves as read (it trims page lines, adds regions
    and marks fragments continued on its own copies)."""
    return replace(
        read,
        pages=[replace(p, lines=list(p.lines), regions=list(p.regions)) for p in read.pages],
        fragments=[copy.copy(f) for f in read.fragments],
    )


def _confined_pages(parts: list[PagesRead], before: TableSettings, after: TableSettings) -> list[int]:
    """Pages whose tables can change when the tables are confined from ``before``'s body to
    ``after``'s: a table was read there, or a rule stands in the band that confining takes away
    (a table may start or end in it). A page with neither reads no table either way."""
    out: list[int] = []
    for r in parts:
        with_tables = {f.page for f in r.fragments}
        for p in r.pages:
            lo0, hi0 = before.body_span(p.height)
            lo1, hi1 = after.body_span(p.height)
            cut = any(lo0 <= rule.y < lo1 or hi1 < rule.y <= hi0 for rule in p.rules)
            if p.number in with_tables or cut:
                out.append(p.number)
    return out


def _runs(pages: list[int]) -> list[tuple[int, int]]:
    """Sorted page numbers as runs of consecutive pages (first, last)."""
    runs: list[tuple[int, int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _merged(kept: list[PagesRead], fresh: list[PagesRead]) -> list[PagesRead]:
    """Page by page: the fresh read where there is one, else the page as first read."""
    new = {p.number: piece for r in fresh for piece in r.pieces(1) for p in piece.pages}
    out: list[PagesRead] = []
    for r in kept:
        for piece in r.pieces(1):
            out.append(new.get(piece.pages[0].number, piece))
    if out:
        out[0].n_chars = sum(r.n_chars for r in kept)
        for piece in out[1:]:
            piece.n_chars = 0
    return out


def _running_span(
    pages: list[PageText], lines: dict[int, list[Line]], running: set[int]
) -> tuple[float | None, float | None]:
    """The body between the running lines, as shares of the page height: under the lowest running
    header and above the highest running footer, half an em clear of each (lines within a quarter
    of the page height from its edge only)."""
    top, bottom = 0.0, 1.0
    for p in pages:
        for ln in lines.get(p.number, []):
            if id(ln) not in running or p.height <= 0:
                continue
            if ln.bottom < 0.25 * p.height:
                top = max(top, (ln.bottom + 0.5 * ln.size) / p.height)
            elif ln.top > 0.75 * p.height:
                bottom = min(bottom, (ln.top - 0.5 * ln.size) / p.height)
    return (top if top > 0 else None), (bottom if bottom < 1 else None)


def finish_document(
    path: str | Path,
    parts: list[PagesRead],
    settings: ExtractSettings = ExtractSettings(),  # noqa: B008
) -> Extraction:
    """The document-level steps over the pages read (``parts``: runs of pages that together
    cover the document, in any order): running lines, footnote zones, figures, text regions,
    reading order, metadata, and the tables stitched across page breaks. The result is the
    same however the pages were split into parts."""
    return _finish(path, parts, settings)[0]


def _finish(
    path: str | Path, parts: list[PagesRead], settings: ExtractSettings
) -> tuple[Extraction, tuple[float | None, float | None]]:
    """``finish_document``, and the body between the running lines it found (``_running_span``)."""
    path = Path(path)
    name = str(path)
    parts = sorted(parts, key=lambda r: r.first)
    page_count = parts[0].page_count
    covered = [p.number for r in parts for p in r.pages]
    if covered != list(range(1, page_count + 1)):
        raise ValueError(f"{name}: the parts read cover pages {covered[:3]}…, not 1..{page_count} once each")
    issues: list[ExtractionIssue] = [i for r in parts for i in r.issues]
    fragments: list[TableFragment] = [f for r in parts for f in r.fragments]
    pages: list[PageText] = [p for r in parts for p in r.pages]
    graphics: dict[int, list[BBox]] = {n: g for r in parts for n, g in r.graphics.items()}
    counts: dict[int, tuple[int, int]] = {n: c for r in parts for n, c in r.counts.items()}
    n_chars = sum(r.n_chars for r in parts)
    tables_available = all(r.tables_available for r in parts)
    if n_chars < settings.min_text_chars:
        pdf, _ = _open(path)
        with pdf:
            damage = _xref_damage(path, pdf)
        if damage:
            raise DamagedXref(f"{n_chars} characters on {page_count} page(s): the cross-reference table is damaged "
                              f"({damage})", path=name)  # fmt: skip
        raise NoTextLayer(f"no text layer: {n_chars} characters on {page_count} page(s) (scanned images?)", path=name)
    frame = measure(pages, band=settings.tables.margin_band, settings=settings.text)
    text_width = max(frame.right - frame.body_left, 100.0)
    skip = set(frame.running) | {id(ln) for ln in frame.masthead + frame.front + frame.title}
    figures: list[Figure] = []
    lines_before = {p.number: list(p.lines) for p in pages}
    for p in pages:
        foot_ids = {id(ln) for ln in frame.footnote_lines.get(p.number, [])}
        tables_boxes = [bb for kind, bb in p.regions if kind == "table"]
        free = [ln for ln in p.lines if not _inside_any(ln, tables_boxes) and id(ln) not in skip]
        fig_boxes: list[BBox] = []
        for fig, box in detect_figures(free, graphics.get(p.number, []), p.number, frame.body_size, settings.text):
            figures.append(fig)
            fig_boxes.append(box)
            p.regions.append(("figure", box))
        # table areas: extract.tables' fragments, plus any ruled small-print block outside figures
        rest = [ln for ln in p.lines if not _inside_any(ln, fig_boxes)]
        rules = [
            r
            for r in p.rules
            if not any(b[1] - 1 <= r.y <= b[3] + 1 and b[0] - 1 <= r.x0 <= b[2] + 1 for b in fig_boxes)
        ]
        # with extract.tables, its fragments are the table areas: a ruled small-print block it did not
        # read as a table stays text (nothing is dropped unread); without it, such blocks are taken out
        if not tables_available:
            for box in table_regions(
                rest, rules, frame.body_size, text_width, skip, foot_ids, settings.text, body_bold=frame.body_style[1]
            ):
                p.regions.append(("table", box))
        boxes = [bb for _, bb in p.regions]
        if boxes:
            p.lines = [ln for ln in p.lines if not _inside_any(ln, boxes) or id(ln) in foot_ids]
        # characters that reached text blocks, page furniture or figures
        reached = {id(ln) for ln in p.lines} | {id(ln) for ln in free if _inside_any(ln, fig_boxes)}
        page_lines = [ln for ln in lines_before[p.number] if id(ln) in reached or id(ln) in skip]
        issue = _lost_text(name, p.number, counts.get(p.number), sum(line_chars(ln) for ln in page_lines), settings)
        if issue is not None:
            issues.append(issue)
    blocks = build_blocks(pages, frame, settings.text)
    meta = extract_meta(frame, page_count, [p.lines for p in pages])
    tables: list[Table] = []
    api = _tables_api() if tables_available else None
    if api is not None:
        try:
            tables = list(api[1](fragments))
        except NotImplementedError:
            tables = []
        except Exception as exc:
            issues.append(ExtractionIssue("table_stitch_failed", "warning", f"{name}: {type(exc).__name__}: {exc}"))
    else:
        issues.append(
            ExtractionIssue(
                "tables_unavailable",
                "warning",
                f"{name}: extract.tables is not available; table areas were only removed from the text",
            )
        )
    span = _running_span(pages, lines_before, frame.running)
    return Extraction(meta=meta, blocks=blocks, tables=tables, figures=figures, issues=issues), span


def _inside_any(ln: Line, boxes: list[BBox]) -> bool:
    cx = (ln.x0 + ln.x1) / 2
    cy = (ln.top + ln.bottom) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _centre_in(c: dict, boxes: list[BBox]) -> bool:
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _lost_text(
    name: str, page: int, counts: tuple[int, int] | None, reached: int, settings: ExtractSettings
) -> ExtractionIssue | None:
    """A warning when more than a few percent of a page's printed characters reached no text block,
    table cell, figure or page furniture (rotated text, text in an area no extractor read)."""
    if counts is None:
        return None
    total, in_cells = counts
    lost = total - in_cells - reached
    if total == 0 or lost < settings.text.lost_min or lost <= settings.text.lost_share * total:
        return None
    return ExtractionIssue(
        "page_text_lost",
        "warning",
        f"{name}, page {page}: {lost} of {total} printed characters ({lost / total:.0%}) reached no paragraph, "
        "table cell, figure or page furniture (rotated text or an area no extractor read)",
        page=page,
    )


def _areas(f: TableFragment) -> list[BBox]:
    return f.areas or [f.bbox]


def _fragment_chars(f: TableFragment) -> int:
    """The printed characters a table fragment holds: caption parts, header, cells and notes."""
    parts = [f.number or "", f.part or "", f.title or "", f.unit or "", *f.notes]
    parts += [c.text for row in f.header for c in row]
    parts += [cell for r in f.rows for cell in r.cells]
    return sum(1 for t in parts for ch in t if not ch.isspace())


def _unread_in_tables(
    name: str, page: int, deduped: list[dict], frags: list[TableFragment], settings: ExtractSettings
) -> list[ExtractionIssue]:
    """A warning per table whose area holds printed characters that reached none of its cells,
    header, caption or notes: the text stream leaves a table's area to the table, so they would be
    lost unseen. Each character counts for the smallest table box around it; a caption's own word
    ("表", "Table") is not stored and is allowed for. ``deduped``: the page's glyphs, those printed
    twice at one place read once (``extract.dedupe.dedupe_chars``)."""
    boxes = sorted(enumerate(frags), key=lambda kf: (kf[1].bbox[2] - kf[1].bbox[0]) * (kf[1].bbox[3] - kf[1].bbox[1]))
    held = [0] * len(frags)
    for c in deduped:
        if c["text"].isspace():
            continue
        k = next((k for k, f in boxes if _centre_in(c, _areas(f))), None)
        if k is not None:
            held[k] += 1
    out = []
    for k, f in enumerate(frags):
        allowed = settings.text.lost_min + (settings.text.caption_word_max if f.number is not None else 0)
        unread = held[k] - _fragment_chars(f)
        if unread > allowed:
            what = f"table {f.number}" if f.number else f"the table at y={f.bbox[1]:.0f} pt"
            out.append(
                ExtractionIssue(
                    "table_text_unread",
                    "warning",
                    f"{name}, page {page}: {unread} of {held[k]} printed characters in the area of {what} "
                    "reached none of its cells, header, caption or notes",
                    page=page,
                )
            )
    return out


def _text_box(fragment: TableFragment) -> bool:
    """A table fragment of one column with no caption that continues no table: a box drawn
    around text (shading, a frame), which belongs to the text stream."""
    return fragment.n_cols <= 1 and fragment.number is None and not fragment.continued
