"""The HTTP/WebSocket remote control, against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import aiohttp
import pytest

from perijove.show.player import ShowPlayer
from perijove.show.remote import (
    TOKEN_ENV,
    RemoteAddress,
    RemoteError,
    RemoteServer,
    parse_address,
    resolve_token,
)

LOCAL = RemoteAddress("127.0.0.1", 0)  # any free port


def call(url: str, method: str = "GET", body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:  # it holds the connection
            return exc.code, json.loads(exc.read())


@pytest.fixture
def remote(running_player: ShowPlayer) -> Iterator[RemoteServer]:
    with RemoteServer(running_player, LOCAL) as server:
        yield server


def test_status_has_the_documented_fields(remote: RemoteServer) -> None:
    code, status = call(remote.url + "api/status")
    assert code == 200
    assert status["show"] == "Juno at Io"
    assert status["chapter"] == 0 and status["chapters"] == 4
    assert status["chapter_title"] == "Approaching Io"
    assert status["time_utc"] == "2023-12-30T05:36:01Z"
    assert status["playing"] is False and status["rate"] == 1.0 and status["black"] is False


def test_commands_change_the_show_as_documented(remote: RemoteServer,
                                                running_player: ShowPlayer) -> None:
    api = remote.url + "api/"
    code, status = call(api + "next", "POST")
    assert code == 200 and status["chapter"] == 1
    assert running_player.status()["chapter"] == 1
    assert call(api + "next", "POST")[1]["chapter"] == 2
    assert call(api + "prev", "POST")[1]["chapter"] == 1
    code, status = call(api + "goto", "POST", b'{"chapter": 3}')
    assert code == 200 and status["chapter_title"] == "PJ58: back at 1,500 km"
    assert call(api + "play", "POST")[1]["playing"] is True
    assert running_player.status()["playing"] is True
    assert call(api + "pause", "POST")[1]["playing"] is False
    assert call(api + "black", "POST")[1]["black"] is True
    assert running_player.frame().blackout
    assert call(api + "black", "POST")[1]["black"] is False
    assert call(api + "black", "POST", b'{"on": true}')[1]["black"] is True
    assert call(api + "black", "POST", b'{"on": true}')[1]["black"] is True
    assert call(api + "rate", "POST", b'{"rate": 2.5}')[1]["rate"] == 2.5


def test_malformed_json_is_a_400_and_the_show_keeps_running(remote: RemoteServer,
                                                            running_player: ShowPlayer) -> None:
    running_player.play()
    code, answer = call(remote.url + "api/goto", "POST", b'{"chapter": 2')
    assert code == 400 and answer["error"].startswith("malformed JSON")
    assert "\n" not in answer["error"]
    for body, reason in [(b'[1, 2]', "JSON object"), (b'{"chapter": "two"}', "whole number"),
                         (b'{"chapter": 99}', "does not exist"), (b'{"on": "yes"}', "true")]:
        path = "black" if b"on" in body else "goto"
        code, answer = call(remote.url + "api/" + path, "POST", body)
        assert code == 400 and reason in answer["error"], answer
    before = running_player.show_s
    time.sleep(0.3)
    assert running_player.show_s > before and running_player.status()["playing"]
    assert call(remote.url + "api/status")[0] == 200
    assert call(remote.url + "api/explode", "POST")[0] == 404


def test_a_token_is_checked_on_every_request(running_player: ShowPlayer) -> None:
    with RemoteServer(running_player, LOCAL, token="s3cret") as server:
        api = server.url + "api/"
        assert call(api + "status")[0] == 401
        assert call(api + "status", headers={"Authorization": "Bearer wrong"})[0] == 401
        assert call(api + "next", "POST", headers={"Authorization": "Bearer wrong"})[0] == 401
        assert running_player.status()["chapter"] == 0
        assert call(api + "status?token=nope")[0] == 401
        good = {"Authorization": "Bearer s3cret"}
        assert call(api + "status", headers=good)[0] == 200
        assert call(api + "next", "POST", headers=good)[1]["chapter"] == 1
        assert call(api + "status?token=s3cret")[0] == 200
        with urllib.request.urlopen(server.url + "?token=s3cret", timeout=10) as page:
            assert b"Perijove remote" in page.read()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(server.url, timeout=10)
        with info.value:
            assert info.value.code == 401


def test_other_web_sites_and_foreign_host_names_are_refused(remote: RemoteServer,
                                                           running_player: ShowPlayer) -> None:
    evil = {"Origin": "http://evil.example"}
    assert call(remote.url + "api/next", "POST", headers=evil)[0] == 403
    rebinding = {"Host": f"evil.example:{remote.port}"}
    assert call(remote.url + "api/next", "POST", headers=rebinding)[0] == 403
    assert running_player.status()["chapter"] == 0
    same = {"Origin": f"http://127.0.0.1:{remote.port}"}
    assert call(remote.url + "api/next", "POST", headers=same)[0] == 200


def test_the_websocket_pushes_a_chapter_change(remote: RemoteServer,
                                               running_player: ShowPlayer) -> None:
    async def scenario() -> tuple[dict, dict]:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(remote.url + "api/ws") as ws:
                first = await asyncio.wait_for(ws.receive_json(), 5)
                # The change comes from elsewhere (another thread), not from this client.
                await asyncio.get_running_loop().run_in_executor(None, running_player.goto, 2)
                while True:
                    pushed = await asyncio.wait_for(ws.receive_json(), 5)
                    if pushed["chapter"] == 2:
                        return first, pushed

    first, pushed = asyncio.run(scenario())
    assert first["chapter"] == 0
    assert pushed["chapter_title"] == "Loki Patera"


def test_a_port_in_use_is_one_clear_line(running_player: ShowPlayer) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RemoteError) as info:
            RemoteServer(running_player, RemoteAddress("127.0.0.1", port)).start()
    message = str(info.value)
    assert "\n" not in message and f"127.0.0.1:{port}" in message and "in use" in message


def test_a_non_loopback_address_needs_a_token(running_player: ShowPlayer) -> None:
    with pytest.raises(RemoteError, match="listens beyond this computer.*token"):
        RemoteServer(running_player, "0.0.0.0:8765")
    RemoteServer(running_player, "0.0.0.0:8765", token="t")  # accepted (not started)
    RemoteServer(running_player, "localhost:8765")


def test_no_command_is_applied_when_nothing_ticks_the_show() -> None:
    from perijove.show.show_file import load_show

    player = ShowPlayer(load_show("juno-at-io"), playing=False)  # no clock thread
    with RemoteServer(player, LOCAL, command_timeout_s=0.3) as server:
        code, answer = call(server.url + "api/next", "POST")
    assert code == 503 and "clock" in answer["error"]
    player.tick(0.0)
    assert player.status()["chapter"] == 0  # the timed-out command was withdrawn


def test_addresses_and_tokens() -> None:
    assert parse_address("8765") == RemoteAddress("127.0.0.1", 8765)
    assert parse_address(":9000") == RemoteAddress("127.0.0.1", 9000)
    assert parse_address("0.0.0.0:80") == RemoteAddress("0.0.0.0", 80)
    assert parse_address("[::1]:81") == RemoteAddress("::1", 81)
    assert parse_address("[::1]:81").is_loopback
    assert not parse_address("192.168.1.5:81").is_loopback
    for bad in ("host:port", "1:2:3", "127.0.0.1:70000"):
        with pytest.raises(RemoteError, match="--remote"):
            parse_address(bad)
    assert resolve_token(None, {TOKEN_ENV: "abc"}) == "abc"
    assert resolve_token("cli", {TOKEN_ENV: "abc"}) == "cli"
    assert resolve_token(None, {}) is None
