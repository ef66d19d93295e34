"""Presentation mode: a show full screen with no chrome (window.py), the operator's console
(console.py), and what runs them (app.py)."""
