"""OSC remote control over real UDP on 127.0.0.1 (python-osc on both ends)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest
from pythonosc.udp_client import SimpleUDPClient

from perijove.show.osc import OscServer
from perijove.show.player import ShowPlayer
from perijove.show.remote import RemoteAddress, RemoteError


def wait_for(condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def osc(running_player: ShowPlayer) -> Iterator[SimpleUDPClient]:
    with OscServer(running_player, RemoteAddress("127.0.0.1", 0)) as server:
        client = SimpleUDPClient("127.0.0.1", server.port)
        client.port = server.port  # for the raw-packet test
        try:
            yield client
        finally:
            client.close()


def test_osc_commands_drive_the_show(osc: SimpleUDPClient, running_player: ShowPlayer) -> None:
    status = running_player.status
    osc.send_message("/perijove/next", [])
    assert wait_for(lambda: status()["chapter"] == 1)
    osc.send_message("/perijove/goto", 3)
    assert wait_for(lambda: status()["chapter"] == 3)
    osc.send_message("/perijove/prev", [])
    assert wait_for(lambda: status()["chapter"] == 2)
    osc.send_message("/perijove/goto", 1.0)  # consoles often send floats
    assert wait_for(lambda: status()["chapter"] == 1)
    osc.send_message("/perijove/play", [])
    assert wait_for(lambda: status()["playing"])
    osc.send_message("/perijove/pause", [])
    assert wait_for(lambda: not status()["playing"])
    osc.send_message("/perijove/black", [])
    assert wait_for(lambda: status()["black"])
    osc.send_message("/perijove/black", 0)
    assert wait_for(lambda: not status()["black"])
    osc.send_message("/perijove/rate", 3.0)
    assert wait_for(lambda: status()["rate"] == 3.0)


def test_bad_osc_messages_are_ignored(osc: SimpleUDPClient, running_player: ShowPlayer) -> None:
    for address, args in [("/perijove/goto", 99), ("/perijove/goto", "two"),
                          ("/perijove/goto", 1.5), ("/perijove/black", 7),
                          ("/perijove/explode", []), ("/other/next", [])]:
        osc.send_message(address, args)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        raw.sendto(b"not osc at all", ("127.0.0.1", osc.port))
    osc.send_message("/perijove/goto", 2)  # still listening after all that
    assert wait_for(lambda: running_player.status()["chapter"] == 2)
    assert running_player.status()["black"] is False


def test_osc_beyond_loopback_needs_allowed_consoles(running_player: ShowPlayer) -> None:
    with pytest.raises(RemoteError, match="--osc-allow"):
        OscServer(running_player, "0.0.0.0:9000")
    OscServer(running_player, "0.0.0.0:9000", allow_from=["192.168.1.0/24"])  # not started
    with pytest.raises(RemoteError, match="not an IP address"):
        OscServer(running_player, "0.0.0.0:9000", allow_from=["console"])


def test_an_osc_port_in_use_is_one_line(running_player: ShowPlayer) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        with pytest.raises(RemoteError) as info:
            OscServer(running_player, RemoteAddress("127.0.0.1", port)).start()
    assert "in use" in str(info.value) and "\n" not in str(info.value)
