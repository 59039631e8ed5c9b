"""mandates and document_references on the answer keys' blocks and tables (no PDF parsing): every
entry of every legislative-mandate list of A/75/6 (Sect. 14) with its key, part, title and link and
nothing else; every resolution/decision citation of the four samples, in text and in table cells,
against the hand-labelled tests/data/citations.json."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from answer_keys import EXPECTED, document_of, load_key

from score.mandates import expected_mandate_list, score_cell_citations, score_citations, score_mandate_list
from transform.mandates import (
    cited_documents,
    cited_part,
    document_references_frame,
    mandates_frame,
    normalise_number,
    official_symbol,
    resolve_citations,
)
from transform.paragraphs import paragraphs_frame
from transform.results import table_subprogramme
from transform.schemas_results import DocumentReferences, Mandates
from transform.tables import cells_frame, tables_frame

DOC = "0" * 64
A75 = "A_75_6_Sect.14_zh"
STEMS = [A75, "UNEP_EA.4_16_zh", "UNEP_GC.26_18_zh", "002_b61ed0f3630fa659_zh"]
LABELLED = json.loads((EXPECTED.parent / "citations.json").read_text(encoding="utf-8"))
CITATIONS, IN_CELLS = LABELLED["documents"], LABELLED["table_cells"]


@pytest.fixture(scope="module")
def keyed():
    """stem -> (answer key, its tables, its paragraphs frame), read once for the module."""
    out = {}
    for stem in STEMS:
        key = load_key(stem)
        blocks, tables = document_of(key)
        out[stem] = (key, tables, paragraphs_frame(DOC, blocks))
    return out


@pytest.fixture(scope="module")
def docs(keyed):
    """stem -> (key, paragraphs, mandates read from the text only)."""
    return {
        stem: (key, paragraphs, mandates_frame(DOC, key["symbol"], paragraphs))
        for stem, (key, _, paragraphs) in keyed.items()
    }


@pytest.fixture(scope="module")
def with_cells(keyed):
    """stem -> (mandates, document_references, tables frame) read from text and table cells."""
    out = {}
    for stem, (key, tables, paragraphs) in keyed.items():
        cells = cells_frame(DOC, tables)
        scopes = {table.table_key: table_subprogramme(table, paragraphs) for table in tables}
        out[stem] = (
            mandates_frame(DOC, key["symbol"], paragraphs, cells, scopes),
            document_references_frame(DOC, key["symbol"], paragraphs, cells),
            tables_frame(DOC, tables),
        )
    return out


def test_every_mandate_list_entry_with_key_title_and_url_and_nothing_else(docs):
    key, _, mandates = docs[A75]
    score = score_mandate_list(key, mandates)
    assert score["expected"] == 167  # the lists of the overall orientation and of subprogrammes 1-7
    assert score["missing"] == [] and score["extra"] == []
    assert score["matched"] == score["expected"] == score["actual"]


def test_mandate_list_entries_keep_their_group_subprogramme_and_link(docs):
    _, paragraphs, mandates = docs[A75]
    listed = mandates[mandates["source"] == "mandate_list"].set_index("paragraph_seq")
    by_label = {}
    for row in paragraphs[paragraphs["kind"] == "list_item"].itertuples():
        if row.seq in listed.index:
            by_label.setdefault(row.label, []).append(listed.loc[row.seq])
    first = {label: rows[0] for label, rows in by_label.items()}
    assert first["2997 (XXVII)"]["mandate_key"] == "GA:resolution:2997 (XXVII)"
    assert first["2997 (XXVII)"]["symbol"] == "A/RES/2997(XXVII)"
    assert first["2997 (XXVII)"]["url"] == "https://undocs.org/ch/A/RES/2997(XXVII)"
    assert first["47/190"]["url"] == "https://undocs.org/zh/A/RES/47/190"  # printed with 'zh', kept
    assert first["S-19/2"]["mandate_key"] == "GA:resolution:S-19/2"
    assert first["27/2"]["mandate_key"] == "UNEP-GC:decision:27/2" and pd_isnull(first["27/2"]["url"])
    assert first["第 4/1 号决定"]["mandate_key"] == "UNEA:decision:4/1"
    assert first["第 3/1 号决定"]["mandate_key"] == "UNEA:decision:3/1"
    assert first["3/1"]["mandate_key"] == "UNEA:resolution:3/1"  # resolution 3/1 and decision 3/1 both exist
    assert first["3/11"]["symbol"] == "UNEP/EA.3/Res.11"
    assert first["UNEP/EA.4/HLS.1"]["kind"] == "declaration"
    assert first["UNEP/EA.4/HLS.1"]["organ"] == "UNEA"
    assert first["SS.VIII/1, sect. II"]["mandate_key"] == "UNEP-GC:decision:SS.VIII/1"
    assert first["SS.VIII/1, sect. II"]["part"] == "sect. II"  # the act is the key, the section its part
    assert first["25/1, sect. II"]["mandate_key"] == "UNEP-GC:decision:25/1"
    assert first["25/1, sect. II"]["part"] == "sect. II"
    assert pd_isnull(first["SS.VI/1"]["part"]) and pd_isnull(first["69/225"]["part"])
    assert first["SS.VI/1"]["title"] == "马尔默部长级宣言"
    assert first["69/225"]["subprogramme"] == "次级方案 1 气候变化"
    assert pd_isnull(first["2997 (XXVII)"]["subprogramme"])  # the overall orientation's list
    assert [row["subprogramme"] for row in by_label["SS.VIII/1, sect. II"]] == [
        "次级方案 4 环境治理",
        "次级方案 7 环境审查",
    ]
    assert len(mandates[mandates["source"] == "mandate_list"]) == len(expected_mandate_list(docs[A75][0]))


def pd_isnull(value) -> bool:
    return value is None or value != value


@pytest.mark.parametrize("stem", STEMS)
def test_citations_reach_98_percent_recall_and_precision(docs, stem):
    _, paragraphs, mandates = docs[stem]
    score = score_citations(CITATIONS[stem], mandates, paragraphs)
    assert score["expected"] == len(CITATIONS[stem])
    assert score["recall"] >= 0.98, score["missing"]
    assert score["precision"] >= 0.98, score["extra"]


def test_citations_over_all_samples(docs):
    matched = expected = actual = 0
    for stem in STEMS:
        _, paragraphs, mandates = docs[stem]
        score = score_citations(CITATIONS[stem], mandates, paragraphs)
        matched, expected, actual = matched + score["matched"], expected + score["expected"], actual + score["actual"]
    assert expected == 98
    assert matched / expected >= 0.98 and matched / actual >= 0.98


@pytest.mark.parametrize("stem", STEMS)
def test_citations_and_references_in_table_cells(with_cells, stem):
    mandates, references, tables = with_cells[stem]
    score = score_cell_citations(IN_CELLS[stem], mandates, references, tables)
    for what in ("citations", "references"):
        assert score[what]["expected"] == len(IN_CELLS[stem][what])
        assert score[what]["recall"] >= 0.98, score[what]["missing"]
        assert score[what]["precision"] >= 0.98, score[what]["extra"]
    Mandates.validate(mandates, lazy=True)
    DocumentReferences.validate(references, lazy=True)


def test_a_citation_in_a_cell_points_at_its_cell_not_a_paragraph(with_cells):
    mandates, references, _ = with_cells[A75]
    in_cells = mandates[mandates["table_key"].notna()]
    assert in_cells["paragraph_seq"].isna().all() and (in_cells["source"] == "citation").all()
    bodies = in_cells[in_cells["table_key"] == "14.19"]  # the table of intergovernmental bodies
    assert sorted(zip(bodies["row"], bodies["col"], bodies["mandate_key"], strict=True)) == [
        (0, 2, "GA:resolution:67/213"),
        (0, 2, "GA:resolution:67/251"),
        (0, 2, "UNEP-GC:decision:27/2"),
        (1, 2, "UNEP-GC:decision:27/2"),
        (2, 2, "UNEP-GC:decision:27/2"),
    ]
    assert bodies["subprogramme"].isna().all()  # the bodies serve the whole programme
    dust = in_cells[in_cells["table_key"] == "14.7"]  # a performance table of subprogramme 4
    assert set(dust["subprogramme"]) == {"次级方案 4 环境治理"}
    assert set(references.loc[references["table_key"].notna(), "paragraph_seq"].isna()) == {True}


def test_contract_rejects_a_citation_pointing_at_a_paragraph_and_a_cell(with_cells):
    mandates, _, _ = with_cells[A75]
    both = mandates.copy()
    at = both.index[both["table_key"].notna()][0]
    both.loc[at, "paragraph_seq"] = 1
    with pytest.raises(Exception, match="citations_point_at_a_paragraph_or_a_cell"):
        Mandates.validate(both, lazy=True)
    partial = mandates.copy()
    partial.loc[at, "col"] = pd.NA
    with pytest.raises(Exception, match="cell_named_whole"):
        Mandates.validate(partial, lazy=True)


# every citation of the samples followed by the part of the act it names, read by hand from the keys
CITED_PARTS = {
    A75: [("14.124", "GA:resolution:72/219", "第 19 段")],
    "UNEP_EA.4_16_zh": [
        ("7.", "UNEA:decision:3/2", "第 3 段"),
        ("8.", "UNEP-GC:decision:27/2", "第 3 段"),
        ("9.", "UNEP-GC:decision:27/2", "第 4 段"),
        ("15.", "UNEP-GC:decision:27/2", "第 17 段"),
        ("41.", "GA:resolution:2997 (XXVII)", "第一部分"),
        ("76.", "UNEP-GC:decision:27/2", "第 13 段"),
    ],
    "UNEP_GC.26_18_zh": [("14.", "UNEP-GC:decision:SS.XI/1", "第 10 段")],
    "002_b61ed0f3630fa659_zh": [],
}


@pytest.mark.parametrize("stem", STEMS)
def test_citations_keep_the_part_of_the_act_they_name(docs, stem):
    _, paragraphs, mandates = docs[stem]
    numbers = paragraphs.set_index("seq")["number"]
    cited = mandates[(mandates["source"] == "citation") & mandates["part"].notna()]
    found = sorted((numbers[int(r.paragraph_seq)], r.mandate_key, r.part) for r in cited.itertuples())
    assert found == sorted(CITED_PARTS[stem])


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("大会第 73/260 号决议第 5 段", "第 5 段"),
        ("环境大会第 3/2 号决定第3至5段的规定", "第3至5段"),
        ("环境署理事会第 SS.VIII/1 号决定第二节", "第二节"),
        ("大会第 73/260 号决议，第 5 段", None),  # a new clause, not a part of the act
        ("大会第 73/260 号决议第 5 次会议", None),
    ],
)
def test_cited_part_forms(text, part):
    (_, _, end), *_ = resolve_citations(text, "A/75/6")
    assert cited_part(text, end) == part


def test_citation_rows_point_at_their_paragraph_and_carry_its_link(docs):
    _, paragraphs, mandates = docs[A75]
    cited = mandates[mandates["source"] == "citation"]
    seq_14_112 = int(paragraphs.loc[paragraphs["number"] == "14.112", "seq"].iloc[0])
    row = cited[cited["paragraph_seq"] == seq_14_112].iloc[0]
    assert row["mandate_key"] == "GA:resolution:73/260"
    assert row["url"] == "https://undocs.org/ch/A/RES/73/260"
    seq_14_23 = int(paragraphs.loc[paragraphs["number"] == "14.23", "seq"].iloc[0])
    no_link = cited[cited["paragraph_seq"] == seq_14_23]
    assert set(no_link["mandate_key"]) == {"GA:resolution:74/251", "GA:resolution:71/6"}
    assert no_link["url"].isna().all()  # the seed has no annotation there
    assert set(no_link["subprogramme"]) == {"次级方案 1 气候变化"}


@pytest.mark.parametrize(
    ("text", "symbol", "keys"),
    [
        ("大会第 73/260 号决议", "A/75/6", ["GA:resolution:73/260"]),
        ("理事会第 27/2 号决定", "UNEP/EA.4/16", []),  # a bare council with no context: unresolved
        (
            "环境署理事会第 27/1 号决定和理事会第 27/2 号决定",
            "UNEP/EA.4/16",
            ["UNEP-GC:decision:27/1", "UNEP-GC:decision:27/2"],
        ),
        ("理事会第 26/3 号决定", "UNEP/GC.26/18", ["UNEP-GC:decision:26/3"]),  # the document's own council
        ("理事会第 2019/15 号决议", "E/2020/3", ["ECOSOC:resolution:2019/15"]),
        ("环境大会第 3/11 号决议", "A/75/6", ["UNEA:resolution:3/11"]),
        ("第 2997（XXVII）号决议", "A/75/6", ["GA:resolution:2997 (XXVII)"]),
        ("第 70/205 和 71/228 号决议", "A/75/6", ["GA:resolution:70/205", "GA:resolution:71/228"]),
        ("大会第 73/260 号和第 67/251 号决议", None, ["GA:resolution:73/260", "GA:resolution:67/251"]),
        ("第 S-19/2 号决议", "A/75/6", ["GA:resolution:S-19/2"]),
        ("第 SS.XI/1 号决定", "UNEP/GC.26/18", ["UNEP-GC:decision:SS.XI/1"]),
        ("第 SS.XI/1 号决定", "A/75/6", ["UNEP-GC:decision:SS.XI/1"]),  # only the Council numbers SS.
        ("依照第 3/11 号决议", "UNEP/EA.4/16", ["UNEA:resolution:3/11"]),
        ("全球决议(第 4/16 号决议)，联合国环境大会通过了该决议", "A/75/6", ["UNEA:resolution:4/16"]),
        ("环境大会第 3/2 号决定第 3 段", "UNEP/EA.4/16", ["UNEA:decision:3/2"]),
        (
            "联合国环境大会关于改善空气质量的第1/7 和 3/8 号决议",
            "A/75/6",
            ["UNEA:resolution:1/7", "UNEA:resolution:3/8"],
        ),
        ("联大在其 2012年 12月 21日第 67/213号决议中", "UNEP/EA.4/16", ["GA:resolution:67/213"]),
        ("经济及社会理事会第 2018/5 号决议", "A/75/6", ["ECOSOC:resolution:2018/5"]),
        ("亚太经社会第 74/5 号决议", "A/75/6", ["ESCAP:resolution:74/5"]),
        ("安全理事会第 2334（2016）号决议", "A/75/6", ["SC:resolution:2334 (2016)"]),
        ("见 A/RES/73/260", "A/75/6", ["GA:resolution:73/260"]),
        ("联合国可持续发展大会成果文件第 88 段", "A/75/6", []),
        ("执行联合国环境大会决议和决定", "A/75/6", []),
        ("报告（UNEP/EA.1/2/Add.5）", "UNEP/EA.4/16", []),
    ],
)
def test_citation_forms(text, symbol, keys):
    assert [mandate.key for mandate, _, _ in resolve_citations(text, symbol)] == keys


@pytest.mark.parametrize(
    ("text", "councils", "keys", "warned"),
    [
        # sentences written for the test: the bare council resolves from the bodies the document names
        ("理事会第 2019/15 号决议请秘书长提交报告。", ["ECOSOC"], ["ECOSOC:resolution:2019/15"], False),
        (
            "人权理事会在第 40/1 号决议中，并在理事会第 41/2 号决议中",
            [],
            ["HRC:resolution:40/1", "HRC:resolution:41/2"],
            False,
        ),
        (
            "理事机构第 12/4 号决定",
            ["ECOSOC", "UNEP-GC"],
            ["UNEP-GC:decision:12/4"],
            False,
        ),  # ECOSOC does not number so
        ("理事会第 12/4 号决定", ["ECOSOC"], [], True),
    ],
)
def test_a_bare_council_resolves_from_the_documents_context(text, councils, keys, warned):
    notes: list[str] = []
    assert [m.key for m, _, _ in resolve_citations(text, "A/80/1", None, councils, notes)] == keys
    assert bool(notes) == warned


def test_symbols_and_numbers():
    assert normalise_number("2997（XXVII）") == normalise_number("2997(XXVII)") == "2997 (XXVII)"
    assert official_symbol("GA", "resolution", "73/260") == "A/RES/73/260"
    assert official_symbol("UNEA", "resolution", "3/11") == "UNEP/EA.3/Res.11"
    assert official_symbol("UNEP-GC", "decision", "27/2") is None
    assert official_symbol("GA", "resolution", "2997 (XXVII)") == "A/RES/2997(XXVII)"


def test_cited_documents_are_references_not_mandates(docs):
    assert cited_documents("报告（A/73/81-E/2018/59）和 E/2018/64 以及 A/RES/73/260") == [
        "A/73/81-E/2018/59",
        "E/2018/64",
    ]
    key, paragraphs, _ = docs["UNEP_EA.4_16_zh"]
    refs = document_references_frame(DOC, key["symbol"], paragraphs)
    assert list(refs["symbol"]) == ["UNEP/EA.4/1/Rev.1", "E/2018/64", "UNEP/EA.1/2/Add.5"]
    seq_77 = int(paragraphs.loc[paragraphs["number"] == "77.", "seq"].iloc[0])
    assert int(refs.loc[refs["symbol"] == "UNEP/EA.1/2/Add.5", "paragraph_seq"].iloc[0]) == seq_77
    DocumentReferences.validate(refs, lazy=True)
    key, paragraphs, _ = docs["002_b61ed0f3630fa659_zh"]
    refs = document_references_frame(DOC, key["symbol"], paragraphs)
    assert sorted(set(refs["symbol"])) == ["UNEP/EA.2/1", "UNEP/EA.2/11", "UNEP/EA.2/INF/14", "UNEP/EA.2/INF/6"]
    assert (refs["symbol"] == "UNEP/EA.2/INF/14").sum() == 4  # summary, 5., 24. and 37.


@pytest.mark.parametrize("stem", STEMS)
def test_frames_meet_their_contracts(docs, stem):
    _, _, mandates = docs[stem]
    validated = Mandates.validate(mandates, lazy=True)
    assert len(validated) == len(mandates) > 0


def test_contract_rejects_a_key_that_disagrees_with_its_parts(docs):
    _, _, mandates = docs["UNEP_GC.26_18_zh"]
    broken = mandates.copy()
    broken.loc[broken.index[0], "organ"] = "GA"
    with pytest.raises(Exception, match="key_is_organ_kind_number"):
        Mandates.validate(broken, lazy=True)


def test_mandate_list_read_where_every_heading_has_one_style():
    """A layout that prints every heading alike gives the list's heading (立法授权) and its group
    captions (大会决议 ...) one level: the captions stay inside the list, and every entry of the
    key's lists is read with its key, title and link."""
    key = load_key(A75)
    blocks, _ = document_of(key)
    for block in blocks:
        if block.kind == "heading":
            block.level = 1
    flat = mandates_frame(DOC, key["symbol"], paragraphs_frame(DOC, blocks))
    score = score_mandate_list(key, flat)
    assert score["expected"] == 167
    assert score["recall"] == 1.0 and score["precision"] == 1.0, (score["missing"][:3], score["extra"][:3])
