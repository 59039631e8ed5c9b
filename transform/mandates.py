"""Mandates (legislative-mandate list entries and resolution/decision citations in the text) and the
documents a report cites, read from the paragraphs frame (transform.paragraphs.paragraphs_frame)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from extract.normalise import normalise_text

MANDATE_COLUMNS = [
    "document_id", "mandate_key", "symbol", "organ", "kind", "number", "title", "source",
    "subprogramme", "paragraph_seq", "page", "url", "part", "table_key", "row", "col",
]  # fmt: skip
REFERENCE_COLUMNS = ["document_id", "symbol", "paragraph_seq", "page", "url", "table_key", "row", "col"]
_CELL_DTYPES = {"row": "Int64", "col": "Int64"}
TEXT_KINDS = ("paragraph", "list_item", "footnote")

# Printed organ names -> organ code, longest first when matched. None marks a name that contains an
# organ word but is not an organ whose resolutions are cited ("联合国可持续发展大会" is a conference).
# "理事会" / "理事机构" alone (COUNCIL) names no council by itself: it resolves from the document's own
# context (a council named before it, the document's own series), else it stays unresolved.
ORGAN_NAMES: dict[str, str | None] = {
    "联合国环境规划署联合国环境大会": "UNEA",
    "环境规划署联合国环境大会": "UNEA",
    "环境署联合国环境大会": "UNEA",
    "联合国环境大会": "UNEA",
    "环境大会": "UNEA",
    "联合国环境规划署理事会": "UNEP-GC",
    "环境规划署理事会": "UNEP-GC",
    "环境署理事会": "UNEP-GC",
    "理事机构": "COUNCIL",
    "经济及社会理事会": "ECOSOC",
    "经社理事会": "ECOSOC",
    "安全理事会": "SC",
    "安理会": "SC",
    "人权理事会": "HRC",
    "人权委员会": "CHR",
    "托管理事会": "TC",
    "亚洲及太平洋经济社会委员会": "ESCAP",
    "亚太经社会": "ESCAP",
    "欧洲经济委员会": "ECE",
    "欧洲经委会": "ECE",
    "拉丁美洲和加勒比经济委员会": "ECLAC",
    "拉加经委会": "ECLAC",
    "非洲经济委员会": "ECA",
    "非洲经委会": "ECA",
    "西亚经济社会委员会": "ESCWA",
    "西亚经社会": "ESCWA",
    "世界卫生大会": "WHA",
    "缔约方大会": "COP",
    "缔约方会议": "COP",
    "缔约国大会": "COP",
    "联合国大会": "GA",
    "联大": "GA",
    "可持续发展大会": None,
    "发展大会": None,
    "代表大会": None,
    "首脑会议": None,
    "大会": "GA",
    "理事会": "COUNCIL",
}
_ORGAN = re.compile("|".join(re.escape(name) for name in sorted(ORGAN_NAMES, key=len, reverse=True)))

# One resolution/decision number as printed: 73/260, S-19/2, ES-10/2, SS.XI/1, 2997 (XXVII), 2334 (2016)
_NUM = (
    r"(?:(?:ES|S)-\d{1,2}/\d{1,3}"
    r"|SS\.[IVXLC]+/\d{1,3}"
    r"|\d{1,4}\s*[（(]\s*(?:[IVXLC]+|\d{4})\s*[)）]"
    r"|\d{1,4}/\d{1,4})"
)
_NUM_RE = re.compile(_NUM)
_JOIN = r"\s*号?\s*(?:、|，|,|和|及|以及|与|至|到)\s*(?:第\s*)?"
# "第 73/260 号决议", "第 70/205 和 71/228 号决议", "第 73/260 号和第 67/251 号决议", "S-19/2 号决议"
_CITATION = re.compile(rf"(?<![A-Za-z0-9/.\-])(?:第\s*)?(?P<nums>{_NUM}(?:{_JOIN}{_NUM})*)\s*号\s*(?P<kind>决议|决定)")
# A document symbol: series letters, then slash-separated parts ("A/73/81-E/2018/59", "UNEP/EA.1/2/Add.5")
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/.\-])(?:A|E|S|ST|TD|DP|UNEP|UNW|ECE|FCCC|ICCD|CBD|UNDP)(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+"
)
_URL = re.compile(r"https?://\S+")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_LABEL = re.compile(
    rf"^(?:第\s*(?P<cited>{_NUM})\s*号\s*(?P<kind>决议|决定)"
    rf"|(?P<number>{_NUM})(?:\s*[,，]\s*(?P<part>(?:sect|section|part|paras?)\.?\s*[IVXLC\d]+))?)"
    r"(?=\s|$)"
)
_SUBPROGRAMME = re.compile(r"^次级方案\s*(\d+)")
_KINDS = {"决议": "resolution", "决定": "decision"}
_ROMAN = re.compile(r"^(\d{1,4})\s*[（(]\s*([IVXLC]+|\d{4})\s*[)）]$")


@dataclass(frozen=True, slots=True)
class Mandate:
    organ: str
    kind: str
    number: str

    @property
    def key(self) -> str:
        return f"{self.organ}:{self.kind}:{self.number}"

    @property
    def symbol(self) -> str | None:
        return official_symbol(self.organ, self.kind, self.number)


def normalise_number(text: str) -> str:
    """'2997（XXVII）' / '2997(XXVII)' -> '2997 (XXVII)'; other numbers lose their spaces."""
    text = normalise_text(text).strip()
    match = _ROMAN.match(text)
    if match:
        return f"{match[1]} ({match[2]})"
    return re.sub(r"\s+", "", text)


def official_symbol(organ: str, kind: str, number: str) -> str | None:
    """The official symbol of a resolution where it follows from organ and number, else None."""
    compact = number.replace(" ", "")
    if kind == "declaration":
        return number if "/" in number and not re.match(r"^\d", number) else None
    if kind != "resolution":
        return None
    if organ == "GA":
        return f"A/RES/{compact}"
    if organ == "UNEA":
        match = re.match(r"^(\d+)/(\d+)$", compact)
        return f"UNEP/EA.{match[1]}/Res.{match[2]}" if match else None
    if organ == "ECOSOC" and re.match(r"^\d{4}/\d+$", compact):
        return f"E/RES/{compact}"
    if organ == "SC" and re.match(r"^\d{1,4}\(\d{4}\)$", compact):
        return f"S/RES/{compact}"
    if organ == "HRC" and re.match(r"^(S-)?\d+/\d+$", compact):
        return f"A/HRC/RES/{compact}"
    return None


def plausible(organ: str, number: str) -> bool:
    """Whether an organ numbers its resolutions/decisions like this (GA 'N/M' since its 31st session,
    UNEA sessions 1-10, UNEP Governing Council sessions 1-27 and its special sessions 'SS.')."""
    compact = number.replace(" ", "")
    session = re.match(r"^(\d+)/\d+$", compact)
    if organ == "GA":
        return bool(
            (session and 31 <= int(session[1]) < 1000)
            or re.match(r"^(ES|S)-\d+/\d+$", compact)
            or re.match(r"^\d+\([IVXLC]+\)$", compact)
        )
    if organ == "UNEA":
        return bool(session and 1 <= int(session[1]) <= 10)
    if organ == "UNEP-GC":
        return bool((session and 1 <= int(session[1]) <= 27) or compact.startswith("SS."))
    if organ == "ECOSOC":
        return bool(re.match(r"^(19|20)\d\d/\d+$", compact) or re.match(r"^\d+\([IVXLC]+\)$", compact))
    if organ == "SC":
        return bool(re.match(r"^\d+\(\d{4}\)$", compact))
    if organ == "HRC":
        return bool((session and int(session[1]) <= 60) or re.match(r"^S-\d+/\d+$", compact))
    return True


def default_organ(symbol: str | None) -> str | None:
    """The organ a document's own series implies: A/* -> GA, E/* -> ECOSOC, UNEP/EA.* -> UNEA ..."""
    if not symbol:
        return None
    symbol = symbol.strip()
    for prefix, organ in (
        ("UNEP/EA.", "UNEA"),
        ("UNEP/GC", "UNEP-GC"),
        ("A/HRC/", "HRC"),
        ("A/", "GA"),
        ("E/", "ECOSOC"),
        ("S/", "SC"),
    ):
        if symbol.startswith(prefix):
            return organ
    return None


