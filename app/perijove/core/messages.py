"""How a path and an operating-system error read in a one-line message, the same wherever
they happen (kernels, tables, maps, downloads, exports)."""

from __future__ import annotations

import errno
import os

_MAX_SHOWN = 240


def shown_path(path: str | bytes | os.PathLike) -> str:
    """A path as it goes into a one-line message.

    Bytes that are not UTF-8 (Python keeps them as lone surrogates) are shown as ``\\xNN``
    so the line can be printed anywhere; a path longer than 240 characters is shortened in
    the middle, keeping the file name.
    """
    text = os.fsdecode(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if len(text) > _MAX_SHOWN:
        text = f"{text[:120]}...{text[-100:]} ({len(text)} characters)"
    return text


_REASONS = {
    errno.ENOENT: "it does not exist",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the path is too long for the file system",
    errno.EILSEQ: "its name is not valid in the file system's character encoding",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "input/output error (a failing disk or a lost network drive?)",
    errno.EFBIG: "the file is larger than this system allows",
}


def os_reason(exc: OSError) -> str:
    """A few words saying why an OSError happened (for a one-line message)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or exc.__class__.__name__)
