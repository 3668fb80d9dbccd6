"""Docs that come from the code stay in step with it."""

from conftest import ROOT

from workbench.checks import RULES
from workbench.ruledocs import rules_markdown


def test_docs_rules_md_is_generated_from_the_registry():
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == rules_markdown(), "docs/rules.md is stale: python -m workbench rules --markdown > docs/rules.md"


def test_every_rule_is_documented_with_its_examples():
    text = rules_markdown()
    for r in RULES:
        assert f"### {r.id} `{r.name}`" in text
        assert r.rationale in text


def test_readme_points_to_the_rule_list():
    assert "docs/rules.md" in (ROOT / "README.md").read_text(encoding="utf-8")