COUNCILS = ("UNEP-GC", "ECOSOC", "SC", "HRC", "TC")


def _own_council(symbol: str | None) -> str | None:
    """The council a document's own series belongs to (UNEP/GC.* -> UNEP-GC, E/* -> ECOSOC ...)."""
    organ = default_organ(symbol)
    return organ if organ in COUNCILS else None


def organ_mentions(text: str, symbol: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, organ code) of every organ named in the text, in order; a bare 理事会 / 理事机构
    is 'COUNCIL' (see council_candidates)."""
    out = []
    for match in _ORGAN.finditer(text):
        code = ORGAN_NAMES[match.group(0)]
        if code is None:
            continue
        out.append((match.start(), match.end(), code))
    return out


def councils_named(text: str) -> list[str]:
    """The councils a text names in full, in order (no bare 理事会)."""
    return [code for _, _, code in organ_mentions(text) if code in COUNCILS]


def council_candidates(named_before: list[str], named_in_document: list[str], symbol: str | None) -> list[str]:
    """Which council a bare 理事会 may mean, in order: the councils named before it (nearest first),
    the document's own series' council, then the other councils the document names."""
    out: list[str] = []
    own = _own_council(symbol)
    for code in [*reversed(named_before), *([own] if own else []), *named_in_document]:
        if code not in out:
            out.append(code)
    return out


def _symbol_mandate(symbol: str) -> Mandate | None:
    """A document symbol that is itself a resolution or declaration (A/RES/73/260, UNEP/EA.3/Res.11)."""
    for pattern, organ, kind in (
        (r"^A/HRC/RES/(.+)$", "HRC", "resolution"),
        (r"^A/RES/(.+)$", "GA", "resolution"),
        (r"^E/RES/(.+)$", "ECOSOC", "resolution"),
        (r"^S/RES/(.+)$", "SC", "resolution"),
    ):
        match = re.match(pattern, symbol)
        if match:
            return Mandate(organ, kind, normalise_number(match[1]))
    match = re.match(r"^UNEP/EA\.(\d+)/(?:Res|RES)\.(\d+)$", symbol)
    if match:
        return Mandate("UNEA", "resolution", f"{match[1]}/{match[2]}")
    if re.match(r"^UNEP/EA\.\d+/HLS\.\d+$", symbol):
        return Mandate("UNEA", "declaration", symbol)
    return None


def _clean_symbol(text: str) -> str:
    text = text.rstrip(".-")
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    return text


def url_for(symbol: str | None, links: list[str] | None) -> str | None:
    """The link (undocs.org/ch/<symbol> style) that points at this symbol, if the block has one."""
    if not symbol or not links:
        return None
    want = symbol.replace(" ", "").lower()
    for link in links:
        path = re.sub(r"^https?://(?:www\.)?undocs\.org/(?:[a-z]{2}/)?", "", link.strip()).replace(" ", "").lower()
        if path == want:
            return link
    return None


def subprogramme_of(section: str | None) -> str | None:
    """The enclosing '次级方案 N …' heading in a section path, or None."""
    if not isinstance(section, str) or not section:
        return None
    for part in section.split(" > "):
        if _SUBPROGRAMME.match(part.strip()):
            return part.strip()
    return None


@dataclass(slots=True)
class _Cited:
    start: int
    end: int
    kind: str
    numbers: list[str]
    explicit: str | None  # organ given by a symbol (A/RES/...)


def _scan(text: str) -> list[_Cited]:
    """Resolution/decision citations in a text, in order (organs not yet resolved)."""
    found: list[_Cited] = []
    for match in _CITATION.finditer(text):
        numbers = [normalise_number(m.group(0)) for m in _NUM_RE.finditer(match["nums"])]
        found.append(_Cited(match.start(), match.end(), _KINDS[match["kind"]], numbers, None))
    for match in _SYMBOL.finditer(text):
        mandate = _symbol_mandate(_clean_symbol(match.group(0)))
        if mandate:
            found.append(_Cited(match.start(), match.end(), mandate.kind, [mandate.number], mandate.organ))
    return sorted(found, key=lambda c: c.start)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def resolve_citations(
    text: str,
    symbol: str | None,
    group_organ: str | None = None,
    councils: list[str] | None = None,
    unresolved: list[str] | None = None,
) -> Iterator[tuple[Mandate, int, int]]:
    """(mandate, start, end) of every resolution/decision citation in a text.

    The organ is, in order and if it numbers its acts that way: the one named nearest before the
    citation in the same sentence ("大会第…", "联大在其…第…", "联合国环境大会关于…的第…"); the
    preceding citation's in the same text; the enclosing mandate list's; the document series'; one
    named later in the same sentence; else the first organ that numbers its acts that way.
    A bare 理事会 before the citation is the first of `councils` (council_candidates; councils named
    earlier in the same text first) that numbers its acts that way; when none does, the citation is
    left out and described in `unresolved`.
    """
    mentions = organ_mentions(text, symbol)
    document_organ = default_organ(symbol)
    previous: str | None = None
    for cited in _scan(text):
        s0, s1 = _sentence_bounds(text, cited.start, cited.end)
        before = [code for start, end, code in mentions if s0 <= start and end <= cited.start]
        after = [code for start, _, code in mentions if cited.end <= start < s1]
        first = cited.numbers[0]
        if cited.explicit:
            organ = cited.explicit
        elif before and before[-1] == "COUNCIL":
            in_text = [code for start, end, code in mentions if end <= cited.start and code in COUNCILS]
            options = council_candidates(in_text, councils or [], symbol)
            found = next((c for c in options if plausible(c, first)), None)
            if found is None:
                if unresolved is not None:
                    unresolved.append(
                        f"理事会 {first} ({cited.kind}): no council named in the document numbers its acts so"
                    )
                previous = None
                continue
            organ = found
        else:
            candidates = [
                before[-1] if before else None,
                previous,
                group_organ,
                document_organ,
                *(after[:1]),
                "GA", "UNEA", "UNEP-GC", "ECOSOC", "SC", "HRC",
            ]  # fmt: skip
            candidates = [c for c in candidates if c != "COUNCIL"]
            organ = next((c for c in candidates if c and plausible(c, first)), None) or (
                (before[-1] if before and before[-1] != "COUNCIL" else None) or document_organ or "GA"
            )
        previous = organ
        for number in cited.numbers:
            yield Mandate(organ, cited.kind, number), cited.start, cited.end


def _group_defaults(caption: str, symbol: str | None, councils: list[str] | None = None) -> tuple[str | None, str]:
    """Organ and default kind of a mandate list group from its caption ('联合国环境大会决议和决定');
    a caption naming a bare 理事会 takes the first of `councils` (None when there is none)."""
    mentions = organ_mentions(normalise_text(caption), symbol)
    organ = mentions[0][2] if mentions else None
    if organ == "COUNCIL":
        options = council_candidates([], councils or [], symbol)
        organ = options[0] if options else None
    if "决议" in caption:
        kind = "resolution"
    elif "决定" in caption:
        kind = "decision"
    elif "宣言" in caption:
        kind = "declaration"
    else:
        kind = "resolution"
    return organ, kind


class Label(NamedTuple):
    """A mandate list label read: the act's number, its kind when the label names it, and the part
    of the act it names ('SS.VIII/1, sect. II' -> part 'sect. II')."""

    number: str
    kind: str | None
    part: str | None


def parse_label(label: str) -> Label | None:
    """A mandate list label -> Label. None if it is not one."""
    label = normalise_text(label).strip()
    symbol_mandate = _symbol_mandate(label)
    if symbol_mandate:
        return Label(symbol_mandate.number, symbol_mandate.kind, None)
    match = _LABEL.match(label)
    if not match or match.end() != len(label):
        return None
    if match["cited"]:
        return Label(normalise_number(match["cited"]), _KINDS[match["kind"]], None)
    part = re.sub(r"\s+", " ", match["part"]).strip() if match["part"] else None
    return Label(normalise_number(match["number"]), None, part)


def _split_label(text: str) -> tuple[str, str] | None:
    """'69/225 推广新能源和可再生能源' -> ('69/225', '推广…') when an entry's label was not split off."""
    text = normalise_text(text).strip()
    symbol = re.match(r"^(UNEP/EA\.\d+/HLS\.\d+|[A-Z]/RES/\S+)\s+(.+)$", text)
    if symbol:
        return symbol[1], symbol[2]
    match = _LABEL.match(text)
    if match and match.end() < len(text):
        return text[: match.end()].strip(), text[match.end() :].strip()
    return None


