"""The scene model, with no Qt and no VTK: what is where at time t (state), what the camera
does (camera, modes), how directions become pixels (projection), where labels go (layout).

Renderers are handed a `SceneState` and a `CameraState`; they never query the ephemeris.
"""
