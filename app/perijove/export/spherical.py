"""Marks an MP4 as 360-degree video so players (YouTube, VLC, headsets) show it as a sphere.

Google's Spherical Video V1 metadata (github.com/google/spatial-media, docs/spherical-video-
rfc.md): a `uuid` box with the UUID ffcc8263-f855-4a93-8814-587a02521fdd, holding a short
RDF/XML document, inside the video track's `trak` box. FFmpeg's MP4 reader recognises it too.
PyAV cannot set the stream side data that would make FFmpeg write it, so the box is added
after encoding: the file's boxes are walked (ISO/IEC 14496-12 box layout), the box appended
to the video `trak`, the sizes of `trak` and `moov` grown, and, when `moov` comes before the
media data (a "fast start" file), every chunk offset (`stco`/`co64`) moved by the box's size.
Written to a temporary name, renamed when complete.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

SPHERICAL_UUID = bytes.fromhex("ffcc8263f8554a938814587a02521fdd")
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta"}
XML = ('<?xml version="1.0"?><rdf:SphericalVideo '
       'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
       'xmlns:GSpherical="http://ns.google.com/videos/1.0/spherical/">'
       "<GSpherical:Spherical>true</GSpherical:Spherical>"
       "<GSpherical:Stitched>true</GSpherical:Stitched>"
       "<GSpherical:StitchingSoftware>Perijove</GSpherical:StitchingSoftware>"
       "<GSpherical:ProjectionType>equirectangular</GSpherical:ProjectionType>"
       "</rdf:SphericalVideo>")


class Mp4Error(ValueError):
    """The file is not an MP4 this module understands; one sentence."""


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[int, int, bytes, int]]:
    """(offset, size, type, header length) of each box in data[start:end]."""
    out = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise Mp4Error(f"a '{kind.decode('latin-1')}' box at byte {at} runs past its end")
        out.append((at, size, kind, header))
        at += size
    return out


def spherical_box() -> bytes:
    payload = SPHERICAL_UUID + XML.encode("utf-8")
    return struct.pack(">I4s", 8 + len(payload), b"uuid") + payload


def _video_trak(data: bytearray, moov: tuple[int, int, bytes, int]) -> tuple[int, int, int]:
    at, size, _, header = moov
    for t_at, t_size, kind, t_header in _boxes(data, at + header, at + size):
        if kind != b"trak":
            continue
        for m_at, m_size, m_kind, m_header in _boxes(data, t_at + t_header, t_at + t_size):
            if m_kind != b"mdia":
                continue
            for h_at, _, h_kind, h_header in _boxes(data, m_at + m_header, m_at + m_size):
                if h_kind == b"hdlr" and data[h_at + h_header + 8:h_at + h_header + 12] == b"vide":
                    return t_at, t_size, t_header
    raise Mp4Error("no video track in the file")


def _shift_chunk_offsets(data: bytearray, at: int, end: int, delta: int) -> None:
    for b_at, b_size, kind, header in _boxes(data, at, end):
        body = b_at + header
        if kind in CONTAINERS:
            _shift_chunk_offsets(data, body, b_at + b_size, delta)
        elif kind in (b"stco", b"co64"):
            count = struct.unpack(">I", data[body + 4:body + 8])[0]
            width, fmt = (4, ">I") if kind == b"stco" else (8, ">Q")
            for k in range(count):
                p = body + 8 + k * width
                data[p:p + width] = struct.pack(fmt, struct.unpack(fmt, data[p:p + width])[0]
                                                + delta)


def _grow(data: bytearray, box_at: int, header: int, delta: int) -> None:
    if header == 16:
        size = struct.unpack(">Q", data[box_at + 8:box_at + 16])[0]
        data[box_at + 8:box_at + 16] = struct.pack(">Q", size + delta)
    else:
        size = struct.unpack(">I", data[box_at:box_at + 4])[0]
        data[box_at:box_at + 4] = struct.pack(">I", size + delta)


def mark_equirectangular(path: Path) -> None:
    """Add the Spherical Video V1 box to an MP4 in place (atomically); Mp4Error if the file's
    layout is not one this understands (it is then left as it was)."""
    data = bytearray(path.read_bytes())
    top = _boxes(data, 0, len(data))
    moov = next((b for b in top if b[2] == b"moov"), None)
    mdat = next((b for b in top if b[2] == b"mdat"), None)
    if moov is None or mdat is None:
        raise Mp4Error(f"'{path.name}' has no moov or mdat box")
    trak_at, trak_size, trak_header = _video_trak(data, moov)
    box = spherical_box()
    if moov[0] < mdat[0]:  # fast start: the media data moves down by the box's size
        _shift_chunk_offsets(data, moov[0] + moov[3], moov[0] + moov[1], len(box))
    insert_at = trak_at + trak_size
    _grow(data, trak_at, trak_header, len(box))
    _grow(data, moov[0], moov[3], len(box))
    data[insert_at:insert_at] = box
    tmp = path.with_name(f".{path.name}.spherical")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def is_marked_equirectangular(path: Path) -> bool:
    data = path.read_bytes()
    for at, size, kind, header in _boxes(data, 0, len(data)):
        if kind == b"moov":
            return _find_uuid(data, at + header, at + size)
    return False


def _find_uuid(data: bytes, at: int, end: int) -> bool:
    for b_at, b_size, kind, header in _boxes(data, at, end):
        body = data[b_at + header:b_at + b_size]
        if kind == b"uuid" and body[:16] == SPHERICAL_UUID and b"equirectangular" in body:
            return True
        if kind in CONTAINERS and _find_uuid(data, b_at + header, b_at + b_size):
            return True
    return False
