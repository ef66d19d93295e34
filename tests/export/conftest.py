"""Export tests keep their frame cache (and output locks) in a temporary folder, never in the
developer's ~/.cache/perijove."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _frame_cache_in_tmp(tmp_path_factory):  # noqa: ANN202
    saved = os.environ.get("PERIJOVE_CACHE_DIR")
    os.environ["PERIJOVE_CACHE_DIR"] = str(tmp_path_factory.mktemp("perijove-cache"))
    yield
    if saved is None:
        os.environ.pop("PERIJOVE_CACHE_DIR", None)
    else:
        os.environ["PERIJOVE_CACHE_DIR"] = saved
