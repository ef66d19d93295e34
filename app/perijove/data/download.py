"""Fetching one manifest item: resumable, retried, verified, then installed atomically.

urllib only. The body goes to ``NAME.partial`` beside the final file; an interrupted
download resumes with an HTTP ``Range`` request (RFC 9110, section 14) and only with
``If-Range`` (RFC 9110, section 13.1.5): the first response's strong ETag, else its
Last-Modified when that is a strong validator (the response's Date at least one second
later, RFC 9110 section 8.8.2.2), is kept in ``NAME.partial.resume``, and a server whose file
changed meanwhile answers 200 with the whole new file, so the download restarts instead of
gluing two versions together. Without such a validator a partial file is not resumed but
fetched again. Only after the SHA-256 matches (pinned items) and the content validates is
the file renamed into place with ``os.replace`` (atomic on POSIX and Windows within one
folder), so a cancelled, failed or corrupt download never looks installed and never touches
an installed file.

``PERIJOVE_DATA_MIRROR``: the URL (http, https or file) of ONE FLAT FOLDER holding each
file under its upstream file name, the last part of its manifest URL (see
:mod:`perijove.data.cache`). A file missing there is named in the error with the URL tried.

The work is split in two so a GUI can run the network part in a worker thread and the
validation (for kernels: a pure-Python DAF check, then CSPICE in a child process) on its own
thread:
:func:`download` (network, checksum) then :func:`install` (validate, rename, record).
:func:`fetch` does both.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol

from perijove.data import cache, registry
from perijove.data.errors import DataError, DownloadCancelled, os_reason, shown_path
from perijove.data.manifest import Item
from perijove.data.validate import sha256_of, validate_file

USER_AGENT = "perijove-data/0.1 (+https://github.com/; Python urllib)"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Progress:
    """How a download is going: bytes so far (including a resumed part), total if known."""

    name: str
    done: int
    total: int | None
    speed_bps: float      # this session's average, bytes/s
    eta_s: float | None   # None when the total or the speed is unknown

    @property
    def fraction(self) -> float | None:
        return None if not self.total else min(1.0, self.done / self.total)


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


ProgressCallback = Callable[[Progress], None]


class _Retry(Exception):
    """A transient failure: try again (resuming) after a back-off."""

    def __init__(self, message: str, fresh: bool = False) -> None:
        super().__init__(message)
        self.fresh = fresh


def fetch(item: Item, *, progress: ProgressCallback | None = None,
          cancel: CancelFlag | None = None, retries: int = 4, backoff_s: float = 1.0,
          timeout_s: float = 30.0) -> Path:
    """Download, verify and install `item`; the installed path. DataError on failure."""
    partial = download(item, progress=progress, cancel=cancel, retries=retries,
                       backoff_s=backoff_s, timeout_s=timeout_s)
    return install(item, partial)


def download(item: Item, *, progress: ProgressCallback | None = None,
             cancel: CancelFlag | None = None, retries: int = 4, backoff_s: float = 1.0,
             timeout_s: float = 30.0) -> Path:
    """Bring `item`'s bytes into its ``.partial`` file and check the SHA-256 if pinned.

    Transient failures (dropped connection, timeout, refused, HTTP 5xx) are retried up to
    `retries` times, waiting `backoff_s`, then twice that, and so on; each retry resumes.
    A checksum mismatch deletes the partial file. Returns the partial file's path.
    """
    url = cache.resolve_url(item.url)
    final = cache.item_path(item)
    folder = cache.ensure_writable_dir(final.parent)
    partial = cache.partial_path(final)
    _check_space(item, folder, partial)
    last = ""
    for attempt in range(retries + 1):
        if cancel is not None and cancel.is_set():
            raise DownloadCancelled(f"download of {item.name} cancelled; fetch it again to resume")
        try:
            _transfer(item, url, partial, progress, cancel, timeout_s)
            break
        except _Retry as exc:
            last = str(exc)
            if exc.fresh:
                _discard(partial)
            if attempt == retries:
                raise DataError(f"{item.name}: {last} (gave up after {retries + 1} attempts; "
                                "run fetch again to resume)") from None
            _sleep(backoff_s * 2 ** attempt, cancel)
    if item.sha256 is not None:
        got = sha256_of(partial)
        if got != item.sha256:
            _discard(partial)
            raise DataError(f"{item.name}: checksum mismatch (SHA-256 {got[:12]}... expected "
                            f"{item.sha256[:12]}...) from {url}; nothing was installed")
    return partial


def install(item: Item, partial: Path) -> Path:
    """Validate the downloaded partial file, rename it into place and record it."""
    final = cache.item_path(item)
    try:
        info = validate_file(partial, item.kind, item, label=f"{item.name} ({item.filename})")
    except DataError:
        _discard(partial)
        raise
    sha = item.sha256 or sha256_of(partial)
    try:
        partial.replace(final)
    except OSError as exc:
        raise DataError(cache.unwritable_message(final.parent, exc)) from None
    _forget_validator(partial)
    registry.record_install(item, final, sha, cache.resolve_url(item.url), info)
    return final


def _discard(partial: Path) -> None:
    """Delete a partial download and its resume validator (nothing of it may be reused)."""
    try:
        partial.unlink(missing_ok=True)
    except OSError:
        pass  # nothing more can be done; without its validator it is never resumed
    _forget_validator(partial)


# ---- If-Range validators -------------------------------------------------------------------
def _resume_file(partial: Path) -> Path:
    return cache.resume_path(partial.with_name(partial.name.removesuffix(cache.PARTIAL_SUFFIX)))


def _forget_validator(partial: Path) -> None:
    try:
        _resume_file(partial).unlink(missing_ok=True)
    except OSError:
        pass


def strong_validator(headers: Mapping[str, str]) -> str | None:
    """The If-Range value for a response's headers, or None when it has no strong validator.

    RFC 9110 section 13.1.5: never a weak entity tag (``W/...``); a Last-Modified date only
    without an entity tag and only if it is strong, which for a client means the response's
    Date is at least one second after it (section 8.8.2.2).
    """
    etag = (headers.get("ETag") or "").strip()
    if etag and not etag.startswith("W/"):
        return etag
    if etag:
        return None
    modified, date = headers.get("Last-Modified"), headers.get("Date")
    if not modified or not date:
        return None
    try:
        strong = (parsedate_to_datetime(date) - parsedate_to_datetime(modified)).total_seconds()
    except (TypeError, ValueError, IndexError):
        return None
    return modified.strip() if strong >= 1.0 else None


def _load_validator(partial: Path, url: str) -> str | None:
    try:
        data = json.loads(_resume_file(partial).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("url") != url:
        return None  # fetched from elsewhere (another mirror): its bytes cannot be vouched for
    value = data.get("if_range")
    return value if isinstance(value, str) and value else None


def _save_validator(partial: Path, url: str, validator: str | None) -> None:
    """Keep the validator beside the partial file (written whole, then renamed)."""
    target = _resume_file(partial)
    if validator is None:
        _forget_validator(partial)
        return
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"url": url, "if_range": validator}), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:  # a full disk: no resume later, which is safe (the next fetch restarts)
        for p in (tmp, target):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                pass


# ---- one HTTP transfer -------------------------------------------------------------------------
def _partial_size(partial: Path) -> int:
    try:
        return partial.stat().st_size
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise DataError(f"'{shown_path(partial)}' cannot be read ({os_reason(exc)}); delete "
                        "it and fetch again") from None


def _transfer(item: Item, url: str, partial: Path, progress: ProgressCallback | None,
              cancel: CancelFlag | None, timeout_s: float) -> None:
    have = _partial_size(partial)
    validator = _load_validator(partial, url) if have else None
    if have and validator is None:  # resume only with If-Range: else start again
        _discard(partial)
        have = 0
    headers = {"User-Agent": USER_AGENT}
    if have and validator is not None:
        headers["Range"] = f"bytes={have}-"
        headers["If-Range"] = validator
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)  # noqa: S310 - http(s)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and have:  # the partial file is complete or longer than the file
            raise _Retry("the partial file did not match the server's; starting again",
                         fresh=True) from None
        if 500 <= exc.code < 600:
            raise _Retry(f"server error HTTP {exc.code} at {url}") from None
        if exc.code == 404:
            raise DataError(_not_found(item, url, "HTTP 404")) from None
        raise DataError(f"{item.name}: HTTP {exc.code} {exc.reason} at {url}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _Retry(f"timed out connecting to {_host(url)}") from None
        if url.lower().startswith("file:"):
            if isinstance(exc.reason, FileNotFoundError):
                raise DataError(_not_found(item, url, "no such file")) from None
            why = os_reason(exc.reason) if isinstance(exc.reason, OSError) else exc.reason
            raise DataError(f"{item.name}: cannot read {url} ({why}); check the mirror "
                            f"folder given in {cache.ENV_MIRROR}") from None
        raise DataError(f"{item.name}: no network: cannot reach {_host(url)} "
                        f"({_reason(exc.reason)}); check the connection or set "
                        "PERIJOVE_DATA_MIRROR") from None
    except TimeoutError:
        raise _Retry(f"timed out connecting to {_host(url)}") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise _Retry(f"connection to {_host(url)} failed ({_reason(exc)})") from None
    with response:
        status = response.status
        if status == 206:
            start, total = _content_range(response.headers.get("Content-Range", ""))
            if not have or start != have:
                raise _Retry("the server resumed at the wrong offset; starting again", fresh=True)
            mode = "ab"
        else:  # the whole file: new, or changed since the partial one (If-Range failed)
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            have, mode = 0, "wb"
            _save_validator(partial, url, strong_validator(response.headers))
        if total is None:
            total = item.size_bytes
        _stream(item, response, partial, mode, have, total, progress, cancel, url)


def _stream(item: Item, response: http.client.HTTPResponse, partial: Path, mode: str,
            have: int, total: int | None, progress: ProgressCallback | None,
            cancel: CancelFlag | None, url: str) -> None:
    start = time.monotonic()
    last_report = 0.0
    done = have
    try:
        with open(partial, mode) as out:
            while True:
                if cancel is not None and cancel.is_set():
                    raise DownloadCancelled(f"download of {item.name} cancelled at "
                                            f"{_mb(done)}; fetch it again to resume")
                try:
                    block = response.read(CHUNK)
                except TimeoutError:
                    raise _Retry(f"timed out reading from {_host(url)}") from None
                except (ConnectionError, http.client.HTTPException) as exc:
                    raise _Retry(f"connection dropped ({_reason(exc)})") from None
                if not block:
                    break
                out.write(block)
                done += len(block)
                now = time.monotonic()
                if progress is not None and (now - last_report >= 0.1 or done == total):
                    last_report = now
                    progress(_progress(item, done, have, total, now - start))
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DataError(f"{item.name}: the disk is full while writing {partial}; free "
                            f"{_mb((total or done) - done)} or more and fetch again "
                            "(it resumes)") from None
        raise DataError(cache.unwritable_message(partial.parent, exc)) from None
    if progress is not None:
        progress(_progress(item, done, have, total, time.monotonic() - start))
    if total is not None and done < total:
        raise _Retry(f"connection closed early after {_mb(done)} of {_mb(total)}")
    if total is not None and done > total:
        raise _Retry("the server sent more bytes than announced; starting again", fresh=True)


def _progress(item: Item, done: int, have: int, total: int | None, elapsed: float) -> Progress:
    speed = (done - have) / elapsed if elapsed > 0 else 0.0
    eta = (total - done) / speed if total and speed > 0 else None
    return Progress(item.name, done, total, speed, eta)


def _content_range(value: str) -> tuple[int, int | None]:
    # "bytes START-END/TOTAL" (TOTAL may be "*")
    try:
        unit, rest = value.split(" ", 1)
        span, total = rest.split("/", 1)
        return int(span.split("-", 1)[0]), (None if total == "*" else int(total))
    except ValueError:
        raise _Retry(f"unreadable Content-Range '{value}'", fresh=True) from None


def _not_found(item: Item, url: str, what: str) -> str:
    name = cache.url_file_name(url)
    try:
        mirror = cache.mirror_url()
    except DataError:
        mirror = None
    if mirror is not None:
        return (f"{item.name}: '{name}' not found ({what}) at {url}, the mirror set by "
                f"{cache.ENV_MIRROR}; a mirror is one flat folder holding each file under its "
                f"upstream name: put '{name}' there, or unset {cache.ENV_MIRROR} to fetch it "
                f"from {_host(item.url)}")
    return (f"{item.name}: '{name}' not found ({what}) at {url}; the file may have moved: "
            f"update Perijove, or put '{name}' in a folder and set {cache.ENV_MIRROR} to it")


def _check_space(item: Item, folder: Path, partial: Path) -> None:
    if item.size_bytes is None:
        return
    have = _partial_size(partial)
    need = item.size_bytes - have
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise DataError(cache.unwritable_message(folder, exc)) from None
    if need > free:
        raise DataError(f"{item.name}: the disk is full: it needs {_mb(need)} in {folder} but "
                        f"only {_mb(free)} is free; free some space or set PERIJOVE_DATA_DIR")


def _sleep(seconds: float, cancel: CancelFlag | None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cancel is not None and cancel.is_set():
            return
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))


def _host(url: str) -> str:
    return urllib.request.urlparse(url).netloc or url


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or reason.__class__.__name__


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"
