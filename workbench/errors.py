"""The one exception the library raises for input it cannot read."""

from __future__ import annotations


class InputRejected(Exception):
    """The input cannot be reviewed. ``message`` is Chinese, says what is wrong and what to do;
    ``code`` is a short stable identifier (``"legacy_doc"``, ``"bomb_ratio"``…) for support and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.message}（错误码 {self.code}）"
