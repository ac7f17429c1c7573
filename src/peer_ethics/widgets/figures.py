"""Figures as accessible HTML: a matplotlib figure becomes an ``<img>`` with alt text.

An ``<img>`` without ``alt`` is a serious accessibility failure (axe-core rule ``image-alt``,
WCAG 2 success criterion 1.1.1), and ipywidgets' ``Image`` cannot carry one, so views put
figures in an ``HTML`` widget through :func:`figure_html`.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_html"]


def figure_html(fig: Figure, alt: str, *, max_width: str = "48em") -> str:
    """Return ``fig`` as an inline PNG ``<img>`` whose ``alt`` is ``alt`` (then close nothing).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Drawn with the object API (``matplotlib.figure.Figure``), so no pyplot state is touched.
    alt : str
        What the figure shows, in words (escaped here).
    max_width : str
        CSS max-width of the image; it scales down on narrow screens.

    Returns
    -------
    str
        ``<img src="data:image/png;base64,..." alt="...">``, 96 dpi PNG.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            f'style="width:100%;max-width:{max_width};height:auto">')
