"""SPICE SPK kernels of any segment type: checked in pure Python, then read with spiceypy.

spiceypy keeps one global kernel pool; this module is the only place that touches it.

CSPICE trusts a file's structure: a damaged DAF file record or summary record makes it index
past its buffers, and its bounds check then aborts the whole process (SIGABRT, no exception
to catch). So no file reaches CSPICE before :func:`read_spk_segments` has checked, in Python,
everything CSPICE follows to find the data. The layout is NAIF's "Double Precision Array
Files (DAF) Required Reading" (daf.req, revised 2017 MAR 22, section "DAF Organization"):

- The file record (record 1, 1024 bytes): ``LOCIDW`` (8 characters at byte 0, ``DAF/SPK``),
  ``ND`` and ``NI`` (integers at 8 and 12), ``LOCIFN`` (60 characters), ``FWARD`` and
  ``BWARD`` (record numbers of the first and last summary records, at 76 and 80), ``FREE``
  (the first free word address, at 84), ``LOCFMT`` (``LTL-IEEE`` or ``BIG-IEEE``, at 88; blank
  in files older than the format marker, which SPICE reads as native) and the FTP validation
  string (28 characters at byte 699; absent in files older than it).
- Summary records: three doubles ``NEXT``, ``PREV`` (record numbers, 0 at the ends of the
  doubly linked list) and ``NSUM``, then ``NSUM`` summaries of ``ND + (NI + 1) / 2`` words
  each, at most ``125 / (ND + (NI + 1) / 2)`` of them; each is followed by a name record.
- A summary is ``ND`` doubles then ``NI`` integers; the last two integers are the first and
  last word addresses of the array (1-based, 8-byte words).

An SPK summary has ND = 2 (start and stop, TDB seconds past J2000) and NI = 6 (body, centre,
frame, SPK type, first and last address): NAIF "SPK Required Reading" (spk.req), section
"Segments--The Fundamental SPK Building Blocks".

:func:`probe_spk_in_child` reads and evaluates every segment in a separate Python process:
defence in depth for files from elsewhere (downloads, `perijove data add`), where a damaged
segment *body* could still upset a type-specific reader.
"""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import spiceypy

from perijove.ephem import EphemerisError

RECORD_BYTES = 1024
WORD_BYTES = 8
WORDS_PER_RECORD = RECORD_BYTES // WORD_BYTES
# DAF Required Reading, "The File Record": the FTP validation string at byte 699 (its bytes
# as written by SPICE's ZZFTPSTR, and as found in both kernels in ../shared/data/spice).
FTP_STRING = b"FTPSTR:\r:\n:\r\n:\r\x00:\x81:\x10\xce:ENDFTP"
SPK_ND, SPK_NI = 2, 6
# A sane segment time: within about 31,700 years of J2000 (JPL's DE441, the longest general
# ephemeris, spans -13,200 to +17,191: Park et al. 2021, AJ 161:105).
MAX_ABS_TDB_S = 1.0e12
# CSPICE refuses longer file names with SPICE(FILENAMETOOLONG): measured with CSPICE N0067
# (spiceypy 8.3): a 255-character path loads, a 256-character one does not.
MAX_SPICE_PATH_CHARS = 255
_PROBE_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Segment:
    """One SPK segment summary, as read from the file (DAF Required Reading layout)."""

    body: int
    center: int
    frame: int
    spk_type: int
    start_tdb_s: float
    stop_tdb_s: float
    first_word: int
    last_word: int


@dataclass
class Kernel:
    path: Path
    # naif id -> (n, 2) array of [start, stop] TDB seconds windows
    coverage: dict[int, np.ndarray] = field(default_factory=dict)
    # naif id -> the centre id that body's segments are given relative to
    centers: dict[int, int] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def covers(self, naif_id: int, t_tdb_s: np.ndarray) -> bool:
        windows = self.coverage.get(naif_id)
        if windows is None:
            return False
        t = np.atleast_1d(t_tdb_s)
        inside = np.zeros(t.shape, dtype=bool)
        for start, stop in windows:
            inside |= (t >= start) & (t <= stop)
        return bool(inside.all())


