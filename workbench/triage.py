"""What reviewers decide about findings: accept, dismiss (with a reason), comment.

Decisions are keyed by ``finding_key`` — the rule and the span — so they survive a re-review of the
same text (a changed rule configuration, corrected links) and can be stored (issue 7) or written
into the annotated .docx (dismissed findings are left out, comments go into the Word comment).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .model import Finding

DEFAULT_REVIEWER = "评审组"


class Status(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return {"open": "待定", "accepted": "采纳", "dismissed": "忽略"}[self.value]


@dataclass(frozen=True, slots=True)
class Decision:
    status: Status = Status.OPEN
    reason: str = ""  # why a finding was dismissed
    comment: str = ""  # the reviewer's own words, sent back to the author
    reviewer: str = DEFAULT_REVIEWER


def finding_key(f: Finding) -> str:
    """A stable key for a finding: the rule and where it points."""
    return f"{f.rule}:{f.start}:{f.end}:{f.target or ''}"


def decision_for(f: Finding, decisions: Mapping[str, Decision]) -> Decision:
    return decisions.get(finding_key(f), Decision())


def counts(findings: Iterable[Finding], decisions: Mapping[str, Decision]) -> dict[Status, int]:
    c = Counter(decision_for(f, decisions).status for f in findings)
    return {s: c.get(s, 0) for s in Status}


def kept(findings: Iterable[Finding], decisions: Mapping[str, Decision]) -> list[tuple[Finding, Decision]]:
    """Findings that go back to the author: open or accepted, with their decision."""
    return [(f, d) for f in findings if (d := decision_for(f, decisions)).status != Status.DISMISSED]
