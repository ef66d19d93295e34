"""Damaged copies of the real SPK kernels in ../shared/data/spice, one fault each.

Each damage is a function that overwrites bytes of a copy (never the original), at the
offsets NAIF's "DAF Required Reading" gives: the file record (ND at byte 8, NI at 12, FWARD
76, BWARD 80, FREE 84, LOCFMT 88, the FTP string 699) and the summary records (NEXT, PREV,
NSUM as doubles, then summaries of ND doubles and NI integers). Each comes with a regular
expression the one-line error must match.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

KERNELS = {
    # big-endian, SPK type 1 (Juno), 22 segments in one summary record
    "juno": "spk_pre_220614_221109_220810_jm0450.bsp",
    # little-endian, SPK types 2 and 3 (moons), 13 segments, a short last record
    "jup310": "jup310_excerpt_2021-02-26.bsp",
}


@dataclass
class Layout:
    """Where things are in one real kernel (read from it, as the reader must)."""

    order: str
    size: int
    fward: int
    free: int

    @property
    def summary_record(self) -> int:  # byte offset of the first summary record
        return (self.fward - 1) * 1024

    def summary(self, i: int) -> int:  # byte offset of summary i (0-based)
        return self.summary_record + 24 + i * 40


def layout(data: bytes) -> Layout:
    order = ">" if data[88:96] == b"BIG-IEEE" else "<"
    fward, _bward, free = struct.unpack(order + "3i", data[76:88])
    return Layout(order, len(data), fward, free)


def _put(data: bytearray, at: int, fmt: str, *values: object, lay: Layout) -> None:
    raw = struct.pack(lay.order + fmt, *values)
    data[at:at + len(raw)] = raw


Damage = Callable[[bytearray, Layout], bytearray]


def _cut(fraction: float) -> Damage:
    return lambda d, lay: d[: int(len(d) * fraction)]


def _file_ints(at: int, *values: int) -> Damage:
    def f(d: bytearray, lay: Layout) -> bytearray:
        _put(d, at, f"{len(values)}i", *values, lay=lay)
        return d
    return f


def _control(index: int, value: float) -> Damage:  # NEXT (0), PREV (1), NSUM (2)
    def f(d: bytearray, lay: Layout) -> bytearray:
        _put(d, lay.summary_record + 8 * index, "d", value, lay=lay)
        return d
    return f


def _seg_int(field: int, value: Callable[[Layout], int], i: int = 0) -> Damage:
    def f(d: bytearray, lay: Layout) -> bytearray:
        _put(d, lay.summary(i) + 16 + 4 * field, "i", value(lay), lay=lay)
        return d
    return f


def _seg_times(start: float, stop: float) -> Damage:
    def f(d: bytearray, lay: Layout) -> bytearray:
        _put(d, lay.summary(0), "2d", start, stop, lay=lay)
        return d
    return f


def _flip(at: Callable[[Layout], int], n: int) -> Damage:
    def f(d: bytearray, lay: Layout) -> bytearray:
        a = at(lay)
        d[a:a + n] = bytes(b ^ 0xFF for b in d[a:a + n])
        return d
    return f


def _replace(at: int, new: bytes) -> Damage:
    def f(d: bytearray, lay: Layout) -> bytearray:
        d[at:at + len(new)] = new
        return d
    return f


def _swap_locfmt(d: bytearray, lay: Layout) -> bytearray:
    d[88:96] = b"LTL-IEEE" if lay.order == ">" else b"BIG-IEEE"
    return d


def _text_mode_ftp(d: bytearray, lay: Layout) -> bytearray:
    # an ASCII-mode FTP turns the lone CR and LF of the FTP string into CRLF
    bad = b"FTPSTR:\r\n:\r\n:\r\n:\r\x00:\x81:\x10\xce:ENDFTP"
    d[699:699 + len(bad)] = bad
    return d


# name -> (damage, phrase the message must hold)
DAMAGES: dict[str, tuple[Damage, str]] = {
    "cut-10%": (_cut(0.10), "truncated"),
    "cut-30%": (_cut(0.30), "truncated"),
    "cut-50%": (_cut(0.50), "truncated"),
    "cut-70%": (_cut(0.70), "truncated"),
    "cut-90%": (_cut(0.90), "truncated"),
    "cut-99%": (_cut(0.99), "truncated"),
    "cut-to-500-bytes": (lambda d, lay: d[:500], "shorter than its 1024-byte file record"),
    "empty-file": (lambda d, lay: bytearray(), "does not start with DAF/SPK"),
    "not-daf": (lambda d, lay: bytearray(b"KPL/LSK\n" + bytes(d[8:2000])),
                "does not start with DAF/SPK"),
    "nd-ni-200-300": (_file_ints(8, 200, 300), "ND=200, NI=300"),
    "nd-ni-124-2": (_file_ints(8, 124, 2), "ND=124, NI=2"),
    "nd-ni-5-6": (_file_ints(8, 5, 6), "ND=5, NI=6"),
    "nd-ni-2-12": (_file_ints(8, 2, 12), "ND=2, NI=12"),
    "nd-ni-1-6": (_file_ints(8, 1, 6), "ND=1, NI=6"),
    "nd-ni-0-0": (_file_ints(8, 0, 0), "ND=0, NI=0"),
    "nd-ni-negative": (_file_ints(8, -1, 6), "ND=-1, NI=6"),
    "fward-past-end": (_file_ints(76, 5000), "FWARD is 5000"),
    "fward-0": (_file_ints(76, 0), "FWARD is 0"),
    "fward-file-record": (_file_ints(76, 1), "FWARD is 1"),
    "bward-past-end": (_file_ints(80, 99999), "BWARD is 99999"),
    "bward-wrong-record": (lambda d, lay: _file_ints(80, lay.fward + 1)(d, lay), "BWARD"),
    "free-past-end": (lambda d, lay: _file_ints(84, lay.free + 10_000)(d, lay), "truncated"),
    "free-0": (_file_ints(84, 0), "FREE is 0"),
    "locfmt-garbage": (_replace(88, b"VAX-GFLT"), "VAX-GFLT"),
    "locfmt-swapped": (_swap_locfmt, "ND="),
    "ftp-text-mode": (_text_mode_ftp, "FTP validation string"),
    "nsum-huge": (_control(2, 1.0e6), "summary count"),
    "nsum-26": (_control(2, 26.0), "summary count"),
    "nsum-fraction": (_control(2, 2.5), "summary count"),
    "nsum-negative": (_control(2, -3.0), "summary count"),
    "nsum-nan": (_control(2, float("nan")), "summary count"),
    "next-loops-to-itself": (lambda d, lay: _control(0, float(lay.fward))(d, lay), "loop"),
    "next-past-end": (_control(0, 99999.0), "next-record pointer"),
    "prev-wrong": (_control(1, 3.0), "points back"),
    "segment-end-past-eof": (_seg_int(5, lambda lay: 10**7), "past the end of the file"),
    "segment-begin-after-end": (_seg_int(4, lambda lay: 10**6), "out of order"),
    "segment-begin-0": (_seg_int(4, lambda lay: 0), "out of order"),
    "segment-begin-negative": (_seg_int(4, lambda lay: -642), "out of order"),
    "segment-in-file-record": (_seg_int(4, lambda lay: 5), "inside the file record"),
    "segment-end-at-free": (_seg_int(5, lambda lay: lay.free),
                            "free address|past the end of the file"),
    "segment-times-nan": (_seg_times(float("nan"), 7.0e8), "no time span"),
    "segment-times-reversed": (_seg_times(7.1e8, 7.0e8), "no time span"),
    "segment-times-huge": (_seg_times(-1.0e300, 1.0e300), "no time span"),
    "flipped-first-summary": (_flip(lambda lay: lay.summary(0), 40), "segment 1"),
    "flipped-summary-control": (_flip(lambda lay: lay.summary_record, 24), "summary record"),
    "flipped-segment-integers": (_flip(lambda lay: lay.summary(0) + 16, 24), "segment 1"),
}

# Faults that make plain CSPICE (spkobj) abort the process: the ones this work is about.
ABORTS_CSPICE = ("nsum-huge", "nd-ni-124-2", "nd-ni-5-6")


def make(shared: Path, kernel: str, damage: str, folder: Path,
         name: str | None = None) -> Path:
    """A damaged copy of a real kernel in `folder` (named after the damage unless `name`)."""
    data = bytearray((shared / "spice" / KERNELS[kernel]).read_bytes())
    func, _ = DAMAGES[damage]
    out = folder / (name or f"{kernel}-{damage}.bsp")
    out.write_bytes(bytes(func(data, layout(data))))
    return out
