"""Remote control of a playing show over OSC (UDP), the language of planetarium consoles.

    /perijove/next    /perijove/prev    /perijove/play    /perijove/pause
    /perijove/goto N  (N: the chapter, 0-based, as in the HTTP API)
    /perijove/black   (no argument: toggle; 1/0 or true/false: on/off)
    /perijove/rate X  (show seconds per second)

The same semantics as the HTTP API (perijove.show.remote): commands are posted to the
player and applied between frames. OSC has no passwords, so it listens on loopback unless
told otherwise, and on any other address it needs the list of console addresses (or
networks) allowed to send; packets from anyone else are dropped. Served by python-osc.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import BlockingOSCUDPServer

from perijove.show.player import ShowPlayer
from perijove.show.remote import RemoteAddress, RemoteError, parse_address

log = logging.getLogger(__name__)

DEFAULT_OSC_PORT = 9000
PREFIX = "/perijove/"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_allowed(addresses: Iterable[str]) -> tuple[Network, ...]:
    """Consoles allowed to send: addresses or networks ('10.0.0.5', '10.0.0.0/24')."""
    out = []
    for a in addresses:
        try:
            out.append(ipaddress.ip_network(a.strip(), strict=False))
        except ValueError:
            raise RemoteError(f"--osc-allow '{a}' is not an IP address or network "
                              "(e.g. 192.168.1.20 or 192.168.1.0/24)") from None
    return tuple(out)


class _Server(BlockingOSCUDPServer):
    allowed: tuple[Network, ...] = ()

    def verify_request(self, request: Any, client_address: Any) -> bool:
        try:
            ip = ipaddress.ip_address(client_address[0])
        except ValueError:
            return False
        if not (ip.is_loopback or any(ip in net for net in self.allowed)):
            log.warning("OSC packet from %s dropped (not an allowed console)", ip)
            return False
        return super().verify_request(request, client_address)


def _goto_arg(args: tuple) -> int:
    if len(args) != 1 or isinstance(args[0], bool):
        raise ValueError("/perijove/goto needs one argument, the chapter (0-based)")
    value = args[0]
    if isinstance(value, str):
        value = value.strip()
        value = float(value) if value.replace(".", "", 1).lstrip("-").isdigit() else None
    if not isinstance(value, int | float) or value != int(value):
        raise ValueError(f"/perijove/goto {args[0]!r}: the chapter must be a whole number")
    return int(value)


def _black_arg(args: tuple) -> bool | None:
    if not args:
        return None
    value = args[0]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    raise ValueError(f"/perijove/black {value!r}: give 1 or 0, true or false, or nothing to "
                     "toggle")


def _rate_arg(args: tuple) -> float:
    if len(args) != 1 or isinstance(args[0], bool) or not isinstance(args[0], int | float):
        raise ValueError("/perijove/rate needs one number, show seconds per second")
    return float(args[0])


class OscServer:
    """An OSC listener for one player, serving from a background thread."""

    def __init__(self, player: ShowPlayer, address: RemoteAddress | str | None = None,
                 allow_from: Iterable[str] = ()) -> None:
        if address is None:
            address = RemoteAddress("127.0.0.1", DEFAULT_OSC_PORT)
        elif isinstance(address, str):
            address = parse_address(address, DEFAULT_OSC_PORT, "--osc")
        self.allowed = parse_allowed(allow_from)
        if not address.is_loopback and not self.allowed:
            raise RemoteError(f"--osc {address} listens beyond this computer, and OSC has no "
                              "passwords; list the consoles allowed to send with --osc-allow "
                              "ADDRESS (or use 127.0.0.1)")
        self.player = player
        self.address = address
        self.port = address.port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def _dispatcher(self) -> Dispatcher:
        d = Dispatcher()
        simple = ("next", "prev", "play", "pause")
        for name in simple:
            d.map(PREFIX + name, self._handler(name, lambda args: ()))
        d.map(PREFIX + "goto", self._handler("goto", lambda args: (_goto_arg(args),)))
        d.map(PREFIX + "black", self._handler("black", lambda args: (_black_arg(args),)))
        d.map(PREFIX + "rate", self._handler("set_rate", lambda args: (_rate_arg(args),)))
        d.set_default_handler(self._unknown)
        return d

    def _handler(self, command: str, parse: Any) -> Any:
        def handle(address: str, *args: Any) -> None:
            try:
                future = self.player.post(command, *parse(args))
            except ValueError as exc:
                log.warning("OSC %s ignored: %s", address, exc)
                return
            future.add_done_callback(lambda f, a=address: self._report(a, f))
        return handle

    @staticmethod
    def _report(address: str, future: Future) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.warning("OSC %s ignored: %s", address, future.exception())

    @staticmethod
    def _unknown(address: str, *args: Any) -> None:
        log.warning("OSC %s is not a Perijove command (use %snext, prev, goto N, play, pause, "
                    "black, rate X)", address, PREFIX)

    def start(self) -> OscServer:
        try:
            server = _Server((self.address.host, self.address.port), self._dispatcher())
        except OSError as exc:
            what = "the port is in use" if "in use" in str(exc).lower() else (
                exc.strerror or str(exc))
            raise RemoteError(f"OSC cannot listen on {self.address}: {what}; choose another "
                              "with --osc HOST:PORT") from None
        server.allowed = self.allowed
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="perijove-osc", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> OscServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
