"""The one exception the data manager raises for anything a user can fix or retry."""

from __future__ import annotations


class DataError(ValueError):
    """A one-line, user-facing problem with downloadable or local data (what, why, what to do)."""


class DownloadCancelled(DataError):
    """The user stopped a download; the partial file is kept so the next fetch resumes."""
