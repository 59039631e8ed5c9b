"""results, performance_measures and deliverables on the answer keys' blocks and tables (no PDF
parsing): every 成果 heading is a planned result of its subprogramme; the programme performance's
target and achieved values equal the hand-labelled tests/data/performance_targets.json; performance
statements and deliverables counts equal the keys' cells; a compliance-rate table is not a
deliverables table."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from answer_keys import EXPECTED, document_of, load_key

from score.mandates import (
    expected_planned_results,
    score_deliverables,
    score_performance_measures,
    score_results,
    score_targets,
)
from transform.paragraphs import paragraphs_frame
from transform.results import (
    deliverables_frame,
    performance_measures_frame,
    results_frame,
    split_unit,
)
from transform.schemas_results import Deliverables, PerformanceMeasures, Results
from transform.targets import hanzi_number, parse_quantity, stated_target

DOC = "0" * 64
A75 = "A_75_6_Sect.14_zh"
SUBPROGRAMMES = [
    "次级方案 1 气候变化", "次级方案 2 灾害和冲突应对能力", "次级方案 3 健康和有生产力的生态系统",
    "次级方案 4 环境治理", "次级方案 5 化学品、废物和空气质量", "次级方案 6 资源效率", "次级方案 7 环境审查",
]  # fmt: skip


@pytest.fixture(scope="module")
def a75():
    key = load_key(A75)
    blocks, tables = document_of(key)
    paragraphs = paragraphs_frame(DOC, blocks)
    return key, tables, paragraphs


def test_every_planned_result_heading_is_a_results_row_with_its_subprogramme(a75):
    key, _, paragraphs = a75
    results = results_frame(DOC, paragraphs)
    score = score_results(key, results)
    assert score["expected"] == 14  # two per subprogramme
    assert score["missing"] == [] and score["extra"] == []
    assert {s for s, _, _ in expected_planned_results(key)} == set(SUBPROGRAMMES)
    Results.validate(results, lazy=True)


def test_objectives_and_programme_performance(a75):
    _, _, paragraphs = a75
    results = results_frame(DOC, paragraphs)
    objectives = results[results["kind"] == "objective"].set_index("subprogramme")
    assert list(objectives.index) == SUBPROGRAMMES
    assert objectives.loc["次级方案 1 气候变化", "text"] == (
        "本次级方案促进实现的目标是推进各国向低排放经济发展过渡并提高其适应和抵御气候变化的能力。"
    )
    performance = results[results["kind"] == "programme_performance"]
    assert len(performance) == 14  # '与计划成果对照' and the narrative section of each subprogramme
    story = performance[performance["title"] == "地区能源：促进气候行动和人类健康的秘密利器"].iloc[0]
    assert story["subprogramme"] == "次级方案 1 气候变化"
    assert "14 个国家(与 2018 年相比增加了 8 个国家)" in story["text"]  # its progress subsection
    assert "2021 年计划成果" not in story["text"]
    versus = performance[performance["title"].str.contains("对照")]
    assert versus.iloc[0]["text"].endswith("而目标是 35 个，(加上 2016-2017 两年期的 52 个)总共是 87 个。")


TARGETS = json.loads((EXPECTED.parent / "performance_targets.json").read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("stem", list(TARGETS))
def test_stated_targets_equal_the_hand_labelled_ones(stem):
    blocks, _ = document_of(load_key(stem))
    results = results_frame(DOC, paragraphs_frame(DOC, blocks))
    score = score_targets(TARGETS[stem], results)
    assert score["expected"] == len(TARGETS[stem])
    assert score["missing"] == [] and score["extra"] == []
    Results.validate(results, lazy=True)


def test_targets_are_quoted_from_the_raw_text(a75):
    _, _, paragraphs = a75
    results = results_frame(DOC, paragraphs)
    stated = results[results["target_text"].notna()]
    assert set(stated["kind"]) == {"programme_performance"}
    assert all(title.endswith("与计划成果对照") for title in stated["title"])  # the stories state none
    for row in stated.itertuples():
        assert row.target_text in row.text and row.achieved_text in row.text
        assert parse_quantity(row.target_text) == (row.target_value, row.value_unit)
        assert parse_quantity(row.achieved_text) == (row.achieved_value, row.value_unit)


@pytest.mark.parametrize(
    ("text", "target", "achieved", "unit"),
    [
        (
            "证明是国家新增了 35 个，而目标是 35 个，(加上 2016-2017 两年期的 52 个)总共是 87 个。",
            "35 个",
            "35 个",
            "个",
        ),
        ("满足的比例达到 100%，而目标则为 90%。", "90%", "100%", "%"),
        ("满足的比例达到１００％，而目标则为９０％。", "９０％", "１００％", "%"),  # full-width, kept as printed
        ("又有 4 个国家通过，总数增至 18 个，高于目标所述的 11 个。", "11 个", "18 个", "个"),
        ("126 个国家实施了政策(设定目标为 125 个)，按照可持续发展目标 8、9 和 12 推广", "125 个", "126 个", "个"),
        ("目标是 30 家，实际达到 41 家企业。", "30 家", "41 家", "家"),  # achieved after the target
        ("已有 40 个国家参加。目标是 30 个。", "30 个", "40 个", "个"),  # achieved in the sentence before
        ("超过了 30 个国家的目标，共有 1 200 个城市", "30 个", "1 200 个", "个"),
        ("报告率提高了 8 个百分点，目标值为 5 个百分点。", "5 个百分点", "8 个百分点", "个百分点"),
        ("应三个国家的要求，派出了 3 支团队，目标为两个国家。", "两个", "三个", "个"),
        ("目标是 12 项，已完成。", "12 项", None, "项"),  # no achieved figure stated
        # sentences written for the tests, in phrasings the samples do not use
        ("共培训 250 名官员，而指标为 200 名。", "200 名", "250 名", "名"),
        ("目标定在 60%，年底的答复率为 72%。", "60%", "72%", "%"),
        ("该年度举办了 14 次讲习班，原定目标为 12 次讲习班。", "12 次", "14 次", "次"),
        ("设定的目标是七个国家，结果有九个国家通过了法规。", "七个", "九个", "个"),
    ],
)
def test_stated_target_forms(text, target, achieved, unit):
    found = stated_target(text)
    assert found is not None
    assert (found.target_text, found.achieved_text, found.unit) == (target, achieved, unit)
    assert text[slice(*found.target_span)] == target
    assert found.target_value == parse_quantity(target)[0]


@pytest.mark.parametrize(
    "text",
    [
        "按照可持续发展目标 8、9 和 12 推广当地产品。",  # an SDG number, not a target
        "在 2019 年实现了目标。",  # a year
        "业绩指标 3 涉及 5 个国家。",  # an indicator's number, no target stated
        "目标是到 2030 年消除贫困。",  # a target year, not a quantity
        "帮助实现“人人享有可持续能源”的一个目标：全球能效改善率提高一倍。",
        "",
    ],
)
def test_texts_without_a_stated_target(text):
    assert stated_target(text) is None


def test_numbers():
    assert [hanzi_number(t) for t in ("三", "十", "十二", "二十", "九十九", "一百", "百", "x")] == [
        3, 10, 12, 20, 99, 100, 100, None,
    ]  # fmt: skip
    assert parse_quantity("57 000 个") == (57000.0, "个") and parse_quantity("2019 年") is None


def test_planned_result_text_runs_to_the_next_result(a75):
    _, _, paragraphs = a75
    results = results_frame(DOC, paragraphs)
    planned = results[(results["kind"] == "planned_result") & (results["subprogramme"] == "次级方案 1 气候变化")]
    first, second = planned.iloc[0], planned.iloc[1]
    assert (first["number"], first["title"]) == ("1", "增强气候雄心(从 2020 年承接的成果)")
    assert first["text"].startswith("本次级方案将继续根据任务规定") and "电动" not in first["text"]
    assert second["title"] == "电动出行：通过全球电动出行计划提振雄心(新成果)"
    assert "内部挑战和对策" in second["text"] and second["text"].endswith("推广节能汽车包括电动汽车。")
    assert "立法授权" not in second["text"]


def test_performance_statements_equal_the_key_cells(a75):
    key, tables, paragraphs = a75
    measures = performance_measures_frame(DOC, tables, paragraphs)
    score = score_performance_measures(key, measures)
    assert score["expected"] == 20
    assert score["missing"] == [] and score["extra"] == []
    by_table = measures.groupby("table_key")["subprogramme"].first().to_dict()
    assert by_table == {
        "14.2": "次级方案 1 气候变化",
        "14.5": "次级方案 3 健康和有生产力的生态系统",
        "14.7": "次级方案 4 环境治理",
        "14.8": "次级方案 4 环境治理",
    }
    assert list(measures[measures["table_key"] == "14.7"]["year"]) == ["2015", "2016", "2017", "2018", "2019"]
    PerformanceMeasures.validate(measures, lazy=True)


def test_deliverables_counts_equal_the_key_tables(a75):
    key, tables, paragraphs = a75
    deliverables = deliverables_frame(DOC, tables, paragraphs)
    score = score_deliverables(key, deliverables)
    assert score["expected"] == 180  # 45 numbered items x 4 year columns
    assert score["missing"] == [] and score["extra"] == []
    assert "14.22" not in set(deliverables["table_key"])  # 合规率 (per cent) has the same columns
    Deliverables.validate(deliverables, lazy=True)


def test_deliverables_long_form(a75):
    _, tables, paragraphs = a75
    deliverables = deliverables_frame(DOC, tables, paragraphs)
    rows = deliverables[deliverables["table_key"] == "14.10"]
    assert set(rows["subprogramme"]) == {"次级方案 5 化学品、废物和空气质量"}
    seminar = rows[rows["item"] == "2. 关于化学品和废物健全管理的研讨会和培训活动"]
    assert list(zip(seminar["year"], seminar["measure"], seminar["count"], strict=True)) == [
        ("2019", "planned", pd.NA), ("2019", "actual", 4), ("2020", "planned", 4), ("2021", "planned", 4),
    ]  # fmt: skip
    assert set(seminar["category"]) == {"B. 生成和转让知识"}
    assert set(seminar["subcategory"]) == {"研讨会、讲习班和培训活动"} and set(seminar["unit"]) == {"(天数)"}
    assert not rows["item"].fillna("").str.startswith(("协商", "外联", "真相")).any()  # C./D. free text
    common = deliverables[deliverables["table_key"] == "14.1"]
    assert common["subprogramme"].isna().all()  # the programme-wide table
    for table in tables:  # every subcategory count is the sum of its items (a check on the frame)
        if table.table_key not in set(deliverables["table_key"]):
            continue
        for row in table.rows:
            if row.kind != "subtotal":
                continue
            name, _ = split_unit(row.cells[0])
            part = deliverables[(deliverables["table_key"] == table.table_key) & (deliverables["subcategory"] == name)]
            for c, (year, measure) in enumerate(
                [("2019", "planned"), ("2019", "actual"), ("2020", "planned"), ("2021", "planned")], 1
            ):
                cell = row.cells[c].replace(" ", "")
                total = part[(part["year"] == year) & (part["measure"] == measure)]["count"].fillna(0).sum()
                assert total == (int(cell) if cell.isdigit() else 0), (table.table_key, name, year, measure)


@pytest.mark.parametrize("stem", ["UNEP_EA.4_16_zh", "UNEP_GC.26_18_zh", "002_b61ed0f3630fa659_zh"])
def test_reports_without_a_programme_plan_have_no_results(stem):
    blocks, tables = document_of(load_key(stem))
    paragraphs = paragraphs_frame(DOC, blocks)
    assert results_frame(DOC, paragraphs).empty
    assert performance_measures_frame(DOC, tables, paragraphs).empty
    assert deliverables_frame(DOC, tables, paragraphs).empty
