"""Frame sinks: H.264 MP4, VP9 WebM (PyAV/FFmpeg), GIF (Pillow), PNG sequence (Pillow).

Each writes to the temporary path it is given; export.video renames it when complete.
"""

from __future__ import annotations

import os
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image

FORMATS = ("mp4", "webm", "gif", "png")


class AvEncoder:
    """H.264 (yuv420p, plays in ordinary players) or VP9 through PyAV."""

    def __init__(self, path: Path, fmt: str, size: tuple[int, int], fps: int,
                 metadata: dict[str, str], crf: int | None, bitrate_kbps: int | None) -> None:
        import av

        self.container = av.open(str(path), mode="w", format="mp4" if fmt == "mp4" else "webm")
        for key, value in metadata.items():
            self.container.metadata[key] = value
        codec = "libx264" if fmt == "mp4" else "libvpx-vp9"
        self.stream = self.container.add_stream(codec, rate=Fraction(fps, 1))
        self.stream.width, self.stream.height = size
        self.stream.pix_fmt = "yuv420p"
        self.stream.codec_context.time_base = Fraction(1, fps)
        options = {}
        if fmt == "mp4":
            options = {"crf": str(crf if crf is not None else 18), "preset": "medium",
                       "movflags": "+faststart"}
        else:
            options = {"crf": str(crf if crf is not None else 32), "b": "0", "row-mt": "1",
                       "deadline": "good", "cpu-used": "4"}
        if bitrate_kbps:
            self.stream.bit_rate = bitrate_kbps * 1000
            options.pop("crf", None)
            options.pop("b", None)
        self.stream.options = options
        self.count = 0

    def write(self, rgb: np.ndarray) -> None:
        import av

        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts = self.count
        self.count += 1
        for packet in self.stream.encode(frame):
            self.container.mux(packet)

    def close(self) -> None:
        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()

    def abort(self) -> None:
        try:
            self.container.close()
        except Exception:  # noqa: BLE001 - the partial file is deleted next anyway
            pass


class GifEncoder:
    """An animated GIF for the web: an adaptive palette per frame, exact frame timing."""

    def __init__(self, path: Path, fps: int, metadata: dict[str, str]) -> None:
        self.path = path
        self.frames: list[Image.Image] = []
        self.fps = fps
        self.comment = f"{metadata.get('title', '')} | {metadata.get('comment', '')}"

    def write(self, rgb: np.ndarray) -> None:
        self.frames.append(Image.fromarray(rgb).quantize(colors=255, method=Image.MEDIANCUT))

    def close(self) -> None:
        # GIF delays are whole hundredths of a second: round the running total, not each
        # frame, so the animation's length is exact (e.g. 8 fps: 120, 130, 120, 130 ms).
        n = len(self.frames)
        ends = [round((k + 1) * 100 / self.fps) * 10 for k in range(n)]
        durations = [ends[0]] + [b - a for a, b in zip(ends, ends[1:], strict=False)]
        self.frames[0].save(self.path, format="GIF", save_all=True,
                            append_images=self.frames[1:], duration=durations, loop=0,
                            optimize=False, comment=self.comment.encode("utf-8"))
        self.frames = []

    def abort(self) -> None:
        self.frames = []


class PngSequenceEncoder:
    """frame_00000.png, ... in a folder, with a credits.txt beside them."""

    def __init__(self, folder: Path, metadata: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=False)
        self.folder = folder
        self.count = 0
        (folder / "credits.txt").write_text(
            "\n".join(f"{k}: {v}" for k, v in metadata.items()) + "\n", encoding="utf-8")

    def write(self, rgb: np.ndarray) -> None:
        Image.fromarray(rgb).save(self.folder / f"frame_{self.count:05d}.png", compress_level=3)
        self.count += 1

    def write_png(self, png: bytes | None, source: Path | None = None) -> None:
        """The next frame as PNG bytes already made, or a PNG file to link (or copy) in:
        the render workers' lossless frames go in as they are, never decoded."""
        target = self.folder / f"frame_{self.count:05d}.png"
        if png is not None:
            target.write_bytes(png)
        else:
            try:
                os.link(source, target)
            except OSError:  # another file system, or links not allowed: copy
                shutil.copyfile(source, target)
        self.count += 1

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def open_encoder(fmt: str, path: Path, size: tuple[int, int], fps: int,
                 metadata: dict[str, str], crf: int | None = None,
                 bitrate_kbps: int | None = None):  # noqa: ANN201
    if fmt in ("mp4", "webm"):
        return AvEncoder(path, fmt, size, fps, metadata, crf, bitrate_kbps)
    if fmt == "gif":
        return GifEncoder(path, fps, metadata)
    if fmt == "png":
        return PngSequenceEncoder(path, metadata)
    raise ValueError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
