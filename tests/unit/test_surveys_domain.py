"""Survey maths and rules against hand-computed cases."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from crm.domain.enums import QuestionKind as K, SurveyDimension as D
from crm.domain.surveys import (
    AnswerInput, QuestionDef, TemplateDraft, add_months, change, month_key, new_survey_code,
    normalise_survey_code, nps_stats, parse_score, previous_period, question_from_json,
    score_stats, summarise, template_problems, validate_answers,
)
from crm.paths import RESOURCES

QS = (
    QuestionDef(1, "效率", D.EFFICIENCY, K.LIKERT5, id=11),
    QuestionDef(2, "等候", D.EFFICIENCY, K.CHOICE, ("5 分钟以内", "30 分钟以上"), False, id=12),
    QuestionDef(3, "态度", D.ATTITUDE, K.LIKERT5, id=13),
    QuestionDef(4, "推荐", D.NPS, K.SCALE10, id=14),
    QuestionDef(5, "建议", D.SUGGESTION, K.TEXT, required=False, id=15),
)


def test_csat_and_mean_hand_computed():
    # 1×1, 2×1, 3×2, 4×3, 5×3 → n=10, mean=(1+2+6+12+15)/10=3.6, CSAT=6/10=60%
    st = score_stats({1: 1, 2: 1, 3: 2, 4: 3, 5: 3})
    assert st.n == 10 and st.mean == pytest.approx(3.6) and st.csat == pytest.approx(60.0)
    assert st.counts == ((1, 1), (2, 1), (3, 2), (4, 3), (5, 3))
    assert score_stats({}).mean is None and score_stats({}).csat is None


def test_nps_hand_computed():
    # promoters 9,10: 5; passives 7,8: 3; detractors 0–6: 2 → (5-2)/10 = +30
    st = nps_stats({10: 2, 9: 3, 8: 2, 7: 1, 6: 1, 0: 1})
    assert (st.promoters, st.passives, st.detractors, st.n) == (5, 3, 2, 10)
    assert st.score == pytest.approx(30.0)
    # all detractors: −100; 6 is a detractor and 7 is not
    assert nps_stats({6: 4}).score == pytest.approx(-100.0)
    assert nps_stats({7: 1, 8: 1}).score == pytest.approx(0.0)
    assert nps_stats({}).score is None
    # 1 promoter, 2 detractors out of 3 → −33.3
    assert nps_stats({9: 1, 3: 2}).score == pytest.approx(-100 / 3)


def test_low_scores_trigger_a_case_and_positive_needs_all_high():
    low = summarise(QS, [AnswerInput(11, score=2), AnswerInput(13, score=5),
                         AnswerInput(14, score=6), AnswerInput(15, text="希望缩短排队时间")])
    assert low.low and not low.positive
    assert low.triggers == ("服务效率 2 分（不满意）", "推荐意愿 6 分（贬损者）")
    assert low.suggestions == ("希望缩短排队时间",)
    assert (low.nps, low.likert_sum, low.likert_n, low.likert_top) == (6, 7, 2, 1)

    ok = summarise(QS, [AnswerInput(11, score=3), AnswerInput(13, score=4), AnswerInput(14, score=7)])
    assert not ok.low and not ok.positive          # 3 is not low, nor positive
    good = summarise(QS, [AnswerInput(11, score=4), AnswerInput(13, score=5), AnswerInput(14, score=9)])
    assert good.positive and not good.low
    assert not summarise(QS, [AnswerInput(11, score=5), AnswerInput(14, score=8)]).positive


def test_answer_validation_names_the_question_in_chinese():
    answers, errors = validate_answers(QS, [AnswerInput(11, score=6), AnswerInput(12, choice="一小时"),
                                            AnswerInput(14, score=11)])
    assert errors["q1"] == "第 1 题（服务效率）：请填写 1–5 之间的整数分数"
    assert errors["q2"] == "第 2 题（服务效率）：“一小时”不是此题的选项"
    assert errors["q3"] == "第 3 题（员工态度）：此题必答"
    assert errors["q4"] == "第 4 题（推荐意愿）：请填写 0–10 之间的整数分数"
    assert "q5" not in errors
    answers, errors = validate_answers(QS, [AnswerInput(11, score=1), AnswerInput(12, choice="2"),
                                            AnswerInput(13, score=5), AnswerInput(14, score=0),
                                            AnswerInput(15, text="  ")])
    assert errors == {}
    assert [a.question_id for a in answers] == [11, 12, 13, 14]
    assert answers[1].choice == "30 分钟以上"    # an option typed by its number


def test_parse_score_accepts_typed_digits():
    assert parse_score(" 4 ") == 4 and parse_score("１０") == 10 and parse_score(5.0) == 5
    assert parse_score("") is None and parse_score(None) is None
    for bad in ("4.5", "四", "-1", True):
        with pytest.raises(ValueError):
            parse_score(bad)


def test_template_rules():
    bad = TemplateDraft(" ", (QuestionDef(1, "推荐", D.NPS, K.LIKERT5),
                              QuestionDef(2, "", D.QUALITY, K.LIKERT5),
                              QuestionDef(3, "哪项", D.PRODUCTS, K.CHOICE, ("甲",))))
    errors = template_problems(bad)
    assert errors["name"] == "请填写问卷名称"
    assert errors["q1"] == "第 1 题：“推荐意愿”题只能是0-10 分题"
    assert errors["q2"] == "第 2 题：请填写题目"
    assert errors["q3"] == "第 3 题：单选题至少需要两个非空选项"


def test_the_shipped_template_covers_every_dimension_and_is_valid():
    spec = json.loads((RESOURCES / "surveys" / "default_template.json").read_text("utf-8"))
    questions = tuple(question_from_json(q) for q in spec["questions"])
    assert {q.dimension for q in questions} == set(D)
    assert template_problems(TemplateDraft(spec["name"], questions)) == {}


def test_months_and_periods():
    # 2026-11-30 20:00 UTC is 2026-12-01 in Beijing
    assert month_key(datetime(2026, 11, 30, 20, tzinfo=timezone.utc)) == 202612
    assert add_months(202601, -1) == 202512 and add_months(202611, 3) == 202702
    assert previous_period(202607, 202612) == (202601, 202606)
    assert previous_period(202601, 202601) == (202512, 202512)


def test_change_marks():
    assert change(62.5, 60.0) == (2.5, "↑")
    assert change(10.0, 30.0) == (-20.0, "↓")
    assert change(5.0, 5.0) == (0.0, "→")
    assert change(None, 3.0) == (None, "—")


def test_survey_codes_round_trip_and_catch_typos():
    code = new_survey_code(date(2026, 12, 3))
    assert code.startswith("S2612-") and len(code) == 14
    assert normalise_survey_code(code.lower().replace("-", " ")) == code
    for pos in range(1, 14):               # any single mistyped character is caught
        if code[pos] == "-":
            continue
        for ch in "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ":
            if ch != code[pos]:
                assert normalise_survey_code(code[:pos] + ch + code[pos + 1:]) != code
    assert normalise_survey_code("hello") is None
