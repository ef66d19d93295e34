"""Real mission data on demand: the manifest, the local cache, downloads and local files.

Nothing here touches the network at import time, and nothing here imports Qt or VTK (the
model layer rule, enforced by tests/data/test_layering_data.py). The application asks three
questions at start-up, all answered from the local data folder only:

- :func:`installed_kernel_paths`: SPICE SPK files to hand to ``SystemEphemeris``;
- :func:`installed_maps`: better surface maps per body;
- :func:`installed_juno_model`: NASA's Juno glTF model, if downloaded.
"""

from __future__ import annotations

from perijove.data.errors import DataError, DownloadCancelled
from perijove.data.registry import (
    installed_juno_model,
    installed_kernel_paths,
    installed_maps,
    installed_text_kernels,
)

__all__ = [
    "DataError",
    "DownloadCancelled",
    "installed_juno_model",
    "installed_kernel_paths",
    "installed_maps",
    "installed_text_kernels",
]
