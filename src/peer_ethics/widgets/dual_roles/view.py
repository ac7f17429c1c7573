"""Dual-roles map, thin ipywidgets view: labelled checkboxes, guidance, a map with a text alternative."""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from peer_ethics.widgets.dual_roles.model import DualRolesMap, RoleGuidance

__all__ = ["DualRolesMapView"]

_SPACED = "0 0.6em 0.6em 0"


def _sources(keys: tuple[str, ...]) -> str:
    from peer_ethics.content.loader import bibliography

    refs = bibliography()
    return "; ".join(refs[k].short() for k in keys if k in refs)


def _card(g: RoleGuidance) -> str:
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in g.steps)
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in g.reasons)
    return (f"<div class='pek-card'><h4>{html.escape(g.headline())}</h4>"
            f"<p>{html.escape(g.detail)} <strong>Why:</strong> {html.escape(g.why)}</p>"
            f"<p><strong>What makes it risky:</strong></p><ul>{reasons}</ul>"
            f"<p><strong>What to do:</strong></p><ol>{steps}</ol>"
            f"<p><small>Sources: {html.escape(_sources(g.sources))}</small></p></div>")


class DualRolesMapView(w.VBox):  # type: ignore[misc]
    """A checkbox per role, guidance on each ticked role, and a button that draws the map.

    Checkboxes carry the role's name as their label (Tab to reach, Space to tick); the map is
    a PNG with an ``alt`` text and the same text shown under it; risk is always in words.

    Attributes
    ----------
    role_boxes : dict
        ``{role id: Checkbox}`` in the content's order.
    guidance : HTML
        Guidance on every ticked role, highest risk first.
    map_button : Button
        Draws the map and fills ``summary``.
    summary : HTML
    map_view : HTML
        The map image and its text alternative.
    """

    def __init__(self, model: DualRolesMap) -> None:
        self.model = model
        self.role_boxes = {
            r.id: w.Checkbox(value=False, description=r.label, indent=False,
                             layout=w.Layout(width="auto", margin="0 1.5em 0.3em 0"))
            for r in model.roles
        }
        for role_id, box in self.role_boxes.items():
            box.observe(lambda change, rid=role_id: self.select(rid, bool(change["new"])), names="value")
        self.guidance = w.HTML(layout=w.Layout(max_width="48em"))
        self.map_button = w.Button(description="Draw my map and summary",
                                   tooltip="Draw the map of your roles and sum up what to do",
                                   layout=w.Layout(width="auto", margin=_SPACED))
        self.map_button.on_click(lambda _b: self.draw())
        self.summary = w.HTML(layout=w.Layout(max_width="48em"))
        self.map_view = w.HTML(layout=w.Layout(max_width="56em"))
        super().__init__([
            w.HTML(f"<p>{html.escape(model.content.scenario)}</p>"
                   "<p>Use Tab to move between the boxes and Space to tick one. Then press "
                   "<strong>Draw my map and summary</strong>.</p>"),
            w.HTML(f"<p><strong>Roles you also hold with {html.escape(model.peer)}:</strong></p>"),
            w.Box(list(self.role_boxes.values()), layout=w.Layout(flex_flow="row wrap")),
            self.guidance, w.HBox([self.map_button]), self.summary, self.map_view,
        ])
        self.add_class("pek-dual-roles")
        self._render()

    def select(self, role_id: str, held: bool) -> None:
        """Mark ``role_id`` as held or not, and refresh the guidance."""
        self.model.select(role_id, held)
        if self.role_boxes[role_id].value != held:
            self.role_boxes[role_id].value = held
        self.summary.value = ""  # a changed map needs drawing again; never show a stale one
        self.map_view.value = ""
        self._render()

    def draw(self) -> None:
        """Show the summary and draw the map with its text alternative."""
        from peer_ethics.widgets.dual_roles.plot import plot_map, png_bytes

        self.summary.value = (f"<p role='status'><strong>{html.escape(self.model.summary())}"
                              "</strong></p>")
        alt = html.escape(self.model.text_alternative(), quote=True)
        data = base64.b64encode(png_bytes(plot_map(self.model))).decode("ascii")
        self.map_view.value = (f"<img src='data:image/png;base64,{data}' alt=\"{alt}\" "
                               "style='max-width:100%;height:auto'>"
                               f"<p class='pek-text-alternative'><strong>The map in words:</strong> "
                               f"{alt}</p>")

    def _render(self) -> None:
        held = self.model.selected_guidance()
        if not held:
            self.guidance.value = ("<p>Tick a role to see its risk, why it matters, and what to "
                                   "do.</p>")
        else:
            self.guidance.value = ("<div aria-live='polite'>" + "".join(_card(g) for g in held)
                                   + "</div>")
