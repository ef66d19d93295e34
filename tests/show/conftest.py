"""A show playing on a fast real clock, as `perijove show --headless` runs it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from perijove.show.player import PlayerClock, ShowPlayer
from perijove.show.show_file import load_show


@pytest.fixture
def running_player() -> Iterator[ShowPlayer]:
    """The Io show, paused at chapter 0, its clock ticking every 10 ms in a thread."""
    player = ShowPlayer(load_show("juno-at-io"), playing=False)
    with PlayerClock(player, interval_s=0.01):
        yield player
