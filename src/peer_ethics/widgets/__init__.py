"""Interactive exercises: one subpackage each, a pure model plus a thin ipywidgets view."""