def _is_mandates_heading(text: str) -> bool:
    return "立法授权" in text


# a mandate list's group caption: an organ's name and the kinds of its acts (with a short
# qualifier between them), and nothing else ("大会决议", "联合国环境大会决议和决定", "理事会部长级宣言和决定")
_CAPTION_TAIL = re.compile(r"(?:的)?[\u4e00-\u9fff]{0,4}?(?:决议|决定|宣言)(?:[和及、](?:决议|决定|宣言))*")


def _is_group_caption(text: str) -> bool:
    """``text`` names an organ and the kind of its acts only: a group caption of a mandate list,
    whatever style it is printed in (a layout may set it like the list's own heading)."""
    text = normalise_text(text).strip()
    mentions = organ_mentions(text)
    if not mentions or mentions[0][0] > 2:  # "联合国" may precede the organ's name
        return False
    return _CAPTION_TAIL.fullmatch(text, mentions[-1][1]) is not None


def mandate_list_entries(paragraphs: pd.DataFrame) -> list[dict[str, Any]]:
    """Entries of the legislative-mandate lists: one dict per entry with the group caption, the
    label as printed, the title (wrapped parts joined) and the row it came from."""
    entries: list[dict[str, Any]] = []
    region_level: int | None = None
    caption: str | None = None
    for row in paragraphs.itertuples(index=False):
        text = str(row.text or "").strip()
        if row.kind == "heading":
            level = int(row.level) if pd.notna(row.level) else 1
            # a heading as high as the list's own ends the list, unless it is one of its group
            # captions (printed in the same style where the layout does not mark heading levels)
            if region_level is not None and level <= region_level and not _is_group_caption(text):
                region_level, caption = None, None
            if _is_mandates_heading(text):
                region_level, caption = level, None
                continue
            if region_level is not None:
                caption = text
            continue
        if region_level is None or row.kind == "footnote":
            continue
        if row.number is not None and not (isinstance(row.number, float) and pd.isna(row.number)):
            continue  # "以下清单列示本次级方案所有授权。"
        label = str(row.label).strip() if isinstance(row.label, str) and row.label.strip() else None
        parsed = parse_label(label) if label else None
        title = text
        if parsed is None:
            split = _split_label(text)
            if split and parse_label(split[0]):
                label, title = split
                parsed = parse_label(label)
        if parsed is None:
            if entries and entries[-1]["seq"] is not None and caption is not None and row.kind != "heading":
                entries[-1]["title"] = f"{entries[-1]['title']}{title}"  # a wrapped title
            continue
        entries.append(
            {
                "caption": caption,
                "label": label,
                "number": parsed.number,
                "kind": parsed.kind,
                "part": parsed.part,
                "title": title,
                "seq": int(row.seq),
                "page": int(row.page),
                "links": list(row.links) if row.links is not None else [],
                "section": row.section,
            }
        )
    return entries


