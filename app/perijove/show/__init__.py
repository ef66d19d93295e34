"""Shows and camera paths: scene and show files, keyframes, easing, the show player and its remote control (no Qt, no VTK)."""
