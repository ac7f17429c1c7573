"""Peer Support Ethics Kit: content, exercises and grading for teaching peer-support ethics."""

__all__ = ["__version__"]
__version__ = "0.1.0"
