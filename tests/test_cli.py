"""python -m workbench review: JSON contract, readable outline, exit status 2 with Chinese on stderr."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SEED

import workbench


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args], cwd=ROOT, capture_output=True, input=stdin, timeout=120
    )


def test_review_json_follows_the_contract(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(
        "一、存在的问题\n1.理论学习不够深入。担任委员xx年。\n二、原因剖析\n1.学习自觉性不强。\n三、整改措施\n1.每月读书。\n"
    )
    p = run("review", str(f), "--json")
    assert p.returncode == 0, p.stderr.decode()
    d = json.loads(p.stdout)
    assert d["schema"] == "workbench/review@1"
    assert set(d) >= {
        "schema",
        "source",
        "text",
        "framework",
        "sections",
        "problems",
        "causes",
        "remedies",
        "links",
        "findings",
        "summary",
    }
    assert d["source"]["name"] == "r.txt"
    assert d["summary"]["problems"] == 1
    ph = [x for x in d["findings"] if x["name"] == "placeholder"]
    assert [d["text"][x["start"] : x["end"]] for x in ph] == ["xx年"]
    assert {"rule", "name", "severity", "message", "target", "start", "end", "excerpt"} <= set(ph[0])


def test_json_equals_the_library_review(tmp_path):
    if not SEED.exists():
        pytest.skip("seed not beside this checkout")
    p = run("review", str(SEED), "--json")
    assert json.loads(p.stdout) == json.loads(json.dumps(workbench.review(SEED).to_dict()))


def test_readable_outline_is_chinese(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("一、存在的问题\n1.理论学习不够深入。\n")
    p = run("review", str(f))
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "查摆问题" in out
    assert "P1" in out


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为"),
        ("empty.txt", b"", "空"),
        ("broken.docx", b"PK\x03\x04garbage", "不完整"),
        ("junk.txt", bytes(range(256)) * 20, "文本"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(tmp_path, name, data, words):
    f = tmp_path / name
    f.write_bytes(data)
    p = run("review", str(f), "--json")
    assert p.returncode == 2
    assert p.stdout == b""
    err = p.stderr.decode()
    assert words in err
    assert "Traceback" not in err


def test_missing_file_and_stdin(tmp_path):
    assert run("review", str(tmp_path / "nope.txt")).returncode == 2
    p = run("review", "-", "--json", stdin="一、存在的问题\n1.学习不够。\n".encode())
    assert p.returncode == 0
    assert json.loads(p.stdout)["summary"]["problems"] == 1


def test_config_file_switches_rules(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("一、存在的问题\n1.担任委员xx年。\n")
    cfg = tmp_path / "rules.toml"
    cfg.write_text('[rules]\nplaceholder = "off"\n', encoding="utf-8")
    d = json.loads(run("review", str(f), "--json", "--config", str(cfg)).stdout)
    assert not [x for x in d["findings"] if x["name"] == "placeholder"]
    cfg.write_text('[rules]\nWB999 = "off"\n', encoding="utf-8")
    p = run("review", str(f), "--config", str(cfg))
    assert p.returncode == 2
    assert "未知的规则" in p.stderr.decode()
