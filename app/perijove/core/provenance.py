"""Where a position came from: a small typed value, not a string to parse.

The status bar, `perijove ephem`, the About box and export metadata all show it; code that
needs to know whether a position is measured (a kernel or a table) or modelled asks
`kind`, never the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SourceKind(Enum):
    KERNEL = "SPICE kernel"
    TABLE = "trajectory table"
    FITTED_MODEL = "model fitted to published facts"
    ILLUSTRATIVE_MODEL = "illustrative model"
    ANALYTIC_THEORY = "analytic theory"
    PLANETARY_EPHEMERIS = "planetary ephemeris"


@dataclass(frozen=True)
class Provenance:
    kind: SourceKind
    source: str  # the file, theory or model it came from, e.g. "jup365.bsp", "L1.2"
    credit: str  # who made it, for credits and metadata
    words: str  # how the status bar and `perijove ephem` say it

    def __str__(self) -> str:
        return self.words

    @property
    def is_measured(self) -> bool:
        """From real tracking data (a kernel or a table), not from a model."""
        return self.kind in (SourceKind.KERNEL, SourceKind.TABLE)
