"""Side panels of the main window: the time bar, the flyby panel, the body list."""
