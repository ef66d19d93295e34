"""Reading Perijove's shipped catalogue tables (CSV with '#' comment lines) without ever crashing.

A missing or corrupt table is not an error for the app: the reader returns no rows and one
warning sentence naming the file, and the layer that needed the table stays off.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


def assets_dir() -> Path:
    """The folder holding the shipped tables: the repository's assets/ or the installed copy."""
    here = Path(__file__).resolve()
    candidates = (here.parents[3] / "assets", here.parents[1] / "assets")
    for candidate in candidates:
        if (candidate / "feature_notes.csv").is_file():
            return candidate
    return candidates[0]  # reading from it then yields a clear "missing" warning


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What a catalogue loader returns: the items, and a one-line warning when the table failed."""

    items: tuple[T, ...]
    warning: str | None = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class RowError(ValueError):
    """A cell that does not hold what its column promises; the message names the column."""


def read_rows(path: Path, required_columns: Sequence[str],
              build: Callable[[dict[str, str]], T]) -> Loaded[T]:
    """Every data row of `path` passed through `build`; on any failure no rows and one warning.

    `build` raises RowError (or ValueError) for a bad cell; the warning names the file and row.
    """
    try:
        with open(path, newline="", encoding="utf-8") as f:
            lines = [line for line in f if not line.startswith("#")]
    except FileNotFoundError:
        return Loaded((), f"{path} is missing; reinstall Perijove or rebuild the table")
    except (OSError, UnicodeDecodeError) as exc:
        return Loaded((), f"{path} cannot be read ({_one_line(exc)}); reinstall Perijove")
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    missing = [c for c in required_columns if c not in header]
    if missing:
        return Loaded((), f"{path} lacks the column(s) {', '.join(missing)}; the table is corrupt, "
                          "reinstall Perijove")
    items = []
    number = 0
    try:
        for row in reader:
            number += 1
            if None in row or any(row.get(c) is None for c in required_columns):
                raise RowError("the row has a different number of cells than the header")
            items.append(build({k: (v or "").strip() for k, v in row.items()}))
    except (ValueError, csv.Error) as exc:
        return Loaded((), f"{path}: data row {number} is corrupt ({_one_line(exc)}); "
                          "reinstall Perijove")
    return Loaded(tuple(items))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def float_cell(row: dict[str, str], column: str, *, low: float | None = None,
               high: float | None = None, optional: bool = False) -> float | None:
    """A number from `column`, checked against [low, high]; empty means None when optional."""
    text = row[column]
    if not text:
        if optional:
            return None
        raise RowError(f"{column} is empty")
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{column} '{text}' is not a number") from None
    if value != value or (low is not None and value < low) or (high is not None and value > high):
        raise RowError(f"{column} {text} is outside [{low}, {high}]")
    return value


def text_cell(row: dict[str, str], column: str) -> str:
    """A non-empty text from `column`."""
    if not row[column]:
        raise RowError(f"{column} is empty")
    return row[column]
