"""The review store (issue 7): a review survives a restart, concurrent writers lose nothing, a killed
writer leaves every committed change and nothing of its interrupted transaction, delete is for good."""

from __future__ import annotations

import io
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import workbench
from workbench.ledger import ledger_xlsx
from workbench.store import ENV, MIGRATIONS, Conflict, Store, StoreError
from workbench.triage import Decision, Status, finding_key

ROOT = Path(__file__).resolve().parents[1]
S11 = ROOT / "sample_reports" / "s11_yishi_items_township.txt"
S05 = ROOT / "sample_reports" / "s05_democratic_life_leader.txt"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "wb.sqlite3"


@pytest.fixture
def store(db: Path):
    s = Store(db)
    yield s
    s.close()


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _child(code: str, *args: object) -> subprocess.Popen[str]:
    """A Python process running ``code`` (``sys.argv[1:]`` = ``args``), its stdout piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", code, *map(str, args)]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)


# ── opening ──────────────────────────────────────────────────────────────────────────────────────


def test_the_path_comes_from_the_argument_the_environment_or_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "env.sqlite3"))
    with Store() as s:
        assert s.path == tmp_path / "env.sqlite3"
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store() as s:
        assert s.path == tmp_path / "data" / "workbench" / "workbench.sqlite3"
        assert stat.S_IMODE(s.path.stat().st_mode) == 0o600
    with Store(tmp_path / "arg.sqlite3") as s:
        assert s.path.name == "arg.sqlite3"


def test_wal_foreign_keys_and_schema_version(store, db):
    assert _rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert _rows(db, "SELECT version FROM schema_version") == [(len(MIGRATIONS),)]
    conn = store._conn()
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    Store(db).close()  # opening again migrates nothing and keeps one version row
    assert _rows(db, "SELECT count(*) FROM schema_version") == [(1,)]


# ── a review survives a restart ──────────────────────────────────────────────────────────────────


def test_a_review_survives_a_restart(db):
    s = Store(db)
    stored = s.add_report(S11.name, S11.read_bytes(), "李明", "2024年度组织生活会", 2024, "王审")
    review = s.load_review(stored.id)
    # two findings the link corrections below cannot remove (a gap finding can go with a new link)
    f1, f2 = [f for f in review.findings if not f.rule.startswith("WB2")][:4:3]
    s.decide(stored.id, finding_key(f1), Decision(Status.ACCEPTED, comment="请补全姓名", reviewer="王审"))
    s.decide(stored.id, finding_key(f2), Decision(Status.DISMISSED, reason="表述可以接受", reviewer="赵审"))
    thread = s.comment(stored.id, "P1", "王审", "问题1缺少具体事例")
    s.comment(stored.id, "ignored", "李明", "已补充两个事例", parent_id=thread.id)
    s.resolve_comment(thread.id, "王审")
    s.correct_link(stored.id, "P4", "R4", "add", "王审")
    s.correct_link(stored.id, "P1", "C3", "remove", "王审")
    s.set_status(stored.id, "退回修改", "王审")
    relinked = s.load_review(stored.id)
    s.save_review(stored.id, relinked, "王审")
    before = (s.decisions(stored.id), s.comments(stored.id), s.corrections(stored.id), s.status_history(stored.id))
    s.close()

    with Store(db) as again:  # a new process would see the same: nothing is kept in memory
        assert again.get_report(stored.id).status == "退回修改"
        assert again.get_report(stored.id).status_by == "王审"
        after = (
            again.decisions(stored.id),
            again.comments(stored.id),
            again.corrections(stored.id),
            again.status_history(stored.id),
        )
        assert after == before
        decisions, comments, (added, removed), history = after
        assert decisions[finding_key(f1)].comment == "请补全姓名"
        assert decisions[finding_key(f2)] == Decision(Status.DISMISSED, "表述可以接受", "", "赵审")
        assert comments[0].resolved
        assert comments[0].resolved_by == "王审"
        assert [(c.author, c.anchor, c.text) for c in comments[0].replies] == [("李明", "P1", "已补充两个事例")]
        assert (added, removed) == ({("P4", "R4")}, {("P1", "C3")})
        assert [h.status for h in history] == ["草稿", "退回修改"]
        reloaded = again.load_review(stored.id)
        assert reloaded.to_dict() == relinked.to_dict() == again.saved_review(stored.id)
        assert ("P4", "R4", "reviewer") in {(x.source, x.target, x.basis) for x in reloaded.links}
        assert set(decisions) <= {finding_key(f) for f in reloaded.findings}
        assert again.report_data(stored.id) == S11.read_bytes()


def test_the_same_upload_twice_is_one_report(store):
    a = store.add_report("a.txt", b"text", "M", "meeting", 2024, "u")
    assert store.add_report("again.txt", b"text", "M", "meeting", 2024, "u") == a
    assert store.add_report("a.txt", b"text", "other member", "meeting", 2024, "u").id != a.id
    assert len(store.reports()) == 2


def test_versions_and_last_year_are_found(store):
    old = store.add_report("2023.txt", b"2023 approved", "M", "2023", 2023, "u")
    store.set_status(old.id, "审核通过", "r")
    store.add_report("2023b.txt", b"2023 later draft", "M", "2023", 2023, "u")
    v1 = store.add_report("v1.txt", b"v1", "M", "2024", 2024, "u")
    v2 = store.add_report("v2.txt", b"v2", "M", "2024", 2024, "u")
    store.add_report("other.txt", b"other", "N", "2024", 2024, "u")
    assert store.previous_version(v2) == v1
    assert store.previous_version(v1) is None
    assert store.last_year(v2) == store.get_report(old.id)  # the approved one of the latest earlier year
    assert [r.name for r in store.reports(member="M", year=2024)] == ["v1.txt", "v2.txt"]
    store.delete_report(v1.id, purge=False)
    assert store.previous_version(v2) is None
    assert [r.id for r in store.reports(deleted=True)] == [v1.id]


def test_refusals_are_in_chinese(store):
    r = store.add_report("a.txt", b"x", "M", "", None, "u")
    other = store.add_report("b.txt", b"y", "M", "", None, "u")
    with pytest.raises(StoreError, match="状态"):
        store.set_status(r.id, "通过", "x")
    with pytest.raises(StoreError, match="批注"):
        store.comment(r.id, "P1", "x", "  ")
    c = store.comment(r.id, "P1", "x", "text")
    with pytest.raises(StoreError, match="回复"):
        store.comment(other.id, "P1", "x", "reply", parent_id=c.id)
    with pytest.raises(StoreError, match="找不到"):
        store.get_report(999)
    assert store.last_year(r) is None


# ── concurrent reviewers ─────────────────────────────────────────────────────────────────────────


def test_two_reviewers_changing_the_status_at_once_do_not_overwrite_each_other(db):
    a, b = Store(db), Store(db)
    try:
        r = a.add_report("a.txt", b"x", "M", "", None, "u")
        seen = b.get_report(r.id).status
        a.set_status(r.id, "退回修改", "甲", expected=seen)
        with pytest.raises(Conflict, match="甲"):
            b.set_status(r.id, "审核通过", "乙", expected=seen)
        assert [(h.status, h.by) for h in b.status_history(r.id)] == [("草稿", "u"), ("退回修改", "甲")]
    finally:
        a.close()
        b.close()


def test_two_threads_writing_at_once_lose_nothing(store, db):
    r = store.add_report("a.txt", b"x", "M", "", None, "u")
    n = 150
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(who: str) -> None:
        try:
            start.wait()
            for i in range(n):
                store.decide(r.id, f"{who}:{i}", Decision(Status.ACCEPTED, reviewer=who))
                store.decide(r.id, "shared", Decision(Status.DISMISSED, reason=f"{who}{i}", reviewer=who))
                if i % 3 == 0:
                    store.comment(r.id, f"{who}:{i}", who, f"第{i}条")
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(who,)) for who in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _rows(db, "SELECT count(*) FROM decision_events") == [(4 * n,)]
    assert _rows(db, "SELECT count(*) FROM comments") == [(2 * len(range(0, n, 3)),)]
    decisions = store.decisions(r.id)
    assert len(decisions) == 2 * n + 1
    assert len(store.decision_history(r.id, "shared")) == 2 * n  # both reviewers' decisions are kept
    assert len(store._open) == 3  # one connection per thread (the finished ones are closed on close())


WRITER = """
import sys
from workbench.store import Store
from workbench.triage import Decision, Status
who, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with Store(path) as s:
    rid = s.reports()[0].id
    for i in range(n):
        s.decide(rid, f"{who}:{i}", Decision(Status.ACCEPTED, reviewer=who))
        s.comment(rid, f"{who}:{i}", who, f"comment {i}")
