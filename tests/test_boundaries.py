"""The library is a library: no Streamlit, a sorted public API, data files readable."""

import ast
from pathlib import Path

import workbench
from workbench.knowledge import frameworks, load

PACKAGE = Path(workbench.__file__).parent


def test_the_library_never_imports_streamlit():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_public_api_is_sorted_and_complete():
    assert workbench.__all__ == sorted(workbench.__all__)
    for name in workbench.__all__:
        assert hasattr(workbench, name)


def test_every_framework_pack_loads_with_dimensions():
    packs = frameworks()
    ids = {f.id for f in packs}
    assert {
        "four-comparisons-2021",
        "six-disciplines-2024",
        "theme-education-2023-areas",
        "theme-education-2023-targets",
        "democratic-life-six-aspects",
    } <= ids
    for f in packs:
        assert f.dimensions
        assert f.signals
        assert f.name
        for d in f.dimensions:
            assert d.patterns, f"{f.id}/{d.id} has no pattern"
            assert d.matches(d.title) or f.id == "democratic-life-six-aspects", f"{f.id}/{d.id}"


def test_section_terms_and_placeholders_load():
    assert load("sections")["problems"]["keywords"]
    assert load("placeholders")["patterns"]