class KernelFileError(EphemerisError):
    """A kernel file that cannot be used: one line naming it, why, and what to do.

    ``reason`` is the why alone ("it is damaged (...)"), for messages that name the file
    their own way (a download's item name).
    """

    def __init__(self, path: Path, reason: str, advice: str) -> None:
        super().__init__(f"kernel file '{_shown(path)}': {reason}; {advice}")
        self.path = path
        self.reason = reason


_AGAIN = "download it again or get a good copy from its provider"


class _Damaged(Exception):
    """What is wrong with a file's DAF structure, in words (internal)."""


def _shown(path: Path) -> str:
    from perijove.core.messages import shown_path

    return shown_path(path)


def _unreadable(p: Path, exc: OSError) -> KernelFileError:
    from perijove.core.messages import os_reason

    return KernelFileError(p, f"it cannot be read ({os_reason(exc)})",
                           "check the path and the file's permissions")


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError as exc:  # ENAMETOOLONG, EILSEQ, EACCES on a folder on the way...
        raise _unreadable(p, exc) from None


def read_spk_segments(path: str | os.PathLike) -> list[Segment]:
    """Every segment summary of an SPK, after checking the DAF structure in pure Python.

    Never hands the file to CSPICE. One-line EphemerisError naming the file if it is not a
    binary SPK, or if anything CSPICE would follow (file record, summary record chain,
    summary counts, segment addresses) is damaged or lies outside the file.
    """
    p = Path(path)
    if not _is_file(p):
        raise KernelFileError(p, "it does not exist", "check the path")
    try:
        with open(p, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(RECORD_BYTES)
            if not head.startswith(b"DAF/SPK"):
                raise KernelFileError(p, "it is not a binary SPK kernel (it does not start "
                                      "with DAF/SPK)", "give a .bsp file from NAIF or your "
                                      "mission's navigation team")
            return _read_daf(f, head, size)
    except _Damaged as exc:
        raise KernelFileError(p, f"it is damaged ({exc})", _AGAIN) from None
    except OSError as exc:
        raise _unreadable(p, exc) from None


def _int_field(value: float, what: str, lo: int, hi: int) -> int:
    if not math.isfinite(value) or value != int(value) or not lo <= value <= hi:
        raise _Damaged(f"{what} is {value!r}, not a whole number from {lo} to {hi}")
    return int(value)


def _read_daf(f, head: bytes, size: int) -> list[Segment]:  # noqa: ANN001 - binary file
    if len(head) < RECORD_BYTES:
        raise _Damaged(f"the file is truncated: it is {size} bytes long, shorter than its "
                       "1024-byte file record")
    locfmt = head[88:96]
    if locfmt == b"BIG-IEEE":
        order = ">"
    elif locfmt == b"LTL-IEEE":
        order = "<"
    elif not locfmt.strip(b" \0"):
        order = "<" if sys.byteorder == "little" else ">"  # pre-LOCFMT file: SPICE reads native
    else:
        raise _Damaged(f"its binary format word is {locfmt!r}, not LTL-IEEE or BIG-IEEE")
    ftp = head[699:699 + len(FTP_STRING)]
    if ftp.strip(b" \0") and ftp != FTP_STRING:
        raise _Damaged("its FTP validation string is altered, as by a text-mode transfer")
    nd, ni = struct.unpack(order + "2i", head[8:16])
    if (nd, ni) != (SPK_ND, SPK_NI):
        raise _Damaged(f"its file record gives ND={nd}, NI={ni}, where an SPK has ND=2, NI=6")
    fward, bward, free = struct.unpack(order + "3i", head[76:88])
    records = -(-size // RECORD_BYTES)  # the last record may be short (excerpted files)
    if free < 2:
        raise _Damaged(f"its free address FREE is {free}, which is impossible")
    if (free - 1) * WORD_BYTES > size:
        raise _Damaged(f"the file is truncated: its file record says it holds "
                       f"{(free - 1) * WORD_BYTES} bytes, but it has {size}")
    for name, value in (("FWARD", fward), ("BWARD", bward)):
        if not 2 <= value <= records:
            raise _Damaged(f"its summary record pointer {name} is {value}, outside the "
                           f"file's {records} records")
    summary_words = nd + (ni + 1) // 2
    per_record = (WORDS_PER_RECORD - 3) // summary_words
    segments: list[Segment] = []
    seen: set[int] = set()
    record, previous = fward, 0
    while record != 0:
        if record in seen:
            raise _Damaged(f"its summary records loop back to record {record}")
        if record < 2 or record * RECORD_BYTES > size:
            raise _Damaged(f"summary record {record} lies outside the file of {size} bytes")
        seen.add(record)
        f.seek((record - 1) * RECORD_BYTES)
        data = f.read(RECORD_BYTES)
        if len(data) < RECORD_BYTES:
            raise _Damaged(f"summary record {record} is cut short")
        next_f, prev_f, nsum_f = struct.unpack(order + "3d", data[:24])
        nxt = _int_field(next_f, f"the next-record pointer of summary record {record}", 0,
                         records)
        prev = _int_field(prev_f, f"the previous-record pointer of summary record {record}", 0,
                          records)
        nsum = _int_field(nsum_f, f"the summary count of summary record {record}", 0,
                          per_record)
        if prev != previous:
            raise _Damaged(f"summary record {record} points back to record {prev}, not "
                           f"{previous}")
        for i in range(nsum):
            at = 24 + i * summary_words * WORD_BYTES
            dc = struct.unpack(order + f"{nd}d", data[at:at + nd * WORD_BYTES])
            ic = struct.unpack(order + f"{ni}i",
                               data[at + nd * WORD_BYTES:at + nd * WORD_BYTES + ni * 4])
            segments.append(_segment(len(segments) + 1, dc, ic, free, size))
        previous, record = record, nxt
    if previous != bward:
        raise _Damaged(f"its last summary record is {previous} but its file record's BWARD "
                       f"says {bward}")
    return segments


def _segment(n: int, dc: tuple[float, ...], ic: tuple[int, ...], free: int,
             size: int) -> Segment:
    seg = Segment(body=ic[0], center=ic[1], frame=ic[2], spk_type=ic[3], start_tdb_s=dc[0],
                  stop_tdb_s=dc[1], first_word=ic[4], last_word=ic[5])
    what = f"segment {n}, of body {seg.body},"
    if not (math.isfinite(seg.start_tdb_s) and math.isfinite(seg.stop_tdb_s)
            and -MAX_ABS_TDB_S <= seg.start_tdb_s <= seg.stop_tdb_s <= MAX_ABS_TDB_S):
        raise _Damaged(f"{what} covers {seg.start_tdb_s!r} to {seg.stop_tdb_s!r} TDB seconds, "
                       "which is no time span")
    if not WORDS_PER_RECORD < seg.first_word <= seg.last_word:
        raise _Damaged(f"{what} has the word addresses {seg.first_word} to {seg.last_word}, "
                       "which are out of order or inside the file record")
    if seg.last_word * WORD_BYTES > size:
        raise _Damaged(f"{what} ends at byte {seg.last_word * WORD_BYTES}, past the end of "
                       f"the file at {size} bytes")
    if seg.last_word >= free:
        raise _Damaged(f"{what} ends at word {seg.last_word}, beyond the file's free address "
                       f"{free}")
    return seg


def coverage_from_segments(segments: list[Segment]) -> dict[int, np.ndarray]:
    """NAIF id -> (n, 2) merged [start, stop] windows, as SPICE's spkcov builds them (spkcov
    inserts each segment's interval into a window; overlapping or touching ones merge)."""
    spans: dict[int, list[tuple[float, float]]] = {}
    for s in segments:
        spans.setdefault(s.body, []).append((s.start_tdb_s, s.stop_tdb_s))
    out: dict[int, np.ndarray] = {}
    for body, intervals in spans.items():
        merged: list[list[float]] = []
        for start, stop in sorted(intervals):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], stop)
            else:
                merged.append([start, stop])
        out[body] = np.array(merged, dtype=float).reshape(-1, 2)
    return out


