"""Dual-roles map, pure model: the roles a peer specialist also holds with one peer, and guidance.

No ipywidgets here. The learner picks the roles they hold with a fictional peer; for each one
the model returns the risk level in words, why it matters and concrete steps, and a summary of
which overlaps need a conversation with a supervisor. The content, and the sources each reason,
step and role rests on (NAADAC NCPRSS code, N.A.P.S. 2013 practice guidelines, SAMHSA 2015 core
competencies, White & PRO-ACT 2007, Gutheil & Gabbard 1993, Arkansas and Minnesota codes), are
in ``data/exercises/dual_roles.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from peer_ethics.content.models import DualRole, DualRolesSet

__all__ = ["RISK_WORDS", "DualRolesMap", "RoleGuidance"]

Risk = Literal["low", "moderate", "high"]

#: The risk level in words, as the guidance, the map and the summary show it (never colour alone).
RISK_WORDS: dict[Risk, str] = {
    "low": "Low risk",
    "moderate": "Moderate risk",
    "high": "High risk",
}

#: What each risk level asks of the learner, after the risk words.
_RISK_MEANING: dict[Risk, str] = {
    "low": "Manage it with care.",
    "moderate": "Plan it with your supervisor.",
    "high": "Act now, with your supervisor.",
}

_ORDER: dict[Risk, int] = {"high": 0, "moderate": 1, "low": 2}


@dataclass(frozen=True)
class RoleGuidance:
    """Guidance on one overlap between a role and the peer-specialist role.

    Attributes
    ----------
    role_id, label, detail : str
    risk : str
        ``"low"``, ``"moderate"`` or ``"high"``.
    risk_words : str
        The risk level in words, e.g. ``"High risk"``.
    reasons : tuple of str
        ``"<label>: <explanation>"`` for each reason, in the content's order.
    why : str
    steps : tuple of str
        Concrete steps, in order, with the peer's name filled in.
    needs_supervisor : bool
        True when a step is a talk with a supervisor.
    sources : tuple of str
        Bibliography keys of the role, its reasons and its steps (no repeats).
    """

    role_id: str
    label: str
    detail: str
    risk: Risk
    risk_words: str
    reasons: tuple[str, ...]
    why: str
    steps: tuple[str, ...]
    needs_supervisor: bool
    sources: tuple[str, ...]

    def headline(self) -> str:
        """``"<label>: <risk words>. <what it asks>"``, e.g. ``"Landlord: High risk. Act now, ..."``."""
        return f"{self.label}: {self.risk_words}. {_RISK_MEANING[self.risk]}"

    def text(self) -> str:
        """The whole guidance as plain text: headline, why, reasons and numbered steps."""
        steps = " ".join(f"{n}. {s}" for n, s in enumerate(self.steps, start=1))
        return (f"{self.headline()} {self.detail} Why: {self.why} "
                f"Risks: {' '.join(self.reasons)} What to do: {steps}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class DualRolesMap:
    """A mapping session: which roles the learner holds with the peer, and guidance on each.

    Parameters
    ----------
    content : DualRolesSet
        Loaded from ``data/exercises/dual_roles.yaml`` (ids already checked to resolve).
    """

    def __init__(self, content: DualRolesSet) -> None:
        self.content = content
        self.peer = content.peer
        self.roles: tuple[DualRole, ...] = tuple(content.roles)
        self._by_id = {r.id: r for r in self.roles}
        self._reasons = {r.id: r for r in content.reasons}
        self._steps = {s.id: s for s in content.steps}
        self._selected: set[str] = set()

    def role(self, role_id: str) -> DualRole:
        """Return the role ``role_id``.

        Raises
        ------
        KeyError
            Unknown role; the message lists the known ids.
        """
        try:
            return self._by_id[role_id]
        except KeyError:
            raise KeyError(f"no role {role_id!r}; known: {', '.join(self._by_id)}") from None

    def select(self, role_id: str, selected: bool = True) -> None:
        """Mark role ``role_id`` as held (``selected=True``) or not held with the peer.

        Raises
        ------
        KeyError
            Unknown role.
        """
        self.role(role_id)
        if selected:
            self._selected.add(role_id)
        else:
            self._selected.discard(role_id)

    def selected(self) -> list[DualRole]:
        """The roles marked as held, in the content's order."""
        return [r for r in self.roles if r.id in self._selected]

    def reset(self) -> None:
        """Unmark every role."""
        self._selected.clear()

    def guidance(self, role_id: str) -> RoleGuidance:
        """Return the guidance on role ``role_id`` (held or not).

        Raises
        ------
        KeyError
            Unknown role.
        """
        role = self.role(role_id)
        reasons = [self._reasons[i] for i in role.reasons]
        steps = [self._steps[i] for i in role.steps]
        sources = dict.fromkeys([*role.sources, *(k for r in reasons for k in r.sources),
                                 *(k for s in steps for k in s.sources)])
        return RoleGuidance(
            role_id=role.id, label=role.label, detail=role.detail, risk=role.risk,
            risk_words=RISK_WORDS[role.risk],
            reasons=tuple(f"{r.label}: {r.explanation}" for r in reasons),
            why=role.why,
            steps=tuple(s.text.replace("{peer}", self.peer) for s in steps),
            needs_supervisor=any(s.supervisor for s in steps),
            sources=tuple(sources),
        )

    def selected_guidance(self) -> list[RoleGuidance]:
        """Guidance on every held role, highest risk first (content order within a level)."""
        held = sorted(self.selected(), key=lambda r: _ORDER[r.risk])
        return [self.guidance(r.id) for r in held]

    def summary(self) -> str:
        """The end-of-exercise summary, one or two sentences.

        Examples: ``"You mapped 3 roles; 2 need a conversation with your supervisor: landlord
        (high risk), neighbour (moderate risk)."``
        """
        held = self.selected_guidance()
        if not held:
            return f"You have not mapped any roles yet. Tick each role you also hold with {self.peer}."
        n = len(held)
        mapped = f"You mapped {n} role{'s' if n != 1 else ''}"
        talk = [g for g in held if g.needs_supervisor]
        if not talk:
            return (f"{mapped}; none needs a conversation with your supervisor yet. Keep "
                    f"{self.peer}'s news private, and raise any change in supervision.")
        named = ", ".join(f"{_lower_first(g.label)} ({g.risk_words.lower()})" for g in talk)
        verb = "needs" if len(talk) == 1 else "need"
        return f"{mapped}; {len(talk)} {verb} a conversation with your supervisor: {named}."

    def text_alternative(self) -> str:
        """What the map shows, in words, for screen readers and anyone who cannot see it."""
        held = self.selected_guidance()
        head = (f"Map of your roles with {self.peer}. {self.peer} is in the centre. Your work role, "
                f"peer specialist, links you to {self.peer}.")
        if not held:
            return f"{head} No other roles are mapped yet."
        links = "; ".join(f"{g.label}, {g.risk_words.lower()}" for g in held)
        return f"{head} Other roles, each linked to {self.peer}: {links}."
