"""Document metadata (DocumentMeta) from the running header/footer and the first-page masthead.

- symbol: a UN document symbol (``A/75/6 (Sect. 14)``, ``UNEP/EA.4/16``, ``A/74/72-E/2019/13``) taken
  from the running headers/footers (the most repeated one wins), else from the page-1 masthead;
- job_number: the ``NN-NNNNN`` number printed in the footers (or the masthead);
- organ: the masthead lines left of the symbol (bold organ name), joined with " / ";
- session / agenda_item: the small-print lines under the masthead rule (a session line names a
  ``届会议``/``session``, an agenda line an ``议程``/``agenda`` item); wrapped lines are joined;
- title: the page-1 line(s) in a font larger than anything on later pages, or set bold (at body
  size) right under the masthead's small print or above everything later pages print
  (extract.text_frame);
- issued_on: a date printed in the masthead or in the small print under its rule before the session
  line (``24 April 2020``, ``2020年4月24日``) as ISO; a session's dates are not an issue date.
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
# A session line names a 届会议 / session; an agenda line an 议程 / 项目表 (the General Assembly's
# 暂定项目表) / agenda item.
SESSION = re.compile(r"届会议|届特别会议|session", re.I)
AGENDA = re.compile(r"议程|项目表|agenda", re.I)
DISTRIBUTION = re.compile(r"^(Distr|General|Limited|Restricted|Original|Chinese|English|French|Spanish|Russian|Arabic)")
EMBLEM = "联合国"


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
    # session and agenda item from the small print under the rule
    session: list[str] = []
    agenda: list[str] = []
    target: list[str] | None = None
    first_item = len(frame.front)  # index of the first session/agenda line in the front matter
    for i, ln in enumerate(frame.front):
        text = " ".join(s.text.strip() for s in ln.segments).strip()
        text = normalise_text(text)
        if AGENDA.search(text):
            target = agenda
        elif SESSION.search(text):
            target = session
        if target is None:
            continue
        first_item = min(first_item, i)
        target.append(text)
    if session:
        meta.session = " ".join(session)
    if agenda:
        meta.agenda_item = " ".join(agenda)
    # the masthead proper: lines above the rule, and small print under it before the session line
    # (a layout with two rules prints the organ and the distribution block between them)
    head = list(frame.masthead) + list(frame.front[:first_item])
    # organ: masthead segments that are no symbol, no distribution line, no date, in CJK
    organs = []
    for ln in head:
        for seg in ln.segments:
            text = "".join(g.text for g in seg.glyphs if not g.sup).strip()
            if not text or _symbol_in(text) or DISTRIBUTION.match(text):
                continue
            if JOB_NUMBER.search(text) or EN_DATE.search(text) or ZH_DATE.search(text):
                continue
            if re.search(r"[\u4e00-\u9fff]", text):
                organs.append(normalise_text(text))
    # the emblem caption 联合国 ("United Nations") heads every UN masthead: an organ only when alone
    named = [o for o in organs if o != EMBLEM]
    if named or organs:
        meta.organ = " / ".join(named or organs)
    if frame.title:
        meta.title = normalise_text("".join(_plain(ln) for ln in frame.title))
    for text in (_plain(ln) for ln in head):
        m = EN_DATE.search(text)
        if m and m.group(2).lower() in MONTHS:
            meta.issued_on = f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
            break
        m = ZH_DATE.search(text)
        if m:
            meta.issued_on = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    return meta
