"""Offscreen output (screenshots, later video): VTK only, never Qt."""
