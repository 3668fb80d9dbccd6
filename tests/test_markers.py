import pytest

from workbench.markers import cn_to_int, format_like, match_marker


@pytest.mark.parametrize(
    ("text", "family", "value", "number"),
    [
        ("一、查摆存在的问题", "cn", 1, "一"),
        ("十二、其他", "cn", 12, "十二"),
        ("（三）对照入党誓词方面", "cn-paren", 3, "三"),
        ("(二)在政治纪律方面", "cn-paren", 2, "二"),
        ("1.理论学习不够", "ar", 1, "1"),
        ("12．创新不足", "ar", 12, "12"),
        ("3、作风不实", "ar", 3, "3"),
        ("（4）学习不深", "ar-paren", 4, "4"),
        ("2）学习不深", "ar-half", 2, "2"),
        ("③纪律松弛", "circled", 3, "③"),
        ("第二，工作标准不高", "ordinal", 2, "二"),
        ("三是调查研究不深入", "shi", 3, "三"),
        ("其次，服务意识不强", "seq", 2, "其次"),
        ("　　2.政治能力不高", "ar", 2, "2"),
        ("一、2021年度整改落实情况", "cn", 1, "一"),
    ],
)
def test_markers_are_read_as_written(text, family, value, number):
    m = match_marker(text)
    assert m is not None
    assert (m.family, m.value, m.number) == (family, value, number)


@pytest.mark.parametrize("text", ["2021年以来，我", "1.5万元资金", "2、3个村", "一段时间以来", "是非面前", "五"])
def test_text_that_only_looks_numbered_has_no_marker(text):
    assert match_marker(text) is None


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("一", "十", "十一", "二十", "二十三", "一百零三", "7")] == [
        1,
        10,
        11,
        20,
        23,
        103,
        7,
    ]
    assert cn_to_int("甲") is None


def test_expected_number_is_written_in_the_same_style():
    assert format_like(match_marker("（二）对照"), 3) == "（三）"
    assert format_like(match_marker("4.学习"), 3) == "3."
    assert format_like(match_marker("②学习"), 3) == "③"
