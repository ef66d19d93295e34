"""Fixtures for the catalogue tests: a private cache folder, and the real catalogues loaded once."""

from __future__ import annotations

import os

import pytest

from perijove.catalogs.catalog_cache import ENV_CACHE_DIR


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):  # noqa: ANN001, ANN202
    """Each test gets an empty cache folder, so the developer's cache never changes a result."""
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def stars(tmp_path_factory):  # noqa: ANN001, ANN201
    """The full Hipparcos-2 star catalogue, loaded once (0.3 s) into a session cache folder."""
    from perijove.catalogs.stars import load_stars

    saved = os.environ.get(ENV_CACHE_DIR)
    os.environ[ENV_CACHE_DIR] = str(tmp_path_factory.mktemp("star-cache"))
    try:
        catalogue = load_stars()
    finally:
        if saved is None:
            os.environ.pop(ENV_CACHE_DIR, None)
        else:
            os.environ[ENV_CACHE_DIR] = saved
    assert not catalogue.warnings, catalogue.warnings
    return catalogue
