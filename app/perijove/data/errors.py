"""The one exception the data manager raises for anything a user can fix or retry.

The two helpers every one-line message about a file uses (:func:`shown_path`,
:func:`os_reason`) live in perijove.core.messages and are re-exported here.
"""

from __future__ import annotations

from perijove.core.messages import os_reason, shown_path

__all__ = ["DataError", "DownloadCancelled", "os_reason", "shown_path"]


class DataError(ValueError):
    """A one-line, user-facing problem with downloadable or local data (what, why, what to do)."""


class DownloadCancelled(DataError):
    """The user stopped a download; the partial file is kept so the next fetch resumes."""
