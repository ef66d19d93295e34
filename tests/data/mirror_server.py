"""A local HTTP mirror on 127.0.0.1 for the data-manager tests: Range support and faults.

It serves files by the last part of the request path (the `PERIJOVE_DATA_MIRROR` layout:
one flat folder, each file under its upstream name), with a strong ETag (from the bytes
served), Last-Modified and Date, and honours ``If-Range`` as RFC 9110 section 13.1.5 says:
a Range request whose If-Range does not match the current validator gets 200 and the whole
file. Per file name it can misbehave:
- ``drop_once``: announce the full length, send half, close (only the first time);
- ``truncate``: announce the full length but close after 60% of what was asked, every time;
- ``short``: announce and send only the first half, as if the file were shorter;
- ``wrong``: send the right length with one byte changed;
- ``404``: not found;
- ``slow``: send 16 kB every 20 ms (for cancelling);
- ``hang``: wait 1 s before answering (for timeouts);
- ``cut70``: serve only the first 70% of the file, with a Content-Length that matches it;
- ``changes``: after the first request, serve ``replacements[name]`` instead (a new version
  of the file on the server, with a new ETag); combine with ``drop_once`` as
  ``changes+drop_once``;
- ``no_validators``: send neither ETag nor Last-Modified;
- ``weak_etag``: send a weak ETag (``W/"..."``) and no Last-Modified;
- ``last_modified``: no ETag, a Last-Modified one hour before the Date (a strong validator).
"""

from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from perijove.data.cache import url_file_name
from perijove.data.manifest import items
from tests.conftest import SHARED_DATA

# Download options for tests: quick back-off, few retries.
FAST = {"retries": 2, "backoff_s": 0.01, "timeout_s": 5.0}


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # a client that hangs up mid-body (cancel, timeout) is expected here


class MirrorServer:
    def __init__(self, files: dict[str, Path]) -> None:
        self.files = dict(files)
        self.behaviour: dict[str, str] = {}
        self.requests: list[tuple[str, str | None]] = []  # (file name, Range header)
        self.if_ranges: list[tuple[str, str | None]] = []  # (file name, If-Range header)
        self.statuses: list[tuple[str, int]] = []  # (file name, status sent)
        self.replacements: dict[str, bytes] = {}  # for ``changes``: the file's next version
        self.started = time.time()
        self.stopping = threading.Event()
        self._cache: dict[str, bytes] = {}
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05})

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/mirror/"

    def ranges(self, name: str) -> list[str | None]:
        return [r for n, r in self.requests if n == name]

    def sent(self, name: str) -> list[int]:
        return [c for n, c in self.statuses if n == name]

    def __enter__(self) -> MirrorServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def data(self, name: str) -> bytes:
        if name not in self._cache:
            self._cache[name] = self.files[name].read_bytes()
        return self._cache[name]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def send_response(self, code: int, message: str | None = None) -> None:
                with mirror._lock:
                    mirror.statuses.append((self.path.rsplit("/", 1)[-1], code))
                super().send_response(code, message)

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                name = self.path.rsplit("/", 1)[-1]
                range_header = self.headers.get("Range")
                if_range = self.headers.get("If-Range")
                with mirror._lock:
                    mirror.requests.append((name, range_header))
                    mirror.if_ranges.append((name, if_range))
                    first = name not in mirror._seen
                    mirror._seen.add(name)
                modes = set(mirror.behaviour.get(name, "").split("+"))
                mode = mirror.behaviour.get(name, "")
                if "404" in modes or name not in mirror.files:
                    self.send_error(404)
                    return
                if "hang" in modes:
                    mirror.stopping.wait(1.0)
                data = mirror.data(name)
                if "changes" in modes and not first:
                    data = mirror.replacements[name]
                if mode == "wrong":
                    i = len(data) // 2
                    data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
                if mode == "short":
                    data = data[: len(data) // 2]
                if mode == "cut70":
                    data = data[: int(len(data) * 0.7)]
                etag = '"' + hashlib.sha256(data).hexdigest()[:24] + '"'
                # version 1 was written an hour before the server started, a new one a minute
                modified = formatdate(mirror.started - (3600 if first or "changes" not in modes
                                                        else 60), usegmt=True)
                validators = {"ETag": etag, "Last-Modified": modified}
                if "no_validators" in modes:
                    validators = {}
                elif "weak_etag" in modes:
                    validators = {"ETag": "W/" + etag}
                elif "last_modified" in modes:
                    validators = {"Last-Modified": modified}
                if if_range is not None and if_range not in (validators.get("ETag"),
                                                             validators.get("Last-Modified")):
                    range_header = None  # RFC 9110 13.1.5: the file changed: send all of it
                start = 0
                if range_header and range_header.startswith("bytes="):
                    start = int(range_header[6:].split("-", 1)[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range",
                                     f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                for key, value in validators.items():
                    self.send_header(key, value)
                self.end_headers()
                if "drop_once" in modes and first:
                    self.wfile.write(body[: len(body) // 2])
                    self.close_connection = True
                    return
                if mode == "truncate":
                    self.wfile.write(body[: int(len(body) * 0.6)])
                    self.close_connection = True
                    return
                if mode == "slow":
                    for i in range(0, len(body), 16384):
                        if mirror.stopping.is_set():
                            return
                        self.wfile.write(body[i:i + 16384])
                        time.sleep(0.02)
                    return
                self.wfile.write(body)

        return Handler


def build_mirror_files() -> dict[str, Path]:
    """URL file name -> the real file in ../shared/data (by SHA-256, or by name if unpinned).

    Skips the calling test with a reason where ../shared/data is absent.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (tests read ../shared/data "
                    "beside the repo)")
    by_sha: dict[str, Path] = {}
    by_name: dict[str, Path] = {}
    for sub in ("spice", "textures", "models"):
        for p in sorted((SHARED_DATA / sub).glob("*")):
            if p.is_file():
                by_sha[hashlib.sha256(p.read_bytes()).hexdigest()] = p
                by_name[p.name] = p
    files = {}
    for item in items():
        name = url_file_name(item.url)
        found = by_sha.get(item.sha256) if item.pinned else by_name.get(name)
        if found is not None:
            files[name] = found
    return files