def mandates_frame(
    document_id: str,
    symbol: str | None,
    paragraphs: pd.DataFrame,
    cells: pd.DataFrame | None = None,
    table_subprogrammes: dict[str, str | None] | None = None,
    issues: list[dict[str, object]] | None = None,
) -> pd.DataFrame:
    """One row per mandate list entry (source mandate_list) and per resolution/decision citation in
    the text of paragraphs, list items and footnotes, and in table cells (source citation; a cell's
    citation points at table_key/row/col instead of a paragraph). cells is the table_cells frame;
    table_subprogrammes gives each table's subprogramme. A bare 理事会 that the document's context
    does not resolve is left out, with a warning appended to issues."""
    rows: list[dict[str, object]] = []
    entry_seqs: dict[int, str | None] = {}
    named = [
        (int(r.page), councils_named(normalise_text(r.text)))
        for r in paragraphs.itertuples(index=False)
        if isinstance(r.text, str)
    ]  # the councils each text names in full, in reading order
    in_document = list(dict.fromkeys(code for _, codes in named for code in codes))
    unresolved: list[tuple[int | None, str]] = []
    for entry in mandate_list_entries(paragraphs):
        caption = entry["caption"] or ""
        organ, kind = _group_defaults(caption, symbol, in_document)
        kind = entry["kind"] or kind
        number = str(entry["number"])
        if organ is None and "COUNCIL" in [c for _, _, c in organ_mentions(normalise_text(caption))]:
            unresolved.append((int(entry["page"]), f"mandate list '{caption}' {entry['label']}: no council named"))
            continue
        if organ is None or not plausible(organ, number):
            organ = next(
                (
                    o
                    for o in (organ, default_organ(symbol), "GA", "UNEA", "UNEP-GC", "ECOSOC")
                    if o and plausible(o, number)
                ),
                organ or default_organ(symbol) or "GA",
            )
        if kind == "declaration" and entry["number"] and str(entry["number"]).startswith("UNEP/EA."):
            organ = "UNEA"
        mandate = Mandate(organ, kind, number)
        entry_seqs[int(entry["seq"])] = organ
        rows.append(
            {
                **_mandate_columns(document_id, mandate),
                "title": str(entry["title"]).strip() or None,
                "source": "mandate_list",
                "subprogramme": subprogramme_of(entry["section"]),
                "paragraph_seq": entry["seq"],
                "page": entry["page"],
                "url": url_for(mandate.symbol, entry["links"]),
                "part": entry["part"],
            }
        )
    for row in paragraphs.itertuples(index=False):
        if row.kind not in TEXT_KINDS or not isinstance(row.text, str):
            continue
        text = _URL.sub(" ", normalise_text(row.text))
        group_organ = entry_seqs.get(int(row.seq))
        if row.kind == "list_item" and group_organ is None and not (isinstance(row.label, str) and row.label):
            split = _split_label(text)
            if split and parse_label(split[0]):
                text = split[1]
        links = list(row.links) if row.links is not None else []
        named_before = [code for page, codes in named if page <= int(row.page) for code in codes]
        notes: list[str] = []
        cited = list(resolve_citations(text, symbol, group_organ, [*reversed(named_before), *in_document], notes))
        unresolved.extend((int(row.page), f"paragraph {int(row.seq)}: {note}") for note in notes)
        for mandate, start, end in cited:
            alone = sum(1 for _, s0, _ in cited if s0 == start) == 1  # "第 70/205 和 71/228 号决议第 3 段": whose?
            rows.append(
                {
                    **_mandate_columns(document_id, mandate),
                    "source": "citation",
                    "subprogramme": subprogramme_of(row.section),
                    "paragraph_seq": int(row.seq),
                    "page": int(row.page),
                    "url": url_for(mandate.symbol, links),
                    "part": cited_part(text, end) if alone else None,
                }
            )
    for cell in _text_cells(cells):
        named_before = [code for page, codes in named if page <= int(cell.page) for code in codes]
        notes = []
        found = resolve_citations(
            _URL.sub(" ", normalise_text(cell.text)), symbol, None, [*reversed(named_before), *in_document], notes
        )
        for mandate, _, _ in list(found):
            rows.append(
                {
                    **_mandate_columns(document_id, mandate),
                    "source": "citation",
                    "subprogramme": (table_subprogrammes or {}).get(cell.table_key),
                    **_cell_columns(cell),
                }
            )
        unresolved.extend(
            (int(cell.page), f"table {cell.table_key} cell r{int(cell.row)}c{int(cell.col)}: {n}") for n in notes
        )
    if issues is not None:
        for page, detail in unresolved:
            issues.append(
                {"stage": "transform", "check": "mandates.council_unresolved", "severity": "warning",
                 "table_key": None, "page": page, "detail": f"{symbol or document_id}: {detail}"}
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=MANDATE_COLUMNS)
    return frame.astype({"paragraph_seq": "Int64", "page": "int64", **_CELL_DTYPES})


