"""Outputs: how a frame leaves the renderer. `perspective` draws straight into a render
window; `cube` renders cube faces and resamples them into a fisheye or equirectangular
frame (faces.py plans which faces, which parts, and the lookup table)."""
