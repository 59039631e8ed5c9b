"""Typeset an answer key as an HTML page and print it to PDF with headless Chromium (the layout
matrix's second PDF producer, beside reportlab in typeset.py).

Chromium (Skia) writes PDFs unlike reportlab's: TrueType subsets with Identity-H encoding and a
ToUnicode map, text in many positioned runs, justified lines with stretched gaps, table borders
as filled rectangles, synthetic bold and italics for a font that has neither, page margin boxes
for the running lines. The house layout is a web-publishing one: paragraph numbers inline at the
start of the first line with a wide gap, list labels as the list's own markers (right-aligned in a
label column) or, when long, in a column of their own (a grid row), headings by size, colour, a rule under the
line and italics, notes collected at the end of each part with superscript markers, budget tables
fully gridded with a shaded header, other tables unruled with zebra rows, captions centred with
``表 N`` above the title: over a budget table, under an unruled (zebra) one.

``print_pdfs(keys, variant, out_dir)`` prints each answer key with one Chromium start per document.
``unavailable()`` says why Chromium cannot print here (None when it can).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.render.typeset import INLINE_HEAD, INLINE_LIST

# the CJK font the page asks for (Debian fonts-wqy-zenhei); .ci/run installs it with chromium
FONT_FAMILY = "WenQuanYi Zen Hei"
CHROMIUM = ("chromium", "chromium-browser")
LAUNCH = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
)
PRINT_TIMEOUT_S = 120  # one document; the largest key prints in a few seconds
# a cell that is a printed number or a dash: right-aligned in its column
NUMBER_CELL = re.compile(r"^[\s\d.,%()—–-]+$")


@dataclass(frozen=True)
class HtmlVariant:
    name: str
    producer: str = "chromium"
    body_pt: float = 10.0
    line_height: float = 1.55
    justify: bool = True
    zebra: bool = True  # tables without a number column are unruled with zebra rows
    # the numbered caption of an unruled (zebra) table is printed under it, after its last row
    caption_below: bool = True


HTML_VARIANTS = [HtmlVariant("chromium-html")]


def chromium() -> str | None:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return None


def _font_installed() -> bool:
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return FONT_FAMILY.lower() in out.lower()


def unavailable() -> str | None:
    """Why the Chromium variant cannot be printed on this machine (None when it can)."""
    if chromium() is None:
        return "headless Chromium is not installed (Debian package chromium)"
    if not _font_installed():
        return f"the CJK font {FONT_FAMILY!r} is not installed (Debian package fonts-wqy-zenhei)"
    return None


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


CSS = """
@page {{
  size: A4; margin: 24mm 21mm 22mm 21mm;
  font-family: "{font}"; font-size: 8.5pt;
  @bottom-center {{ content: counter(page); vertical-align: top; padding-top: 5mm; }}
}}
@page :left {{
  @top-left {{ content: "{symbol}"; vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.6pt solid #333; }}
  @bottom-left {{ content: "{job}"; vertical-align: top; padding-top: 5mm; }}
}}
@page :right {{
  @top-right {{ content: "{symbol}"; vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.6pt solid #333; }}
}}
html {{ font-family: "{font}"; font-size: {body}pt; line-height: {lh}; color: #111; }}
body {{ margin: 0; }}
p {{ margin: 0 0 0.55em 0; text-align: {align}; overflow-wrap: anywhere; }}
p.num .n {{ display: inline-block; min-width: 3em; margin-right: 1.2em; }}
h1, h2, h3, h4, .doc-title {{ font-weight: normal; margin: 1.1em 0 0.5em 0; break-after: avoid; line-height: 1.35; }}
.doc-title {{ font-size: 1.6em; font-weight: bold; text-align: center; margin: 0.4em 0 1em 0; }}
h1 {{ font-size: 1.3em; font-weight: bold; }}
h2 {{ font-size: 1.15em; color: #0b3d91; border-bottom: 0.8pt solid #0b3d91; padding-bottom: 0.15em; }}
h3 {{ font-size: 1.05em; color: #0b3d91; }}
h4 {{ font-size: 1em; font-style: italic; }}
h1 .lbl, h2 .lbl, h3 .lbl, h4 .lbl {{ display: block; }}
ol.items {{ margin: 0 0 0.55em 0; padding-left: 5.5em; }}
ol.items li {{ margin: 0 0 0.35em 0; padding-left: 1.2em; text-align: {align}; overflow-wrap: anywhere; }}
ol.items li.column {{ list-style: none; padding-left: 0; margin-left: -3.5em; display: grid;
  grid-template-columns: minmax(6em, max-content) 1fr; column-gap: 1.5em; }}
sup {{ font-size: 0.7em; vertical-align: 0.45em; line-height: 0; }}
a {{ color: inherit; text-decoration: none; }}
.notes {{ font-size: 0.85em; margin: 1.2em 0 1em 0; border-top: 0.6pt solid #333; padding-top: 0.4em; width: 100%; }}
.notes p {{ margin: 0 0 0.3em 0; text-align: left; }}
.notes p sup {{ margin-right: 0.4em; }}
figure.table {{ margin: 0.8em 0 1em 0; }}
.caption {{ text-align: center; font-weight: bold; margin: 0 0 0.3em 0; break-after: avoid; }}
.caption span {{ display: block; }}
.caption.below {{ margin: 0.4em 0 0 0; break-before: avoid; }}
.unit, .part {{ text-align: center; font-size: 0.85em; margin: 0 0 0.3em 0; break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.82em; line-height: 1.3; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th {{ font-weight: normal; text-align: center; vertical-align: bottom; padding: 0.25em 0.35em; }}
td {{ padding: 0.2em 0.35em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }}
td.n {{ text-align: right; white-space: nowrap; }}
table.grid th, table.grid td {{ border: 0.5pt solid #555; }}
table.grid th {{ background: #dfe6f0; }}
table.zebra th {{ background: #c9d6e8; }}
table.zebra tbody tr:nth-child(even) td {{ background: #eef2f7; }}
tr.total td, tr.subtotal td {{ font-weight: bold; }}
.tnote {{ font-size: 0.8em; margin: 0.3em 0 0 0; text-align: left; }}
"""


def _runs_with_links(text: str, links: list[str]) -> str:
    """The text, its stretches wrapped in one link each (one link annotation per URL)."""
    if not links:
        return _e(text)
    n = len(links)
    step = max(1, len(text) // n)
    parts = []
    for i, url in enumerate(links):
        chunk = text[i * step : (i + 1) * step if i < n - 1 else len(text)]
        parts.append(f'<a href="{_e(url)}">{_e(chunk)}</a>' if chunk else "")
    return "".join(parts)


def _refs(refs: list[str]) -> str:
    return "".join(f"<sup>{_e(r)}</sup>" for r in refs)


def _heading(block: dict) -> str:
    level = min(max(int(block.get("level") or 1), 1), 4)
    label = block.get("label")
    text = _e(block["text"])
    if label and INLINE_HEAD.match(label):
        sep = "" if label.endswith("、") else " "
        inner = f"{_e(label)}{sep}{text}"
    elif label:
        inner = f'<span class="lbl">{_e(label)}</span>{text}'
    else:
        inner = text
    return f"<h{level}>{inner}</h{level}>"


def _table(block: dict, variant: HtmlVariant) -> str:
    cols = max(1, int(block.get("columns") or 1))
    rows = block.get("rows") or []
    numeric = sum(1 for r in rows for c in r["cells"][1:] if str(c).strip() and NUMBER_CELL.match(str(c)))
    texty = sum(1 for r in rows for c in r["cells"][1:] if str(c).strip() and not NUMBER_CELL.match(str(c)))
    style = "zebra" if variant.zebra and texty > numeric else "grid"
    out = ['<figure class="table">']
    number, title = block.get("number"), block.get("title")
    caption = ""
    if number is not None or title:
        caption = f"<span>表 {_e(number)}</span>" if number is not None else ""
        caption += f"<span>{_e(title)}</span>" if title else ""
    below = variant.caption_below and style == "zebra" and number is not None
    if caption and not below:
        out.append(f'<div class="caption">{caption}</div>')
    for extra in ("part", "unit"):
        if block.get(extra):
            out.append(f'<div class="{extra}">{_e(block[extra])}</div>')
    out.append(f'<table class="{style}">')
    widths = [34.0] + [66.0 / (cols - 1)] * (cols - 1) if cols > 2 else [100.0 / cols] * cols
    out.append("<colgroup>" + "".join(f'<col style="width:{w:.2f}%">' for w in widths) + "</colgroup>")
    out.append("<thead>")
    for hr in block.get("header") or []:
        cells = []
        for cell in hr:
            span = ""
            if cell.get("colspan", 1) > 1:
                span += f' colspan="{cell["colspan"]}"'
            if cell.get("rowspan", 1) > 1:
                span += f' rowspan="{cell["rowspan"]}"'
            cells.append(f"<th{span}>{_e(cell['text']).replace(chr(10), '<br>')}</th>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead><tbody>")
    for row in rows:
        tds = []
        for i, cell in enumerate(row["cells"][:cols]):
            text = _e(cell).replace("\n", "<br>")
            if i == 0:
                pad = f' style="padding-left:{0.35 + 1.2 * int(row.get("indent") or 0):.2f}em"'
                tds.append(f"<td{pad}>{text}</td>")
            elif str(cell).strip() and NUMBER_CELL.match(str(cell)):
                tds.append(f'<td class="n">{text}</td>')
            else:
                tds.append(f"<td>{text}</td>")
        out.append(f'<tr class="{_e(row.get("kind") or "data")}">' + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    if caption and below:
        out.append(f'<div class="caption below">{caption}</div>')
    for note in block.get("notes") or []:
        out.append(f'<p class="tnote">{_e(note)}</p>')
    out.append("</figure>")
    return "\n".join(out)


def _notes(notes: list[dict]) -> str:
    items = "".join(f"<p><sup>{_e(n['marker'])}</sup>{_e(n['text'])}</p>" for n in notes)
    return f'<div class="notes">{items}</div>'


def html_document(key: dict, variant: HtmlVariant) -> str:
    """The answer key as one HTML page in ``variant``'s house layout."""
    body: list[str] = []
    if key.get("title"):
        body.append(f'<div class="doc-title">{_e(key["title"])}</div>')
    notes: list[dict] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            body.append('<ol class="items">' + "".join(items) + "</ol>")
            items.clear()

    for block in key["blocks"]:
        kind = block["type"]
        if kind != "list_item":
            close_list()
        if kind == "heading":
            if int(block.get("level") or 1) == 1 and notes:
                body.append(_notes(notes))  # notes collected at the end of each part
                notes = []
            body.append(_heading(block))
        elif kind == "paragraph":
            text = _runs_with_links(block["text"], block.get("links") or []) + _refs(block.get("footnote_refs") or [])
            number = block.get("number")
            if number:
                body.append(f'<p class="num"><span class="n">{_e(number)}</span>{text}</p>')
            else:
                body.append(f"<p>{text}</p>")
        elif kind == "list_item":
            label = block.get("label") or "-"
            text = _runs_with_links(block["text"], block.get("links") or []) + _refs(block.get("footnote_refs") or [])
            if INLINE_LIST.match(label) or len(label) == 1:  # (a), 1., 一、, a bullet: the list's marker
                marker = label.replace("\\", "\\\\").replace('"', '\\"')
                items.append(f"<li style='list-style-type: \"{_e(marker)}\"'>{text}</li>")
            else:
                items.append(f'<li class="column"><span>{_e(label)}</span><span>{text}</span></li>')
        elif kind == "footnote":
            notes.append(block)
        elif kind == "table":
            body.append(_table(block, variant))
    close_list()
    if notes:
        body.append(_notes(notes))
    css = CSS.format(
        font=FONT_FAMILY,
        symbol=_e(key.get("symbol") or "").replace('"', '\\"'),
        job=_e(key.get("job_number") or "").replace('"', '\\"'),
        body=variant.body_pt,
        lh=variant.line_height,
        align="justify" if variant.justify else "left",
    )
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(key.get('symbol') or '')}</title><style>{css}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def print_pdf(page: str, path: Path) -> Path:
    """Print one HTML page to ``path`` with a fresh headless Chromium (own profile directory)."""
    exe = chromium()
    if exe is None:
        raise RuntimeError(unavailable() or "no chromium")
    with tempfile.TemporaryDirectory(prefix="unwh-print-") as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "page.pdf"
        cmd = [exe, *LAUNCH, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        if not out.exists() or out.stat().st_size == 0:
            why = done.stderr[-400:]
            raise RuntimeError(f"chromium printed no PDF for {path.name} (exit {done.returncode}): {why}")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(out), path)
    return path


def print_pdfs(keys: dict[str, dict], variant: HtmlVariant, out_dir: Path) -> list[Path]:
    """Print every answer key (stem -> key) to ``out_dir/<stem>.pdf``."""
    return [print_pdf(html_document(key, variant), out_dir / f"{stem}.pdf") for stem, key in sorted(keys.items())]