def _spice_name(p: Path) -> str:
    """The path as CSPICE takes it (UTF-8, at most 255 characters), else EphemerisError."""
    text = str(p)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise KernelFileError(p, "its path is not valid UTF-8, which SPICE cannot open",
                              "rename the file or its folder") from None
    if len(text) > MAX_SPICE_PATH_CHARS:
        raise KernelFileError(p, f"its path has {len(text)} characters and SPICE opens at "
                              f"most {MAX_SPICE_PATH_CHARS}", "move it to a shorter path")
    return text


def load_spk(path: str | os.PathLike) -> Kernel:
    """Load an SPK file into the SPICE pool; one-line EphemerisError if it is not a sound one.

    The DAF structure is checked in Python first (:func:`read_spk_segments`), so a damaged
    file gives a sentence instead of aborting the process inside CSPICE.
    """
    p = Path(path)
    segments = read_spk_segments(p)
    try:
        resolved = p.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
        raise KernelFileError(p, f"its path cannot be resolved ({exc})",
                              "check the path") from None
    kernel = Kernel(resolved, coverage_from_segments(segments), segments=segments)
    for s in segments:
        kernel.centers.setdefault(s.body, s.center)
    name = _spice_name(resolved)
    try:
        spiceypy.furnsh(name)
    except spiceypy.utils.exceptions.SpiceyError as exc:
        _unload(resolved)
        short = str(getattr(exc, "short", "") or "SPICE error").strip()
        raise KernelFileError(p, f"SPICE cannot load it ({short})", _AGAIN) from None
    return kernel


