"""A tiny synchronous signal: the model announces changes without importing Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Signal:
    """Callbacks connected to one event; `emit` calls them in connection order."""

    def __init__(self) -> None:
        self._slots: list[Callable[..., Any]] = []
        self._blocked = 0

    def connect(self, slot: Callable[..., Any]) -> None:
        if slot not in self._slots:
            self._slots.append(slot)

    def disconnect(self, slot: Callable[..., Any]) -> None:
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        for slot in list(self._slots):
            slot(*args)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Silence the signal inside the block (stops feedback loops between views)."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1
