"""Spot identifying details in a learner's reflection, and warn the learner before they submit.

Reflections can hold personal disclosures. The kit never logs or exports their text; this
module also helps learners keep real people out of them. Detection is a set of conservative
patterns (phone numbers, email addresses, street addresses, a capitalised first and last name,
or a relative named by first name), not a guarantee: it errs towards asking a person to look.
Standard library only, so the check is quick to import in an assessment notebook.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["check_my_reflection", "identifying_details"]

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an email address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("a phone number", re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)")),
    ("a street address", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|"
        r"Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle)\b")),
    ("a named relative or acquaintance", re.compile(
        r"\b[Mm]y\s+(?:sister|brother|cousin|client|friend|son|daughter|neighbou?r|co-?worker|boss|sponsor|"
        r"partner|wife|husband|mom|mum|dad|mother|father|aunt|uncle|niece|nephew|roommate)\s+"
        r"(?:named\s+|called\s+)?[A-Z][a-z]+")),
)
_FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+)\s+([A-Z][a-z]{2,})\b")
_NOT_NAMES = frozenset(
    "I The A An My Our Your His Her Their This That These Those When Then If And But So Peer Peers "
    "Support Specialist Recovery Code Ethics Agency Policy National Practice Guidelines Mental Health "
    "America Certification Board Core Competencies Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April May June July August September October November December "
    "Dear Thank Thanks Mr Mrs Ms Dr Happy New Year Christmas Arkansas Minnesota Georgia Pennsylvania "
    "Medicaid Release Information SMART WRAP Alcoholics Anonymous Narcotics Team Lead Street Avenue "
    "Road Lane Drive Court Way Place Boulevard".split()
)


def identifying_details(text: str, allowed_names: Iterable[str] = ()) -> list[str]:
    """Return the kinds of identifying detail ``text`` seems to contain (empty when none).

    Parameters
    ----------
    text : str
        A reflection.
    allowed_names : iterable of str
        Names that are fine to use (the fictional people in the prompt).

    Returns
    -------
    list of str
        Plain-language kinds, such as ``"a phone number"``, in a fixed order, no duplicates.
    """
    allowed = {n.lower() for n in allowed_names}
    kinds = [kind for kind, pattern in _PATTERNS if pattern.search(text)]
    for match in _FULL_NAME.finditer(text):
        first, last = match.groups()
        if first not in _NOT_NAMES and last not in _NOT_NAMES and not (
                {first.lower(), last.lower()} & allowed):
            kinds.append("a person's full name")
            break
    return kinds


def check_my_reflection(grade_id: str, notebook: str | Path | None = None) -> list[str]:
    """Warn a learner whose saved reflection seems to name or locate real people.

    Reads the saved notebook (default: the only ``.ipynb`` in the working folder that holds a
    cell with ``grade_id``), prints a friendly warning or an all-clear, and returns the kinds
    found. Never prints the reflection itself. Missing files print nothing.
    """
    candidates = [Path(notebook)] if notebook else sorted(Path.cwd().glob("*.ipynb"))
    for path in candidates:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
                source = cell.get("source", "")
                text = "".join(source) if isinstance(source, list) else source
                names = {"Dana", "Alex", "Sam"}
                found = identifying_details(text, names)
                if found:
                    print("Please check your reflection before you submit: it seems to contain "
                          f"{' and '.join(found)}. Use the names in the question and leave out "
                          "details that could identify a real person.")
                else:
                    print("Privacy check: no phone numbers, emails, addresses or full names found "
                          "in your saved reflection.")
                return found
    return []
