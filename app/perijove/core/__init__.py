"""Time, the simulation clock, body constants and rotation models: no Qt, no VTK."""
