"""Shows and camera paths: scene and show files, keyframes, the show player and its remote
control (no Qt, no VTK)."""
