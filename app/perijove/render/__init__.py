"""VTK rendering of the scene (never imports Qt): globes, orbits, labels, depth slices."""
