"""Remote control of a playing show over HTTP: a JSON API, WebSocket status pushes and a
tablet page at `/`, served by aiohttp on its own event loop in a background thread.

    GET  /api/status            the player's status (a JSON object)
    POST /api/next | /api/prev | /api/play | /api/pause
    POST /api/black             body {"on": true|false}, or no body to toggle
    POST /api/goto              body {"chapter": N} (0-based)
    POST /api/rate              body {"rate": X} (show seconds per second)
    GET  /api/ws                WebSocket: the status on connect and after every change
                                (and once a second while the show plays)

Commands go to the player through `ShowPlayer.post` (applied between frames on the thread
that ticks the show); the answer is the status after the command. Off by default; when on it
listens on loopback unless told otherwise, and any other address needs a token, checked on
every request: `Authorization: Bearer TOKEN`, or `?token=TOKEN` for the page and WebSocket.
Requests from other web sites (a foreign Origin) are refused, and without a token only
loopback host names are served (no DNS rebinding).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import ipaddress
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from perijove.show.player import ShowPlayer, Status

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
TOKEN_ENV = "PERIJOVE_REMOTE_TOKEN"
PAGE = Path(__file__).with_name("remote_page.html")
LOOPBACK_NAMES = ("localhost",)
COMMAND_TIMEOUT_S = 2.0
PUSH_INTERVAL_S = 1.0
MAX_BODY_BYTES = 4096


class RemoteError(ValueError):
    """A remote-control problem for the user: one line (the CLI exits 2)."""


@dataclass(frozen=True)
class RemoteAddress:
    host: str
    port: int

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_address(text: str, default_port: int = DEFAULT_PORT,
                  option: str = "--remote") -> RemoteAddress:
    """'HOST:PORT', ':PORT', 'PORT', 'HOST' or '[IPv6]:PORT'; the host defaults to loopback."""
    text = text.strip()
    host, port_text = DEFAULT_HOST, ""
    if text.startswith("["):
        inner, _, rest = text[1:].partition("]")
        host, port_text = inner, rest.removeprefix(":")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        host = host or DEFAULT_HOST
    elif text.isdigit():
        port_text = text
    elif text and ":" not in text:
        host = text
    else:
        raise RemoteError(f"{option} '{text}' is not HOST:PORT (e.g. 127.0.0.1:{default_port})")
    try:
        port = int(port_text) if port_text else default_port
    except ValueError:
        raise RemoteError(f"{option} '{text}': the port must be a number, e.g. "
                          f"{host}:{default_port}") from None
    if not 0 <= port < 65536:  # 0: any free port (the server's `port` tells which)
        raise RemoteError(f"{option} '{text}': the port must be 1-65535 (or 0 for any free one)")
    return RemoteAddress(host, port)


def resolve_token(given: str | None, environ: dict[str, str] | None = None) -> str | None:
    """The token from the command line, else from PERIJOVE_REMOTE_TOKEN (None if neither)."""
    token = given if given else (os.environ if environ is None else environ).get(TOKEN_ENV)
    return token or None


def check_settings(address: RemoteAddress, token: str | None, option: str = "--remote") -> None:
    if not address.is_loopback and not token:
        raise RemoteError(f"{option} {address} listens beyond this computer; give a token with "
                          f"--remote-token TOKEN or {TOKEN_ENV} (or use 127.0.0.1)")


def _error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)


class RemoteServer:
    """The HTTP/WebSocket remote for one player. `start` returns once it listens (or raises
    RemoteError); `stop` closes every connection and the thread."""

    def __init__(self, player: ShowPlayer, address: RemoteAddress | str | None = None,
                 token: str | None = None, *, command_timeout_s: float = COMMAND_TIMEOUT_S,
                 push_interval_s: float = PUSH_INTERVAL_S) -> None:
        if address is None:
            address = RemoteAddress(DEFAULT_HOST, DEFAULT_PORT)
        elif isinstance(address, str):
            address = parse_address(address)
        check_settings(address, token)
        self.player = player
        self.address = address
        self.token = token
        self.command_timeout_s = command_timeout_s
        self.push_interval_s = push_interval_s
        self.port = address.port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._pusher: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._started = threading.Event()
        self._start_error: BaseException | None = None

    @property
    def url(self) -> str:
        host = f"[{self.address.host}]" if ":" in self.address.host else self.address.host
        return f"http://{host}:{self.port}/"

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> RemoteServer:
        self._started.clear()
        self._thread = threading.Thread(target=self._run, name="perijove-remote", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._start_error is not None:
            self._thread.join(timeout=5)
            self._thread = None
            raise self._start_error
        self.player.add_listener(self._on_change)
        return self

    def stop(self) -> None:
        self.player.remove_listener(self._on_change)
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop already stopped
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> RemoteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._listen())
        except OSError as exc:
            self._start_error = self._listen_error(exc)
        except Exception as exc:  # reported to the starting thread as one line
            self._start_error = RemoteError(f"the remote control on {self.address} could not "
                                            f"start ({type(exc).__name__}: {exc})")
        if self._start_error is not None:
            self._started.set()
            loop.run_until_complete(self._cleanup())
            loop.close()
            self._loop = None
            return
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._cleanup())
            loop.close()
            self._loop = None

    def _listen_error(self, exc: OSError) -> RemoteError:
        if exc.errno == errno.EADDRINUSE or "address already in use" in str(exc).lower():
            return RemoteError(f"the remote control cannot listen on {self.address}: the port "
                               "is in use; choose another with --remote HOST:PORT")
        if exc.errno == errno.EADDRNOTAVAIL:
            return RemoteError(f"the remote control cannot listen on {self.address}: that "
                               "address is not on this computer")
        return RemoteError(f"the remote control cannot listen on {self.address} "
                           f"({exc.strerror or exc})")

    async def _listen(self) -> None:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_BODY_BYTES)
        app.router.add_get("/", self._page)
        app.router.add_get("/api/status", self._status)
        app.router.add_get("/api/ws", self._websocket)
        app.router.add_post("/api/{command}", self._command)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False,
                                     shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.address.host, self.address.port)
        await site.start()
        for sock in self._runner.addresses:
            self.port = sock[1]
            break

    async def _shutdown(self) -> None:
        await self._cleanup()
        asyncio.get_running_loop().stop()

    async def _cleanup(self) -> None:
        if self._pusher is not None:
            self._pusher.cancel()
            self._pusher = None
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close()
        self._sockets.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- security -------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
            return _error(403, "requests from other web sites are refused")
        if self.token is None:
            host = urlsplit(f"//{request.host}").hostname or ""
            if not is_loopback_host(host):
                return _error(403, f"host '{request.host}' is not this computer's loopback "
                                   "address; give the remote a token to serve other names")
            return await handler(request)
        given = request.query.get("token", "")
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            what = "a wrong token" if given else "no token"
            return _error(401, f"{what}: send 'Authorization: Bearer TOKEN' or add ?token=TOKEN",
                          **{"WWW-Authenticate": "Bearer"})
        return await handler(request)

    # --- handlers -------------------------------------------------------------------------

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(text=PAGE.read_text(encoding="utf-8"), content_type="text/html",
                            headers={"Cache-Control": "no-store",
                                     "Content-Security-Policy":
                                         "default-src 'none'; script-src 'unsafe-inline'; "
                                         "style-src 'unsafe-inline'; connect-src 'self'"})

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response(self.player.status())

    async def _command(self, request: web.Request) -> web.Response:
        command = request.match_info["command"]
        body = await request.text()
        data: Any = {}
        if body.strip():
            try:
                data = json.loads(body)
            except json.JSONDecodeError as exc:
                return _error(400, f"malformed JSON ({exc.msg}: line {exc.lineno} column "
                                   f"{exc.colno}); send an object such as {{\"chapter\": 2}}")
            if not isinstance(data, dict):
                return _error(400, "the body must be a JSON object such as {\"chapter\": 2}")
        try:
            args = self._arguments(command, data)
        except KeyError:
            return _error(404, f"unknown command '{command}'; use next, prev, goto, play, "
                               "pause, black or rate")
        except ValueError as exc:
            return _error(400, str(exc))
        try:
            status = await asyncio.wait_for(
                asyncio.wrap_future(self.player.post(*args)), self.command_timeout_s)
        except (ValueError, TypeError) as exc:
            return _error(400, str(exc))
        except TimeoutError:
            return _error(503, "the show's clock is not running, so the command was not "
                               "applied; try again")
        return web.json_response(status)

    @staticmethod
    def _arguments(command: str, data: dict) -> tuple:
        if command in ("next", "prev", "play", "pause"):
            return (command,)
        if command == "black":
            on = data.get("on")
            if on is not None and not isinstance(on, bool):
                raise ValueError("'on' must be true or false (or leave it out to toggle)")
            return ("black", on)
        if command == "goto":
            n = data.get("chapter")
            if isinstance(n, bool) or not isinstance(n, int):
                raise ValueError("goto needs {\"chapter\": N} with N a whole number (0-based)")
            return ("goto", n)
        if command == "rate":
            rate = data.get("rate")
            if isinstance(rate, bool) or not isinstance(rate, int | float):
                raise ValueError("rate needs {\"rate\": X}, show seconds per second")
            return ("set_rate", rate)
        raise KeyError(command)

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=20.0)
        await ws.prepare(request)
        self._sockets.add(ws)
        if self._pusher is None:
            self._pusher = asyncio.create_task(self._push_periodically())
        try:
            await ws.send_json(self.player.status())
            async for msg in ws:  # the page only listens; anything it sends is ignored
                if msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._sockets.discard(ws)
        return ws

    # --- pushes ---------------------------------------------------------------------------

    def _on_change(self, status: Status) -> None:
        """A player listener: may run on any thread."""
        loop = self._loop
        if loop is None or not self._sockets:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing
            loop.call_soon_threadsafe(self._broadcast_soon, status)

    def _broadcast_soon(self, status: Status) -> None:
        task = asyncio.ensure_future(self._broadcast(status))
        self._tasks.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._tasks.discard)

    async def _broadcast(self, status: Status) -> None:
        text = json.dumps(status)
        for ws in list(self._sockets):
            try:
                await ws.send_str(text)
            except (ConnectionError, RuntimeError):
                self._sockets.discard(ws)

    async def _push_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.push_interval_s)
            if self._sockets:
                status = self.player.status()
                if status["playing"]:
                    await self._broadcast(status)
