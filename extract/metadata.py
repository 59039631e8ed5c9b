"""Document metadata (DocumentMeta) from the running header/footer and the first-page masthead.

- symbol: a UN document symbol (``A/75/6 (Sect. 14)``, ``UNEP/EA.4/16``, ``A/74/72-E/2019/13``) taken
  from the running headers/footers (the most repeated one wins), else from the page-1 masthead;
- job_number: the ``NN-NNNNN`` number printed in the footers (or the masthead);
- organ: the masthead lines left of the symbol (bold organ name), joined with " / ";
- session / agenda_item: the small-print lines under the masthead rule (a session line names a
  ``届会议``/``session``, an agenda line an ``议程``/``agenda`` item); wrapped lines are joined;
- title: the page-1 line(s) in a font larger than anything on later pages;
- issued_on: a date printed in the masthead (``24 April 2020``, ``2020年4月24日``) as ISO.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.layout import Line
from extract.models import DocumentMeta
from extract.normalise import normalise_text
from extract.text_frame import JOB_NUMBER, Frame

SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/])"
    r"(?:A|E|S|UNEP|ST|TD|DP|ICCD|FCCC|CEDAW|CRC|CCPR|HRC|UNW|ECE|ESCAP|ECLAC|ECA|ESCWA|[A-Z]{1,8})"
    r"(?:/[A-Za-z0-9.\-]+(?:\([A-Z]+\))?)+"
    r"(?:\s\((?:Sect|Part|Vol|Prog|Chap)\.?\s?[^)]{1,12}\))?"
)
_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split())}
EN_DATE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")
ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _plain(ln: Line) -> str:
    return "".join(g.text for g in ln.glyphs if not g.sup).strip()


def _symbol_in(text: str) -> str | None:
    m = SYMBOL.search(text)
    if not m:
        return None
    sym = m.group(0).rstrip(".,;")
    # at least one digit and one slash: "A/75/6", not "Distr./General"
    if "/" not in sym or not re.search(r"\d", sym):
        return None
    return sym


def symbol_pattern_matches(text: str) -> bool:
    return _symbol_in(text) is not None


def extract_meta(frame: Frame, page_count: int, pages_lines: list[list[Line]]) -> DocumentMeta:
    meta = DocumentMeta(page_count=page_count)
    # symbol: the most repeated one in running headers/footers
    counts: Counter[str] = Counter()
    for _, _, text in frame.running_text:
        sym = _symbol_in(re.sub(r"[*\u2020\u2021]+$", "", text))
        if sym:
            counts[sym] += 1
    if counts:
        meta.symbol = counts.most_common(1)[0][0]
    masthead_text = [_plain(ln) for ln in frame.masthead]
    if meta.symbol is None:
        # the largest masthead line carrying a symbol
        for ln in sorted(frame.masthead, key=lambda ln: -ln.size):
            sym = _symbol_in(_plain(ln))
            if sym:
                meta.symbol = sym
                break
    jobs: Counter[str] = Counter()
    for _, _, text in frame.running_text:
        for job in JOB_NUMBER.finditer(text):
            jobs[job.group(0)] += 1
    if not jobs:
        for text in masthead_text:
            for job in JOB_NUMBER.finditer(text):
                jobs[job.group(0)] += 1
    if jobs:
        meta.job_number = jobs.most_common(1)[0][0]
    # organ: masthead lines that are no symbol, no distribution line, in CJK or bold
    organs = []
    for ln in frame.masthead:
        for seg in ln.segments:
            text = "".join(g.text for g in seg.glyphs if not g.sup).strip()
            if not text or _symbol_in(text) or re.match(r"^(Distr|General|Limited|Restricted|Original)", text):
                continue
            if JOB_NUMBER.search(text) or EN_DATE.search(text) or ZH_DATE.search(text):
                continue
            if re.search(r"[\u4e00-\u9fff]", text):
                organs.append(normalise_text(text))
    if organs:
        meta.organ = " / ".join(organs)
    # session and agenda item from the small print under the rule
    session: list[str] = []
    agenda: list[str] = []
    target: list[str] | None = None
    for ln in frame.front:
        text = " ".join(s.text.strip() for s in ln.segments).strip()
        text = normalise_text(text)
        if re.search(r"议程|agenda", text, re.I):
            target = agenda
        elif re.search(r"届会议|届特别会议|session", text, re.I):
            target = session
        if target is None:
            continue
        target.append(text)
    if session:
        meta.session = " ".join(session)
    if agenda:
        meta.agenda_item = " ".join(agenda)
    if frame.title:
        meta.title = normalise_text("".join(_plain(ln) for ln in frame.title))
    for text in masthead_text:
        m = EN_DATE.search(text)
        if m and m.group(2).lower() in MONTHS:
            meta.issued_on = f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
            break
        m = ZH_DATE.search(text)
        if m:
            meta.issued_on = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    return meta