_PART = re.compile(
    r"\s*(第\s*(?:\d{1,3}(?:\s*(?:至|到|和|、|-)\s*\d{1,3})*|[一二三四五六七八九十]{1,3})\s*(?:段|节|部分|章))"
)


def cited_part(text: str, end: int) -> str | None:
    """The part of an act a citation names right after it: '第 4/1 号决定第 10 段' -> '第 10 段'."""
    match = _PART.match(text, end)
    return re.sub(r"\s+", " ", match[1]) if match else None


def _mandate_columns(document_id: str, mandate: Mandate) -> dict[str, object]:
    return {
        "document_id": document_id,
        "mandate_key": mandate.key,
        "symbol": mandate.symbol,
        "organ": mandate.organ,
        "kind": mandate.kind,
        "number": mandate.number,
        "title": None,
        "part": None,
    }


def _text_cells(cells: pd.DataFrame | None) -> Iterator:
    """The table_cells rows that hold text (not bare numbers), in table order."""
    if cells is None or cells.empty:
        return iter(())
    texts = cells[cells["text"].fillna("").str.contains(r"[^\d\s.,，%％()（）\-—–]", regex=True)]
    return texts.itertuples(index=False)


def _cell_columns(cell) -> dict[str, object]:
    """Where a citation in a table cell is: its page and cell; no paragraph, no link (cells carry none)."""
    return {
        "paragraph_seq": None,
        "page": int(cell.page),
        "url": None,
        "table_key": cell.table_key,
        "row": int(cell.row),
        "col": int(cell.col),
    }


