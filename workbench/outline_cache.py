"""A value derived from an outline, kept for the last few outlines.

Outlines are frozen, so one computed from a report can be reused as long as the very same object comes
back (held by identity: equal outlines of two reports are still two reports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from .model import Outline

T = TypeVar("T")


class PerOutline(Generic[T]):
    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._store: dict[int, tuple[Outline, T]] = {}

    def put(self, outline: Outline, value: T) -> T:
        if len(self._store) >= self._size:
            self._store.clear()
        self._store[id(outline)] = (outline, value)
        return value

    def get(self, outline: Outline, build: Callable[[Outline], T]) -> T:
        """The value kept for ``outline``, or ``build(outline)`` kept from now on."""
        hit = self._store.get(id(outline))
        if hit is not None and hit[0] is outline:
            return hit[1]
        return self.put(outline, build(outline))
