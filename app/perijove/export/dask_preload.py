"""A Dask preload for the clusters Perijove starts itself ("local:N"): the nanny and the
worker processes die with their parent, so a killed export leaves no renderer running."""

from __future__ import annotations

import os

from perijove.export.lifetime import die_with_parent


def dask_setup(_server) -> None:  # noqa: ANN001 - a distributed Worker or Nanny
    die_with_parent(os.getppid())
