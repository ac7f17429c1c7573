"""Dual-roles map: exact guidance and summaries for known roles; the view drives the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from peer_ethics.content import ContentError
from peer_ethics.content.loader import DATA_DIR, bibliography, dual_roles_content, load_file
from peer_ethics.content.models import DualRolesSet
from peer_ethics.content.quality import STIGMATISING
from peer_ethics.widgets.dual_roles import RISK_WORDS, DualRolesMap, dual_roles_map, plot_map

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


@pytest.fixture
def model() -> DualRolesMap:
    return DualRolesMap(dual_roles_content())


def test_the_content_lists_the_roles_in_order_with_their_risk(model: DualRolesMap) -> None:
    """Eight fictional roles around Kofi, each with a risk level."""
    assert model.peer == "Kofi"
    assert [(r.id, r.risk) for r in model.roles] == [
        ("neighbour", "moderate"), ("mutual-help-member", "moderate"), ("sponsor", "high"),
        ("former-coworker", "low"), ("relatives-friend", "moderate"), ("landlord", "high"),
        ("social-media-contact", "high"), ("place-of-worship", "low")]


def test_landlord_guidance_gives_risk_in_words_reasons_and_steps(model: DualRolesMap) -> None:
    """The landlord overlap: high risk, power imbalance first, supervisor then transfer."""
    g = model.guidance("landlord")
    assert g.headline() == "Landlord: High risk. Act now, with your supervisor."
    assert g.risk_words == "High risk" and g.needs_supervisor
    assert [r.split(":")[0] for r in g.reasons] == [
        "Power imbalance", "Risk of exploitation", "Mixed loyalties"]
    assert g.steps == (
        "Talk with your supervisor about this overlap soon. Peer codes expect you to work under "
        "supervision.",
        "Ask your supervisor whether another peer specialist should work with Kofi. If so, plan "
        "the change with notice and a warm referral, never a sudden end.",
        "Write a short note of the overlap and what you decided, as your agency asks. The NAADAC "
        "peer code expects supervision to be documented.",
    )
    assert g.sources[:3] == ("gutheil-gabbard-1993-boundaries", "naps-2013-practice-guidelines",
                             "naadac-ncprss-code-of-ethics")


def test_low_risk_roles_need_no_supervisor_step(model: DualRolesMap) -> None:
    """A former co-worker: low risk, steps to set expectations and keep the roles apart."""
    g = model.guidance("former-coworker")
    assert g.headline() == "Former co-worker: Low risk. Manage it with care."
    assert not g.needs_supervisor
    assert g.steps[0].startswith("Talk openly with Kofi about your two roles")


def test_summary_counts_roles_and_names_those_for_supervision(model: DualRolesMap) -> None:
    """Highest risk first; low-risk roles are counted but not sent to supervision."""
    assert model.summary() == ("You have not mapped any roles yet. Tick each role you also hold "
                               "with Kofi.")
    for role_id in ("neighbour", "former-coworker", "landlord"):
        model.select(role_id)
    assert model.summary() == ("You mapped 3 roles; 2 need a conversation with your supervisor: "
                               "landlord (high risk), neighbour (moderate risk).")
    model.select("landlord", False)
    assert model.summary() == ("You mapped 2 roles; 1 needs a conversation with your supervisor: "
                               "neighbour (moderate risk).")
    model.select("neighbour", False)
    assert model.summary() == ("You mapped 1 role; none needs a conversation with your supervisor "
                               "yet. Keep Kofi's news private, and raise any change in supervision.")


def test_text_alternative_describes_the_map(model: DualRolesMap) -> None:
    """The map's text alternative names each role and its risk, highest first."""
    model.select("place-of-worship")
    model.select("sponsor")
    assert model.text_alternative() == (
        "Map of your roles with Kofi. Kofi is in the centre. Your work role, peer specialist, "
        "links you to Kofi. Other roles, each linked to Kofi: Sponsor, high risk; "
        "Member of the same place of worship, low risk.")


