"""Every rule: a stable id and name, Chinese texts, and a flagged and a clean example that behave."""

import re

import pytest

import workbench
from workbench.branch import Branch
from workbench.checks import RULES, rule_by_key
from workbench.checks.corpus import split_examples
from workbench.config import ConfigError, parse_overrides
from workbench.model import Severity
from workbench.versions import with_last_year

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_rule_ids_and_names_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(ids)) == len(ids)
    assert len(set(names)) == len(names)
    assert ids == sorted(ids)
    for r in RULES:
        assert re.fullmatch(r"WB[1-5]\d\d", r.id)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
        assert CJK.search(r.title)
        assert CJK.search(r.rationale)


def reviews_of(rule, text: str) -> list[workbench.Review]:
    """One review, or for a rule across reports (WB5xx) the branch of the example's reports."""
    if rule.id == "WB503":  # last year's report, then this year's
        last, this = (workbench.review(t) for t in split_examples(text))
        return [with_last_year(this, last)]
    if rule.id.startswith("WB5"):
        return Branch.from_texts(split_examples(text)).reviews
    return [workbench.review(text)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_flagged_example_triggers_the_rule(rule):
    found = [f for r in reviews_of(rule, rule.flagged) for f in r.findings if f.rule == rule.id]
    assert found
    for f in found:
        assert CJK.search(f.message)
        assert f.name == rule.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_clean_example_does_not_trigger_the_rule(rule):
    assert not [f for r in reviews_of(rule, rule.clean) for f in r.findings if f.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_finding_span_lies_inside_the_text(rule):
    for r in reviews_of(rule, rule.flagged):
        for f in r.findings:
            assert 0 <= f.start <= f.end <= len(r.text)


def test_placeholder_spans_are_exact():
    r = workbench.review("本人担任委员已经xx年，联系农户XX户，20**年完成，某某同志，签字：____。")
    spans = [r.text[f.start : f.end] for f in r.findings if f.name == "placeholder"]
    assert spans == ["xx年", "XX户", "20**年", "某某", "____"]


def test_placeholder_ignores_latin_words_and_filled_numbers():
    r = workbench.review("用Excel表格和xxx.com以外的Box统计了6个村2023年的数据。")
    assert not [f for f in r.findings if f.name == "placeholder" and r.text[f.start : f.end] != "xxx"]


def test_a_configuration_switches_a_rule_off_and_regrades_another():
    overrides = parse_overrides('[rules]\nWB301 = "off"\nmissing-section = "info"\n')
    r = workbench.review(rule_by_key("WB101").flagged + "\n担任委员xx年。", overrides=overrides)
    assert not [f for f in r.findings if f.rule == "WB301"]
    assert {f.severity for f in r.findings if f.rule == "WB101"} == {Severity.INFO}


@pytest.mark.parametrize("text", ['[rules]\nWB999 = "off"', '[rules]\nWB301 = "loud"', "[rules"])
def test_a_bad_configuration_is_refused_in_chinese(text):
    with pytest.raises(ConfigError, match=CJK.pattern):
        parse_overrides(text)
