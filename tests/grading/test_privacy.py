"""Identifying-detail checks for reflections, and the learner-facing warning."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from peer_ethics.privacy import check_my_reflection, identifying_details


@pytest.mark.parametrize(("text", "kinds"), [
    ("Call me at 555-123-4567 tomorrow.", ["a phone number"]),
    ("Reach me on (555) 123-4567.", ["a phone number"]),
    ("email jo.smith@example.org", ["an email address"]),
    ("I live at 42 Maple Street, near the park.", ["a street address"]),
    ("My sister Maria went through the same thing.", ["a named relative or acquaintance"]),
    ("I talked to John Smith about it afterwards.", ["a person's full name"]),
    ("I would thank Dana and tell my supervisor on Friday.", []),
    ("The Arkansas Code and Mental Health America both say so.", []),
    ("It cost $50 and took 6 months, about 180 days.", []),
])
def test_identifying_details(text: str, kinds: list[str]) -> None:
    """Phone, email, address, named relative and full name are spotted; prompt names are fine."""
    assert identifying_details(text, ["Dana", "Alex", "Sam"]) == kinds


def test_learner_warning_reads_the_saved_notebook(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The notebook check warns by kind and never echoes the learner's text."""
    cell = nbformat.v4.new_markdown_cell(
        "I would call Dana at 555-222-3333.",
        metadata={"nbgrader": {"grade_id": "boundaries-gift"}})
    path = tmp_path / "boundaries.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert check_my_reflection("boundaries-gift", path) == ["a phone number"]
    out = capsys.readouterr().out
    assert "it seems to contain a phone number" in out and "555" not in out
    assert check_my_reflection("boundaries-gift", tmp_path / "missing.ipynb") == []
