"""The Qt window: viewport, time bar, body list, dialogs."""
