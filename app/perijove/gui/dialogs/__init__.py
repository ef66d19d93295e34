"""Dialogs: export, mission data, about / data sources."""
