"""Where the kit's folders are: course/, widgets/, assessments/ in a checkout of the kit."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["KitNotFound", "kit_root"]

_MARKERS = ("course", "widgets", "assessments")


class KitNotFound(FileNotFoundError):
    """No kit checkout (a folder holding course/, widgets/ and assessments/) was found."""


def _is_kit(path: Path) -> bool:
    return all((path / m).is_dir() for m in _MARKERS)


def kit_root(start: Path | None = None) -> Path:
    """Return the kit checkout: ``$PEER_ETHICS_KIT``, else the first folder at or above
    ``start`` (default: the working directory), else the checkout this package was installed
    from in editable mode.

    Raises
    ------
    KitNotFound
        None of those holds course/, widgets/ and assessments/.
    """
    env = os.environ.get("PEER_ETHICS_KIT")
    if env:
        if _is_kit(Path(env)):
            return Path(env).resolve()
        raise KitNotFound(f"PEER_ETHICS_KIT={env} does not hold {', '.join(_MARKERS)}")
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents, *Path(__file__).resolve().parents):
        if _is_kit(candidate):
            return candidate
    raise KitNotFound(
        "could not find the kit's folders (course/, widgets/, assessments/): run this command "
        "inside a checkout of the kit or set PEER_ETHICS_KIT to its path"
    )
