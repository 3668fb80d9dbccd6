"""Reviews that last (issue 7): reports and everything reviewers did to them, in one SQLite file.

    reports ─┬─ decision_events  append-only; the current decision = the latest event per finding key
             ├─ comments         threads (parent_id), resolved or not
             ├─ link_events      append-only 'add' / 'remove', folded into (added, removed)
             ├─ status_events    草稿 → 退回修改 → 审核通过, who and when (reports.status holds the latest)
             ├─ ledger_events    整改台账 状态 imported back, append-only
             └─ saved_reviews    the review as it was shown (workbench/review@1 JSON)

Every public write is one ``BEGIN IMMEDIATE … COMMIT`` transaction (WAL, ``synchronous=FULL``): when a
call returns the change is on disk; a process killed mid-write leaves every earlier change and nothing
of the interrupted one. Reviewers append rows, never rewrite each other's, so concurrent work loses
nothing. Each thread has its own connection (the Streamlit server runs sessions on many threads).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .ledger import STATUSES as LEDGER_STATUSES
from .ledger import read_ledger
from .triage import Decision, Status

if TYPE_CHECKING:
    from .checks import Overrides
    from .reviewing import Review

ENV = "WORKBENCH_DB"
REPORT_STATUSES = ("草稿", "退回修改", "审核通过")
BUSY_MS = 30_000
_PRAGMAS = (
    f"busy_timeout = {BUSY_MS}",
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "secure_delete = ON",
)

_EVENT = "id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE"
_DDL = (
    """CREATE TABLE reports (id INTEGER PRIMARY KEY, name TEXT NOT NULL, member TEXT NOT NULL,
    meeting TEXT NOT NULL DEFAULT '', year INTEGER, sha256 TEXT NOT NULL, data BLOB NOT NULL, format TEXT NOT NULL,
    uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '草稿' CHECK (status IN ('草稿', '退回修改', '审核通过')),
    status_by TEXT NOT NULL, status_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), UNIQUE (member, sha256))""",
    f"""CREATE TABLE decision_events ({_EVENT}, finding_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'dismissed')), reason TEXT NOT NULL,
    comment TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL)""",
    f"""CREATE TABLE comments ({_EVENT}, anchor TEXT NOT NULL,
    parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE, author TEXT NOT NULL, text TEXT NOT NULL,
    at TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0, resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at TEXT NOT NULL DEFAULT '')""",
    f"""CREATE TABLE link_events ({_EVENT}, source TEXT NOT NULL, target TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'remove')), reviewer TEXT NOT NULL, at TEXT NOT NULL)""",
    f"""CREATE TABLE status_events ({_EVENT},
    status TEXT NOT NULL CHECK (status IN ('草稿', '退回修改', '审核通过')), actor TEXT NOT NULL, at TEXT NOT NULL)""",
    f"""CREATE TABLE ledger_events ({_EVENT}, problem_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('未整改', '持续整改', '已整改')), actor TEXT NOT NULL, at TEXT NOT NULL)""",
    """CREATE TABLE saved_reviews (report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    review TEXT NOT NULL, saved_by TEXT NOT NULL, at TEXT NOT NULL)""",
    "CREATE INDEX reports_by_member ON reports (member, meeting, year)",
    *(f"CREATE INDEX {t}_by_report ON {t} (report_id)" for t in ("decision_events", "comments", "link_events")),
    *(f"CREATE INDEX {t}_by_report ON {t} (report_id)" for t in ("status_events", "ledger_events")),
)
MIGRATIONS: tuple[tuple[str, ...], ...] = (_DDL,)  # append a new tuple for each later schema change
_COLUMNS = (
    "id, name, member, meeting, year, sha256, format, length(data), uploaded_by, uploaded_at, "
    "status, status_by, status_at, deleted"
)


class StoreError(Exception):
    """A request the store refuses; the message is Chinese, for the reviewer."""


class Conflict(StoreError):
    """Someone else changed the thing in the meantime."""


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: int
    name: str
    member: str
    meeting: str
    year: int | None
    sha256: str
    format: str
    size: int
    uploaded_by: str
    uploaded_at: str
    status: str
    status_by: str
    status_at: str
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class DecisionEvent:
    finding_key: str
    decision: Decision
    at: str


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    report_id: int
    anchor: str  # a finding key or an item id ("P3")
    author: str
    text: str
    at: str
    parent_id: int | None = None
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: str = ""
    replies: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """A status a report or a ledger row was given, by whom and when."""

    status: str
    by: str
    at: str


@dataclass(frozen=True, slots=True)
class Progress:
    report: StoredReport
    not_started: int  # 未整改
    ongoing: int  # 持续整改
    done: int  # 已整改

    @property
    def total(self) -> int:
        return self.not_started + self.ongoing + self.done


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "workbench" / "workbench.sqlite3"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _missing(report_id: int) -> StoreError:
    return StoreError(f"找不到编号为 {report_id} 的材料，可能已被删除。")


def _report(row: tuple[Any, ...]) -> StoredReport:
    return StoredReport(*row[:13], deleted=bool(row[13]))


class Store:
    """The review store. ``path``: the argument, else ``$WORKBENCH_DB``, else ``default_path()``."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or os.environ.get(ENV) or default_path()).expanduser()
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: dict[int, tuple[threading.Thread, sqlite3.Connection]] = {}
        self._closed = False
        self._migrate()

    # ── connections and transactions ────────────────────────────────────────────────────────────
    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("评审数据库已关闭。")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        for pragma in _PRAGMAS:
            conn.execute(f"PRAGMA {pragma}").fetchall()
        with self._lock:
            for key, (thread, old) in list(self._open.items()):
                if not thread.is_alive():  # a finished thread's connection
                    old.close()
                    del self._open[key]
            self._open[id(conn)] = (threading.current_thread(), conn)
        self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (no reader-turned-writer deadlocks), all or nothing."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(sql, tuple(args)).fetchall()

    def _migrate(self) -> None:
        with self._tx() as c:
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = c.execute("SELECT version FROM schema_version").fetchone()
            have = row[0] if row else 0
            if have > len(MIGRATIONS):
                raise StoreError(f"评审数据库（版本 {have}）比本程序新，请升级工作台后再打开。")
            for steps in MIGRATIONS[have:]:
                for sql in steps:
                    c.execute(sql)
            c.execute("DELETE FROM schema_version")
            c.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS),))

    def close(self) -> None:
        """Close every thread's connection (call once, when the app or the test is done)."""
        with self._lock:
            self._closed = True
            for _, conn in self._open.values():
                conn.close()
            self._open.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── reports ─────────────────────────────────────────────────────────────────────────────────
    def add_report(
        self, name: str, data: bytes, member: str, meeting: str = "", year: int | None = None, uploaded_by: str = ""
    ) -> StoredReport:
        """Store an uploaded report; the same bytes from the same member give back the stored one."""
        digest, now = hashlib.sha256(data).hexdigest(), _now()
        fmt = PurePath(name).suffix.lower().lstrip(".") or "text"
        with self._tx() as c:
            row = c.execute("SELECT id FROM reports WHERE member = ? AND sha256 = ?", (member, digest)).fetchone()
            if row:
                c.execute("UPDATE reports SET deleted = 0 WHERE id = ?", row)
                report_id = row[0]
            else:
                report_id = c.execute(
                    "INSERT INTO reports (name, member, meeting, year, sha256, data, format, uploaded_by, uploaded_at,"
                    " status_by, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, member, meeting, year, digest, data, fmt, uploaded_by, now, uploaded_by, now),
                ).lastrowid
                c.execute("INSERT INTO status_events VALUES (NULL, ?, '草稿', ?, ?)", (report_id, uploaded_by, now))
        return self.get_report(report_id)

    def _select(self, where: str, args: Iterable[Any], order: str = "member, year, id") -> list[StoredReport]:
        return [_report(r) for r in self._read(f"SELECT {_COLUMNS} FROM reports WHERE {where} ORDER BY {order}", args)]

    def get_report(self, report_id: int) -> StoredReport:
        found = self._select("id = ?", (report_id,))
        if not found:
            raise _missing(report_id)
        return found[0]

    def report_data(self, report_id: int) -> bytes:
        rows = self._read("SELECT data FROM reports WHERE id = ?", (report_id,))
        if not rows:
            raise _missing(report_id)
        return bytes(rows[0][0])

    def reports(
        self, member: str | None = None, meeting: str | None = None, year: int | None = None, deleted: bool = False
    ) -> list[StoredReport]:
        where, args = ["deleted = ?"], [int(deleted)]
        for column, value in (("member", member), ("meeting", meeting), ("year", year)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        return self._select(" AND ".join(where), args)

    def set_status(self, report_id: int, status: str, by: str, expected: str | None = None) -> StoredReport:
        """草稿 / 退回修改 / 审核通过. With ``expected``, refuse (``Conflict``) if someone changed it meanwhile."""
        if status not in REPORT_STATUSES:
            raise StoreError(f"材料状态只能是：{'、'.join(REPORT_STATUSES)}。")
        now = _now()
        with self._tx() as c:
            row = c.execute("SELECT status, status_by FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise _missing(report_id)
            if expected is not None and row[0] != expected:
                raise Conflict(f"{row[1] or '其他评审人'}已将这份材料的状态改为“{row[0]}”，请刷新后再操作。")
            c.execute(
                "UPDATE reports SET status = ?, status_by = ?, status_at = ? WHERE id = ?", (status, by, now, report_id)
            )
            c.execute("INSERT INTO status_events VALUES (NULL, ?, ?, ?, ?)", (report_id, status, by, now))
        return self.get_report(report_id)

    def status_history(self, report_id: int) -> list[Change]:
        rows = self._read("SELECT status, actor, at FROM status_events WHERE report_id = ? ORDER BY id", (report_id,))
        return [Change(*r) for r in rows]

    def delete_report(self, report_id: int, purge: bool = True) -> None:
        """``purge``: remove the report, its bytes and all attached for good (then VACUUM, so the bytes
        are gone from the file too); otherwise only hide it (``reports(deleted=True)``, ``add_report`` again)."""
        with self._tx() as c:
            if purge:
                c.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            else:
                c.execute("UPDATE reports SET deleted = 1 WHERE id = ?", (report_id,))
        if purge:
            conn = self._conn()
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def previous_version(self, report: StoredReport) -> StoredReport | None:
        """The same member's upload for the same meeting just before ``report``."""
        where = "member = ? AND meeting = ? AND year IS ? AND id < ? AND deleted = 0"
        found = self._select(where, (report.member, report.meeting, report.year, report.id), "id DESC LIMIT 1")
        return found[0] if found else None

    def last_year(self, report: StoredReport) -> StoredReport | None:
        """The same member's report of the latest earlier year (its approved version if there is one)."""
        if report.year is None:
            return None
        order = "year DESC, status = '审核通过' DESC, id DESC LIMIT 1"
        found = self._select("member = ? AND year < ? AND deleted = 0", (report.member, report.year), order)
        return found[0] if found else None

    # ── reviews ─────────────────────────────────────────────────────────────────────────────────
    def load_review(self, report_id: int, overrides: Overrides | None = None) -> Review:
        """The report reviewed again from its stored bytes, with the reviewers' link corrections."""
        from .reviewing import review

        r = review(self.report_data(report_id), self.get_report(report_id).name, overrides)
        added, removed = self.corrections(report_id)
        return r.relinked(added, removed) if added or removed else r

    def save_review(self, report_id: int, review: Review, by: str) -> None:
        doc = json.dumps(review.to_dict(), ensure_ascii=False)
        with self._tx() as c:
            c.execute("INSERT OR REPLACE INTO saved_reviews VALUES (?, ?, ?, ?)", (report_id, doc, by, _now()))

    def saved_review(self, report_id: int) -> dict[str, Any] | None:
        rows = self._read("SELECT review FROM saved_reviews WHERE report_id = ?", (report_id,))
        return json.loads(rows[0][0]) if rows else None

    # ── decisions ───────────────────────────────────────────────────────────────────────────────
    def decide(self, report_id: int, finding_key: str, decision: Decision) -> None:
        self.decide_many(report_id, [(finding_key, decision)])

    def decide_many(self, report_id: int, decisions: Mapping[str, Decision] | Iterable[tuple[str, Decision]]) -> int:
        """Several decisions in one transaction (all or none); returns how many were written."""
        pairs = decisions.items() if isinstance(decisions, Mapping) else decisions
        rows = ((report_id, k, Status(d.status).value, d.reason, d.comment, d.reviewer, _now()) for k, d in pairs)
        with self._tx() as c:
            return c.executemany("INSERT INTO decision_events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", rows).rowcount

    def decisions(self, report_id: int) -> dict[str, Decision]:
        """The current decision per finding key: the latest one any reviewer made."""
        sql = (
            "SELECT finding_key, status, reason, comment, reviewer FROM decision_events WHERE report_id = ? ORDER BY id"
        )
        return {k: Decision(Status(s), r, c, who) for k, s, r, c, who in self._read(sql, (report_id,))}

    def decision_history(self, report_id: int, finding_key: str) -> list[DecisionEvent]:
        sql = (
            "SELECT status, reason, comment, reviewer, at FROM decision_events"
            " WHERE report_id = ? AND finding_key = ? ORDER BY id"
        )
        rows = self._read(sql, (report_id, finding_key))
        return [DecisionEvent(finding_key, Decision(Status(s), r, c, who), at) for s, r, c, who, at in rows]

    # ── comments ────────────────────────────────────────────────────────────────────────────────
    def comment(self, report_id: int, anchor: str, author: str, text: str, parent_id: int | None = None) -> Comment:
        """A new comment on a finding key or item id, or a reply (``parent_id``: it joins that thread's anchor)."""
        if not text.strip():
            raise StoreError("批注内容不能为空。")
        with self._tx() as c:
            if parent_id is not None:
                row = c.execute("SELECT report_id, anchor FROM comments WHERE id = ?", (parent_id,)).fetchone()
                if row is None or row[0] != report_id:
                    raise StoreError("要回复的批注不存在，可能已被删除。")
                anchor = row[1]
            at = _now()
            cid = c.execute(
                "INSERT INTO comments (report_id, anchor, parent_id, author, text, at) VALUES (?, ?, ?, ?, ?, ?)",
                (report_id, anchor, parent_id, author, text, at),
            ).lastrowid
        return Comment(cid, report_id, anchor, author, text, at, parent_id)

    def comments(self, report_id: int) -> list[Comment]:
        """The threads of a report: top-level comments in order, each with its replies nested."""
        sql = (
            "SELECT id, report_id, anchor, author, text, at, parent_id, resolved, resolved_by, resolved_at"
            " FROM comments WHERE report_id = ? ORDER BY id"
        )
        rows = self._read(sql, (report_id,))
        children: dict[int | None, list[tuple[Any, ...]]] = {}
        for r in rows:
            children.setdefault(r[6], []).append(r)

        def build(r: tuple[Any, ...]) -> Comment:
            replies = tuple(build(x) for x in children.get(r[0], []))
            return Comment(*r[:7], bool(r[7]), r[8], r[9], replies)

        return [build(r) for r in children.get(None, [])]

    def resolve_comment(self, comment_id: int, by: str, resolved: bool = True) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE comments SET resolved = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
                (int(resolved), by if resolved else "", _now() if resolved else "", comment_id),
            )

    # ── link corrections ────────────────────────────────────────────────────────────────────────
    def correct_link(self, report_id: int, source: str, target: str, action: str, reviewer: str) -> None:
        if action not in ("add", "remove"):
            raise StoreError("链接更正只能是 add（确认）或 remove（删除）。")
        with self._tx() as c:
            c.execute(
                "INSERT INTO link_events VALUES (NULL, ?, ?, ?, ?, ?, ?)",
                (report_id, source, target, action, reviewer, _now()),
            )

    def corrections(self, report_id: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """(added, removed) for ``Review.relinked``: the latest action on each pair wins."""
        sql = "SELECT source, target, action FROM link_events WHERE report_id = ? ORDER BY id"
        last = {(s, t): a for s, t, a in self._read(sql, (report_id,))}
        return {p for p, a in last.items() if a == "add"}, {p for p, a in last.items() if a == "remove"}

    # ── the 整改台账 loop ───────────────────────────────────────────────────────────────────────
    def import_ledger(self, report_id: int, data: bytes, by: str) -> dict[str, str]:
        """Read an edited ledger (``read_ledger``: raises ``InputRejected``) and record the 状态 that
        changed; returns those, 编号 → 状态."""
        read = read_ledger(data)
        self.get_report(report_id)
        now = _now()
        with self._tx() as c:
            sql = "SELECT problem_id, status FROM ledger_events WHERE report_id = ? ORDER BY id"
            current = dict(c.execute(sql, (report_id,)).fetchall())
            changed = {k: v for k, v in read.items() if current.get(k) != v}
            c.executemany(
                "INSERT INTO ledger_events VALUES (NULL, ?, ?, ?, ?, ?)",
                [(report_id, k, v, by, now) for k, v in changed.items()],
            )
        return changed

    def ledger_statuses(self, report_id: int) -> dict[str, Change]:
        sql = "SELECT problem_id, status, actor, at FROM ledger_events WHERE report_id = ? ORDER BY id"
        return {k: Change(s, by, at) for k, s, by, at in self._read(sql, (report_id,))}

    def progress(self, meeting: str | None = None) -> list[Progress]:
        """Per report: how many problems the imported ledger says are 未整改 / 持续整改 / 已整改."""
        out = []
        for r in self.reports(meeting=meeting):
            counts = dict.fromkeys(LEDGER_STATUSES, 0)
            for change in self.ledger_statuses(r.id).values():
                counts[change.status] += 1
            out.append(Progress(r, *counts.values()))
        return out