_PROBE = """
import sys
import spiceypy
handle = spiceypy.dafopr(sys.argv[1])
spiceypy.dafbfs(handle)
n = 0
while spiceypy.daffna():
    n += 1
    descr = spiceypy.dafgs(5)  # ND + (NI + 1) / 2 words
    dc, ic = spiceypy.dafus(descr, 2, 6)
    for et in (dc[0], 0.5 * (dc[0] + dc[1]), dc[1]):
        try:
            spiceypy.spkpvn(handle, descr, et)
        except spiceypy.utils.exceptions.SpiceyError:
            pass  # an error, not an abort: the app's own evaluation will report it
spiceypy.dafcls(handle)
print(n)
"""


def probe_spk_in_child(path: str | os.PathLike) -> int:
    """Read and evaluate every segment of an SPK in a child process; the segment count.

    Defence in depth for files from elsewhere: the structure is checked in Python first,
    then a separate process opens the file with CSPICE and evaluates each segment at its
    start, middle and end. If CSPICE aborts there, or cannot open the file or walk its
    segments, this process is unharmed and raises a one-line EphemerisError naming the
    file. A SPICE *error* evaluating one segment is not fatal: CSPICE is deterministic, so
    the app meets the same catchable error later, for that body and time only (JPL's own
    excerpts can hold such a segment: skyfield's jup310 excerpt has one for the Earth).
    """
    p = Path(path)
    read_spk_segments(p)
    name = _spice_name(p.resolve())
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, name], capture_output=True,
                              text=True, timeout=_PROBE_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise KernelFileError(p, f"SPICE could not read it within {_PROBE_TIMEOUT_S:.0f} s",
                              _AGAIN) from None
    except OSError as exc:
        raise KernelFileError(p, f"no Python process could be started to check it "
                              f"({exc.strerror})", "try again") from None
    if done.returncode < 0:
        raise KernelFileError(p, "SPICE aborted while reading its segments (it is damaged)",
                              _AGAIN)
    if done.returncode != 0:
        lines = [ln.strip() for ln in done.stderr.splitlines() if "SPICE(" in ln]
        short = lines[0] if lines else (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise KernelFileError(p, f"SPICE cannot read it ({short[:120]})", _AGAIN)
    return int(done.stdout.strip() or 0)


def _unload(path: Path) -> None:
    try:
        spiceypy.unload(str(path))
    except (spiceypy.utils.exceptions.SpiceyError, UnicodeEncodeError):
        pass


def unload(kernel: Kernel) -> None:
    _unload(kernel.path)


def state_km(target: int, observer: int, t_tdb_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geometric state of target from observer, J2000 axes: ((n,3) km, (n,3) km/s)."""
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    out = np.empty((t.size, 6))
    try:
        for i, et in enumerate(t):
            out[i] = spiceypy.spkgeo(target, float(et), "J2000", observer)[0]
    except spiceypy.utils.exceptions.SpiceyError as exc:
        short = str(getattr(exc, "short", "SPICE error")).strip()
        raise EphemerisError(
            f"the loaded kernels cannot give body {target} from {observer} ({short})"
        ) from None
    return out[:, :3], out[:, 3:]
