"""Scene and tour files (TOML): schema, loading and camera-path evaluation (no Qt, no VTK)."""


class SceneFileError(ValueError):
    """A problem in a scene file a user wrote: one sentence naming the file and the key."""