print("done", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(store, db):
    store.add_report("a.txt", b"x", "M", "", None, "u")
    n = 150
    procs = [_child(WRITER, who, n, db) for who in ("甲", "乙")]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs == ["done\n", "done\n"]
    assert _rows(db, "SELECT count(*) FROM decision_events") == [(2 * n,)]
    assert _rows(db, "SELECT count(*) FROM comments") == [(2 * n,)]
    assert len(store.decisions(store.reports()[0].id)) == 2 * n


# ── a writer killed in the middle ────────────────────────────────────────────────────────────────

KILLED = """
import sys, time
from workbench.store import Store
from workbench.triage import Decision, Status
s = Store({path!r})
rid = s.add_report("a.txt", b"x", "M", "", None, "u").id
for i in range({small}):
    s.decide(rid, f"small:{{i}}", Decision(Status.ACCEPTED, reviewer="w"))
    print("committed", f"small:{{i}}", flush=True)

def big():
    for i in range(10**9):
        if i == {inside}:
            print("inside", flush=True)
        if i >= {inside}:
            time.sleep(0.001)
        yield f"big:{{i}}", Decision(Status.DISMISSED, reason="x" * 300, reviewer="w")

s.decide_many(rid, big())
print("never", flush=True)
"""


def test_a_writer_killed_in_a_large_transaction_leaves_every_committed_change(db):
    child = _child(KILLED.format(path=str(db), small=40, inside=40_000))
    committed = []
    for line in child.stdout:
        if line.startswith("committed"):
            committed.append(line.split()[1])
        if line.startswith("inside"):
            break
    time.sleep(0.2)
    wal = db.with_name(db.name + "-wal")
    spilled = wal.stat().st_size  # the open transaction has already written pages to the WAL
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert len(committed) == 40
    print(f"\nkilled mid-transaction: {len(committed)} committed, WAL {spilled} bytes")
    assert spilled > 4_000_000, "the transaction was interrupted after it had written to disk"

    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    keys = {k for (k,) in _rows(db, "SELECT finding_key FROM decision_events")}
    assert keys == set(committed)  # every committed row, none of the killed transaction's 40 000+
    with Store(db) as s:
        assert set(s.decisions(s.reports()[0].id)) == set(committed)
        s.decide(s.reports()[0].id, "after", Decision())  # and the database takes writes again


LOOP = """
from workbench.store import Store
from workbench.triage import Decision, Status
s = Store({path!r})
rid = s.reports()[0].id
i = 0
while True:
    s.decide_many(rid, [(f"{round}:{{i}}:{{j}}", Decision(Status.ACCEPTED, reviewer="w")) for j in range(20)])
    print(i, flush=True)
    i += 1
"""


def test_writers_killed_at_random_moments_leave_a_consistent_database(store, db):
    rid = store.add_report("a.txt", b"x", "M", "", None, "u").id
    rng = random.Random(7)
    for n in range(6):
        child = _child(LOOP.format(path=str(db), round=n))
        assert child.stdout.readline()  # it has committed at least once
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        printed = [int(x) for x in child.stdout.read().split()]
        child.wait(timeout=30)
        child.stdout.close()
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
        rows = _rows(db, f"SELECT finding_key FROM decision_events WHERE finding_key LIKE '{n}:%'")
        batches = {int(k.split(":")[1]) for (k,) in rows}
        assert len(rows) == 20 * len(batches)  # whole transactions only
        done = 1 + (max(printed) if printed else 0)  # batches reported committed
        assert set(range(done)) <= batches <= set(range(done + 1))  # at most the one not yet reported
        print(f"\nkill {n}: {done} batches reported, {len(batches)} in the database")
    assert len(store.decisions(rid)) == _rows(db, "SELECT count(*) FROM decision_events")[0][0]


# ── delete ───────────────────────────────────────────────────────────────────────────────────────


def _file_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_delete_removes_the_bytes_for_good(store, db):
    marker = "绝密标记-ZQX-7741"
    text = f"一、存在的问题\n1.{marker}问题没有整改。\n2.理论学习不够。\n二、整改措施\n1.{marker}。\n2.每周学习。\n"
    secret = store.add_report("s.txt", text.encode(), "M", "", None, "u")
    keep = store.add_report("k.txt", "一、存在的问题\n保留的材料".encode(), "M", "", None, "u")
    store.decide(secret.id, "WB301:1:2:", Decision(comment=marker))
    store.comment(secret.id, "P1", "r", marker)
    store.correct_link(secret.id, "P1", "R1", "add", "r")
    store.save_review(secret.id, store.load_review(secret.id), "r")
    assert store.import_ledger(secret.id, _ledger(secret.id, store, {"P1": "已整改"}), "r")
    store._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert marker.encode() in _file_bytes(db)  # the search would find it

    store.delete_report(secret.id)
    assert marker.encode() not in _file_bytes(db)
    for table in ("decision_events", "comments", "link_events", "status_events", "ledger_events", "saved_reviews"):
        assert _rows(db, f"SELECT count(*) FROM {table} WHERE report_id = {secret.id}") == [(0,)]
    assert [r.id for r in store.reports()] == [keep.id]
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


# ── the 整改台账 loop ────────────────────────────────────────────────────────────────────────────


def _ledger(report_id: int, store: Store, statuses: dict[str, str]) -> bytes:
    """The ledger exported for the report, edited as a branch would in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(ledger_xlsx(store.load_review(report_id))))
    ws = wb["整改台账"]
    header = [c.value for c in ws[2]]
    key, status = header.index("编号") + 1, header.index("状态") + 1
    for row in range(3, ws.max_row + 1):
        pid = ws.cell(row, key).value
        if pid in statuses:
            ws.cell(row, status).value = statuses[pid]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_ledger_comes_back_with_its_statuses(store):
    r = store.add_report(S05.name, S05.read_bytes(), "张局", "2022年度民主生活会", 2022, "u")
    other = store.add_report(S11.name, S11.read_bytes(), "李明", "2022年度民主生活会", 2022, "u")
    first = store.import_ledger(r.id, _ledger(r.id, store, {"P1": "已整改", "P2": "持续整改"}), "支部书记")
    assert len(first) == len(store.load_review(r.id).problems) == 7
    assert first["P1"] == "已整改"
    assert first["P3"] == "未整改"
    again = store.import_ledger(r.id, _ledger(r.id, store, {"P1": "已整改", "P2": "已整改", "P3": "持续整改"}), "甲")
    assert again == {"P2": "已整改", "P3": "持续整改"}  # only what changed is recorded
    statuses = store.ledger_statuses(r.id)
    assert (statuses["P2"].status, statuses["P2"].by) == ("已整改", "甲")
    assert statuses["P1"].by == "支部书记"
    progress = {p.report.id: p for p in store.progress("2022年度民主生活会")}
    assert (progress[r.id].not_started, progress[r.id].ongoing, progress[r.id].done) == (4, 1, 2)
    assert progress[r.id].total == 7
    assert progress[other.id].total == 0  # no ledger back yet
    assert store.progress("another meeting") == []
    with pytest.raises(workbench.InputRejected):
        store.import_ledger(r.id, b"not a workbook", "甲")
