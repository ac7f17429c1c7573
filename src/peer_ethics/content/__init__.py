"""Content schema (pydantic models) and loaders for the shipped YAML."""

from peer_ethics.content.loader import (
    ContentError,
    bibliography,
    check_references,
    frameworks,
    glossary,
    module,
    modules,
    rubric,
    rubric_ids,
    scenarios,
)

__all__ = [
    "ContentError",
    "bibliography",
    "check_references",
    "frameworks",
    "glossary",
    "module",
    "modules",
    "rubric",
    "rubric_ids",
    "scenarios",
]