def test_unknown_role_is_a_clear_error(model: DualRolesMap) -> None:
    """An unknown id raises KeyError listing the known ids."""
    with pytest.raises(KeyError, match="no role 'boss'; known: neighbour, mutual-help-member"):
        model.select("boss")


def test_the_map_labels_every_line_with_its_risk_in_words(model: DualRolesMap) -> None:
    """The figure carries the peer, the work role and each risk as text, and a legend in words."""
    model.select("landlord")
    model.select("former-coworker")
    fig = plot_map(model)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["Work role", "Peer specialist\n(your work role)", "High risk", "Landlord",
                     "Low risk", "Former co-worker", "Kofi\n(the peer)"]
    legend_box = fig.axes[0].get_legend()
    assert legend_box is not None
    legend = [t.get_text() for t in legend_box.get_texts()]
    assert legend == list(RISK_WORDS.values())
    styles = [line.get_linestyle() for line in fig.axes[0].lines]
    assert styles == ["-", "-", ":"]  # work role, high (solid, thicker), low (dotted)
    assert [line.get_linewidth() for line in fig.axes[0].lines] == [1.5, 4.0, 2.0]


def test_content_that_names_an_unknown_step_is_rejected(tmp_path: Path) -> None:
    """A role naming a step that does not exist fails validation with the known ids."""
    text = (DATA_DIR / "exercises" / "dual_roles.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "dual_roles.yaml"
    bad.write_text(text.replace("steps: [talk-with-supervisor, consider-transfer, document]",
                                "steps: [talk-with-supervisor, move-house]"), encoding="utf-8")
    with pytest.raises(ContentError, match="role 'landlord' names unknown reasons or steps: "
                                           r"\['move-house'\]"):
        load_file(bad, DualRolesSet)


def test_content_cites_only_known_sources_in_person_first_words() -> None:
    """Every source key resolves; no stigmatising term appears in the guidance."""
    content = dual_roles_content()
    keys = {k for group in (content.reasons, content.steps, content.roles) for e in group
            for k in e.sources}
    assert keys <= set(bibliography())
    text = (DATA_DIR / "exercises" / "dual_roles.yaml").read_text(encoding="utf-8").lower()
    assert [t for t in STIGMATISING if t in text] == []


def test_view_ticks_roles_shows_guidance_and_draws_the_map() -> None:
    """Ticking boxes drives the model; the button shows the summary and a map with alt text."""
    view = dual_roles_map()
    assert [b.description for b in view.role_boxes.values()][:3] == [
        "Neighbour", "Member of the same mutual-help group", "Sponsor"]
    assert view.guidance.value == ("<p>Tick a role to see its risk, why it matters, and what to "
                                   "do.</p>")
    view.role_boxes["social-media-contact"].value = True
    view.role_boxes["neighbour"].value = True
    assert "<h4>Social media contact: High risk. Act now, with your supervisor.</h4>" in view.guidance.value
    assert view.guidance.value.index("Social media") < view.guidance.value.index("Neighbour:")
    view.map_button.click()
    assert view.summary.value == (
        "<p role='status'><strong>You mapped 2 roles; 2 need a conversation with your "
        "supervisor: social media contact (high risk), neighbour (moderate risk).</strong></p>")
    assert view.map_view.value.startswith("<img src='data:image/png;base64,iVBOR")
    assert ('alt="Map of your roles with Kofi. Kofi is in the centre. Your work role, peer '
            'specialist, links you to Kofi. Other roles, each linked to Kofi: Social media '
            'contact, high risk; Neighbour, moderate risk."') in view.map_view.value
    view.role_boxes["neighbour"].value = False
    assert view.summary.value == "" and view.map_view.value == ""  # never a stale map
    assert [r.id for r in view.model.selected()] == ["social-media-contact"]
