"""Property: reviewing any text never raises, and every span stays inside the text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbench

FRAGMENTS = [
    "一、",
    "二、",
    "三、",
    "（一）",
    "（二）",
    "1.",
    "2、",
    "（1）",
    "①",
    "第一，",
    "一是",
    "二是",
    "首先，",
    "存在的问题",
    "原因剖析",
    "整改措施",
    "上年度整改落实情况",
    "对照入党誓词方面",
    "政治纪律方面",
    "篇一",
    "篇二",
    "原因：",
    "整改措施：",
    "以上7个问题",
    "原因有3点",
    "xx年",
    "××",
    "某某",
    "____",
    "20**年",
    "理论学习不够深入",
    "。",
    "，",
    "：",
    "\n",
    "\n",
    "\u3000\u3000",
    " ",
    "以上检视剖析，请批评指正。",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_reviews_without_error_and_spans_stay_inside(text):
    try:
        r = workbench.review(text)
    except workbench.InputRejected:
        return  # empty or unreadable input is refused with a message, which is fine
    n = len(r.text)
    for f in r.findings:
        assert 0 <= f.start <= f.end <= n
    for i in r.outline.items:
        assert 0 <= i.start <= i.end <= n
        assert r.text[i.start : i.end] == i.text
    for s in r.outline.sections:
        assert 0 <= s.start <= s.end <= n
    r.to_dict()