def cited_documents(text: str) -> list[str]:
    """Document symbols cited in a text that are documents, not resolutions ('E/2018/64')."""
    text = _URL.sub(" ", normalise_text(text))
    out = []
    for match in _SYMBOL.finditer(text):
        symbol = _clean_symbol(match.group(0))
        if "/" not in symbol or _symbol_mandate(symbol) is not None:
            continue
        out.append(symbol)
    return out


def document_references_frame(
    document_id: str, symbol: str | None, paragraphs: pd.DataFrame, cells: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per document symbol cited in a paragraph, list item, footnote or table cell (not the
    document's own)."""
    own = (symbol or "").replace(" ", "")
    rows = []
    for row in paragraphs.itertuples(index=False):
        if row.kind not in TEXT_KINDS or not isinstance(row.text, str):
            continue
        links = list(row.links) if row.links is not None else []
        for cited in cited_documents(row.text):
            if cited.replace(" ", "") == own:
                continue
            rows.append(
                {
                    "document_id": document_id,
                    "symbol": cited,
                    "paragraph_seq": int(row.seq),
                    "page": int(row.page),
                    "url": url_for(cited, links),
                }
            )
    for cell in _text_cells(cells):
        for cited in cited_documents(cell.text):
            if cited.replace(" ", "") != own:
                rows.append({"document_id": document_id, "symbol": cited, **_cell_columns(cell)})
    frame = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    return frame.astype({"paragraph_seq": "Int64", "page": "int64", **_CELL_DTYPES})
