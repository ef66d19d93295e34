"""The README's Quick start is one block of exactly two commands; .ci/run runs the second."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "Quick start must hold exactly one shell block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci.splitlines()
    assert "perijove" in commands[0] and "pytest" in commands[1]
