"""Surface maps: which map each globe wears (the catalogue and the best-map policy) and the
Io map built from JunoCam's mosaic. No Qt, no VTK: the renderer turns a map into a texture."""
