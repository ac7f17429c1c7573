"""Dilemma explorer: exact feedback and summaries for known paths, graph validation, the view."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from peer_ethics.content import loader
from peer_ethics.content.loader import ContentError, dilemmas, load_dilemma, module
from peer_ethics.content.models import DecisionStep, Dilemma
from peer_ethics.content.quality import STIGMATISING
from peer_ethics.widgets.dilemma import DilemmaExplorer, dilemma_explorer

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

# The strong path through "A secret about medicine" after a hasty promise (choice indices).
PROMISE_THEN_STRONG = [1, 0, 0, 0, 0, 0, 0, 0]


@pytest.fixture
def explorer() -> DilemmaExplorer:
    return DilemmaExplorer(list(dilemmas()))


# --- shipped content ------------------------------------------------------------------------------


def test_shipped_dilemmas_load_in_file_name_order() -> None:
    """Two dilemmas ship, each with at least two endings of different kinds."""
    found = dilemmas()
    assert [d.id for d in found] == ["coworker-side-job", "medication-secret"]
    assert [d.title for d in found] == ["A coworker's side job", "A secret about medicine"]
    for dilemma in found:
        kinds = {n.ending.kind for n in dilemma.nodes if n.ending is not None}
        assert kinds == {"strong", "acceptable", "harmful"}, dilemma.id


def test_steps_are_the_ones_the_module_teaches() -> None:
    """Each DecisionStep's number and label appear, in bold, in the module's list of steps."""
    body = next(s for s in module("ethics-in-practice").sections if s.id == "the-steps").body  # type: ignore[union-attr]
    assert re.findall(r"^\s*(\d)\. \*\*(.+?)\.\*\*", body, flags=re.M) == [
        (str(s.number), s.label) for s in DecisionStep]
    assert [s.number for s in DecisionStep] == [1, 2, 3, 4, 5, 6, 7, 8]


def _all_paths(dilemma: Dilemma) -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(node_id: str, trail: list[str]) -> None:
        node = dilemma.node(node_id)
        if node.ending is not None:
            paths.append([*trail, node_id])
        for choice in node.choices:
            walk(choice.next, [*trail, node_id])

    walk(dilemma.start, [])
    return paths


def test_every_path_ends_and_every_strong_ending_walks_all_eight_steps() -> None:
    """Paths are finite (exact counts), and a strong ending is only reached through all 8 steps."""
    counts = {}
    for dilemma in dilemmas():
        paths = _all_paths(dilemma)
        counts[dilemma.id] = len(paths)
        for path in paths:
            ending = dilemma.node(path[-1]).ending
            assert ending is not None
            if ending.kind == "strong":
                assert {dilemma.node(n).step for n in path} == set(DecisionStep), path
    assert counts == {"coworker-side-job": 42, "medication-secret": 74}


def _learner_text(dilemma: Dilemma) -> list[str]:
    out = [dilemma.title, dilemma.intro]
    for node in dilemma.nodes:
        out.append(node.text)
        out += [f"{c.label} {c.consequence} {c.feedback}" for c in node.choices]
        if node.ending is not None:
            out.append(node.ending.summary)
    return out


def test_dilemma_text_is_plain_and_person_first() -> None:
    """Reading grade at most 10 and no stigmatising term, as for module text."""
    for dilemma in dilemmas():
        text = " ".join(_learner_text(dilemma))
        assert textstat.flesch_kincaid_grade(text) <= 10, dilemma.id
        found = [t for t in STIGMATISING if re.search(rf"\b{re.escape(t)}s?\b", text.lower())]
        assert found == [], dilemma.id


# --- the model: exact feedback and summaries ------------------------------------------------------


def test_a_choice_returns_its_consequence_and_feedback(explorer: DilemmaExplorer) -> None:
    """Choosing by index moves on and returns exactly what the file says."""
    assert explorer.dilemma.id == "coworker-side-job"
    assert explorer.position() == "Step 1 of 8 in the model: Pause."
    taken = explorer.choose(0)
    assert taken.text() == (
        "Step 1. Pause. You chose: Thank Ines for telling you. Say you will think about how to "
        "help, and ask what she wants. What happened: Ines says she still wants help with the "
        "move. She does not want to pay Bo, but she is afraid of upsetting him. Feedback: Good. "
        "You paused instead of acting on anger, and you asked Ines what she wants.")
    assert taken.tag == "paused before acting"
    assert explorer.node.id == "name-issue"
    assert explorer.position() == "Step 2 of 8 in the model: Name the issue and whose interests are involved."
    assert not explorer.finished


def test_a_harmful_shortcut_is_summarised_with_the_steps_it_skipped(explorer: DilemmaExplorer) -> None:
    """Acting on anger ends at once: two steps walked, six missed, no good practice, in words."""
    explorer.choose("Find Bo at once and tell him off in front of his group.")
    assert explorer.finished
    assert explorer.summary().lines() == [
        'Your path through "A coworker\'s side job": 1 choice.',
        "1. Step 1. Pause. You chose: Find Bo at once and tell him off in front of his group. "
        "What happened: Bo is embarrassed. Group members start asking Ines about her move and "
        "her money. Feedback: Acting on anger skipped every step. It also told the group about "
        "Ines's private business without her say.",
        "Steps of the model on your path (2 of 8): 1. Pause; 6. Act, openly with the person "
        "where possible.",
        "Steps not on your path: 2. Name the issue and whose interests are involved; 3. Check "
        "your guidance; 4. List options and their consequences; 5. Consult your supervisor; "
        "7. Document; 8. Reflect.",
        "Good practices on your path: none yet. Try again and look for them.",
        "A harmful ending. Ines stops coming to group. Acting on anger, in public, shamed Bo "
        "and exposed Ines. The concern never reached the agency, so nothing changes. Pause "
        "first, and raise concerns with your supervisor.",
    ]


def test_a_strong_path_after_a_hasty_promise_walks_every_step(explorer: DilemmaExplorer) -> None:
    """Taking back a promise, then walking the steps, ends strong with all steps and tags."""
    explorer.select("medication-secret")
    for index in PROMISE_THEN_STRONG:
        explorer.choose(index)
    summary = explorer.summary()
    assert explorer.visited == ["first-answer", "uneasy-promise", "whose-interests", "check-guidance",
                                "list-options", "supervision", "talk-with-nadia", "write-note",
                                "strong-ending"]
    assert [c.step.number for c in summary.choices] == [1, 8, 2, 3, 4, 5, 6, 7]
    assert summary.steps_walked == tuple(DecisionStep) and summary.steps_missed == ()
    lines = summary.lines()
    assert lines[0] == 'Your path through "A secret about medicine": 8 choices.'
    assert lines[-4:] == [
        "Steps of the model on your path (8 of 8): 1. Pause; 2. Name the issue and whose "
        "interests are involved; 3. Check your guidance; 4. List options and their consequences; "
        "5. Consult your supervisor; 6. Act, openly with the person where possible; 7. Document; "
        "8. Reflect.",
        "Your path walked every step of the model.",
        "Good practices on your path: was open with the person, named whose interests are "
        "involved, checked the code and policy, consulted supervisor, respected "
        "self-determination, documented the facts.",
        "A strong ending. In supervision the next week, you look back on what was hard and what "
        "helped. Nadia kept her choice about her care, and her trust in you. The team knows what "
        "it needs to know, and your note records it plainly.",
    ]
    assert summary.text() == "\n".join(lines)
    assert (summary.ending_kind, summary.ending_words) == ("strong", "A strong ending")
    assert summary.route_line() == (
        "Your path in order of the model's steps: 1. Pause, then 8. Reflect, then 2. Name the "
        "issue and whose interests are involved, then 3. Check your guidance, then 4. List "
        "options and their consequences, then 5. Consult your supervisor, then 6. Act, openly "
        "with the person where possible, then 7. Document, then 8. Reflect (a strong ending).")


def test_the_path_drawing_plots_each_moment_at_its_step(explorer: DilemmaExplorer) -> None:
    """One point per moment at its step number, steps named on the axis, the ending in words."""
    from peer_ethics.widgets.dilemma.plot import path_image_html, plot_path

    explorer.choose(1)
    summary = explorer.summary()
    assert summary.route_line() == ("Your path in order of the model's steps: 1. Pause, then 6. Act, "
                                    "openly with the person where possible (a harmful ending).")
    fig = plot_path(summary)
    ax = fig.axes[0]
    assert ax.lines[0].get_xydata().tolist() == [[1.0, 1.0], [2.0, 6.0]]
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == [
        "1. Pause", "2. Name the issue and whose interests are involved"]
    assert [t.get_text() for t in ax.texts] == ["1", "6", "A harmful ending"]
    drawing = path_image_html(summary)
    assert drawing.startswith("<figure class='pek-dilemma-path'><img src='data:image/png;base64,iVBOR")
    assert drawing.endswith(
        "alt='Your path in order of the model&#x27;s steps: 1. Pause, then 6. Act, openly with the "
        "person where possible (a harmful ending).' style='max-width:100%'><figcaption>Your path in "
        "order of the model&#x27;s steps: 1. Pause, then 6. Act, openly with the person where "
        "possible (a harmful ending).</figcaption></figure>")


def test_a_quiet_fix_is_acceptable_but_misses_consult_and_documenting(explorer: DilemmaExplorer) -> None:
    """Talking with Bo alone and leaving it there: acceptable, with Consult and Document missed."""
    for index in (0, 0, 0, 1, 1):
        explorer.choose(index)
    summary = explorer.summary()
    assert summary.ending_kind == "acceptable"
    assert summary.missed_line() == ("Steps not on your path: 5. Consult your supervisor; 7. Document; "
                                     "8. Reflect.")
    assert summary.tags_line() == ("Good practices on your path: paused before acting, named whose "
                                   "interests are involved, checked the code and policy.")


def test_restart_and_select_start_over(explorer: DilemmaExplorer) -> None:
    """Start again forgets the path; selecting a dilemma starts it from its start node."""
    explorer.choose(0)
    explorer.restart()
    assert (explorer.node.id, explorer.path, explorer.visited) == ("first-reaction", [], ["first-reaction"])
    explorer.select("medication-secret")
    assert (explorer.dilemma.id, explorer.node.id) == ("medication-secret", "first-answer")


def test_bad_moves_raise_clear_errors(explorer: DilemmaExplorer) -> None:
    """Unknown choices, dilemmas, moves after an ending and early summaries are refused."""
    with pytest.raises(RuntimeError, match="once your path reaches an ending"):
        explorer.summary()
    with pytest.raises(IndexError, match="node 'first-reaction' has choices 0 to 2, not 3"):
        explorer.choose(3)
    with pytest.raises(KeyError, match=r"node 'first-reaction' has no choice 'Shout\.'"):
        explorer.choose("Shout.")
    with pytest.raises(KeyError, match="known: coworker-side-job, medication-secret"):
        explorer.select("nope")
    explorer.choose(1)
    with pytest.raises(RuntimeError, match="this path has ended; press Start again"):
        explorer.choose(0)
    with pytest.raises(ValueError, match="at least one dilemma"):
        DilemmaExplorer([])
    with pytest.raises(ValueError, match="dilemma ids must be unique"):
        DilemmaExplorer([dilemmas()[0], dilemmas()[0]])


# --- validation of broken files -------------------------------------------------------------------


def _tiny() -> dict[str, Any]:
    """A small valid dilemma: one choice node, two endings."""
    return {
        "schema_version": 1, "id": "tiny", "title": "Tiny", "intro": "A test dilemma.",
        "sources": ["naps-2013-practice-guidelines"], "start": "begin",
        "nodes": [
            {"id": "begin", "step": "pause", "text": "What now?", "choices": [
                {"label": "Wait.", "next": "good", "consequence": "C1.", "feedback": "F1.",
                 "tag": "paused before acting"},
                {"label": "Rush.", "next": "bad", "consequence": "C2.", "feedback": "F2."}]},
            {"id": "good", "step": "reflect", "text": "Done.",
             "ending": {"kind": "strong", "summary": "S1."}},
            {"id": "bad", "step": "act-openly", "text": "Oops.",
             "ending": {"kind": "harmful", "summary": "S2."}},
        ],
    }


def _write(tmp_path: Path, data: dict[str, Any], name: str = "tiny") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _error(tmp_path: Path, data: dict[str, Any]) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(ContentError) as caught:
        load_dilemma(path)
    prefix = f"{path}: does not fit the Dilemma schema: "
    assert str(caught.value).startswith(prefix)
    return str(caught.value).removeprefix(prefix)


def test_a_valid_small_dilemma_loads(tmp_path: Path) -> None:
    """The fixture itself is valid, so each broken variant below fails for its own reason."""
    found = load_dilemma(_write(tmp_path, _tiny()))
    assert [n.id for n in found.nodes] == ["begin", "good", "bad"]


def test_unknown_next_names_the_node_and_choice(tmp_path: Path) -> None:
    """A choice leading nowhere is reported with its node, number and label."""
    data = _tiny()
    data["nodes"][0]["choices"][1]["next"] = "nowhere"
    assert _error(tmp_path, data) == (
        "(top level): Value error, dilemma 'tiny': node 'begin', choice 2 ('Rush.'): next node "
        "'nowhere' does not exist")


def test_missing_start_is_reported_with_the_nodes(tmp_path: Path) -> None:
    """A start that is not a node lists the nodes there are."""
    data = _tiny()
    data["start"] = "opening"
    assert _error(tmp_path, data) == ("(top level): Value error, dilemma 'tiny': start node 'opening' "
                                      "does not exist; nodes are: begin, good, bad")


def test_unreachable_node_is_reported(tmp_path: Path) -> None:
    """A node no path leads to is named."""
    data = _tiny()
    data["nodes"].append({"id": "orphan", "step": "document", "text": "Lost.",
                          "ending": {"kind": "acceptable", "summary": "S3."}})
    assert _error(tmp_path, data) == ("(top level): Value error, dilemma 'tiny': nodes not reachable "
                                      "from the start 'begin': orphan")


def test_a_loop_is_refused_with_its_path(tmp_path: Path) -> None:
    """Loops are not allowed (a return to an earlier step is a new node), so every path ends."""
    data = _tiny()
    data["nodes"][0]["choices"][1]["next"] = "again"
    data["nodes"][2] = {"id": "again", "step": "reflect", "text": "Go back?", "choices": [
        {"label": "Back.", "next": "begin", "consequence": "C3.", "feedback": "F3."}]}
    data["nodes"].append({"id": "bad", "step": "act-openly", "text": "Oops.",
                          "ending": {"kind": "harmful", "summary": "S2."}})
    assert _error(tmp_path, data) == (
        "(top level): Value error, dilemma 'tiny': a path loops: begin -> again -> begin; loops "
        "are not allowed (give a return to an earlier step its own node), so every path ends")


def test_a_single_ending_is_refused(tmp_path: Path) -> None:
    """Every path leading to one ending leaves the learner no real choice."""
    data = _tiny()
    data["nodes"][0]["choices"][1]["next"] = "mid"
    data["nodes"][2] = {"id": "mid", "step": "consult", "text": "Ask?", "choices": [
        {"label": "Ask.", "next": "good", "consequence": "C3.", "feedback": "F3."}]}
    assert _error(tmp_path, data) == ("(top level): Value error, dilemma 'tiny': only 1 ending (good); "
                                      "a dilemma needs at least two endings")


@pytest.mark.parametrize(("change", "expected"), [
    ({"ending": {"kind": "strong", "summary": "S."}},
     "nodes.0: Value error, node 'begin' has both choices and an ending; give one of them"),
    ({"choices": []},
     "nodes.0: Value error, node 'begin' has neither choices nor an ending, so a path would stop "
     "there without an end"),
    ({"step": "hope"},
     "nodes.0: Value error, node 'begin': step 'hope' is not a step of the decision-making model; "
     "use one of: pause, name-the-issue, check-guidance, list-options, consult, act-openly, "
     "document, reflect"),
])
def test_node_problems_name_the_node(tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    """Both or neither of choices and ending, or an unknown step, name the node."""
    data = _tiny()
    data["nodes"][0].update(change)
    assert _error(tmp_path, data) == expected


def test_ending_kind_must_be_a_known_word(tmp_path: Path) -> None:
    """Ending kinds are strong, acceptable or harmful."""
    data = _tiny()
    data["nodes"][1]["ending"]["kind"] = "great"
    assert _error(tmp_path, data) == ("nodes.1.ending.kind: Input should be 'strong', 'acceptable' "
                                      "or 'harmful'")


def test_repeated_node_ids_and_file_name_mismatch(tmp_path: Path) -> None:
    """Node ids are unique, and a dilemma's id matches its file name."""
    data = _tiny()
    data["nodes"][2]["id"] = "good"
    data["nodes"][0]["choices"][1]["next"] = "good"
    assert _error(tmp_path, data) == "(top level): Value error, dilemma 'tiny': node ids repeat: good"
    path = _write(tmp_path, _tiny(), name="other")
    with pytest.raises(ContentError, match=r"other.yaml: id is 'tiny'; it must match the file name 'other'"):
        load_dilemma(path)


def test_a_repeated_yaml_key_is_refused(tmp_path: Path) -> None:
    """The loader rejects a key given twice instead of keeping the last one."""
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(_tiny(), sort_keys=False) + "title: Again\n", encoding="utf-8")
    with pytest.raises(ContentError, match="key 'title' appears twice in one mapping"):
        load_dilemma(path)


def test_unknown_source_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dilemma citing a key missing from the bibliography does not load."""
    data = _tiny()
    data["sources"] = ["naps-2013-practice-guidelines", "made-up-2099"]
    (tmp_path / "exercises" / "dilemmas").mkdir(parents=True)
    path = _write(tmp_path / "exercises" / "dilemmas", data)
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    loader.dilemmas.cache_clear()
    try:
        with pytest.raises(ContentError) as caught:
            loader.dilemmas()
    finally:
        loader.dilemmas.cache_clear()
    assert str(caught.value) == f"{path}: sources not in the bibliography: made-up-2099"


# --- the view --------------------------------------------------------------------------------------


def test_view_shows_a_labelled_picker_and_the_first_moment() -> None:
    """Several dilemmas: a labelled Dropdown; choices are buttons with their text as label."""
    view = dilemma_explorer()
    assert view.picker in view.children
    assert view.picker.description == "Dilemma:"
    assert view.picker.options == (("A coworker's side job", "coworker-side-job"),
                                   ("A secret about medicine", "medication-secret"))
    assert "<h3>A coworker&#x27;s side job</h3>" in view.header.value
    assert view.header.value.endswith(
        "<p><small>Based on: Forester-Miller et al., 2016; State of Arkansas et al., n.d.; "
        "NAADAC, n.d.; International Association of Peer Supporters (iNAPS), 2013</small></p>")
    assert view.position.value == "<p><strong>Step 1 of 8 in the model: Pause.</strong></p>"
    shown = [b.description for b in view.choice_buttons if b.layout.display != "none"]
    assert shown == ["Thank Ines for telling you. Say you will think about how to help, and ask what "
                     "she wants.",
                     "Find Bo at once and tell him off in front of his group.",
                     "Decide it is between Bo and Ines, and stay out of it."]
    assert view.restart_button.description == "Start again"
    assert view.feedback.value == "" and view.summary.value == ""


def test_view_walks_a_dilemma_to_its_ending_and_starts_again() -> None:
    """Picker, choice clicks, exact feedback, the summary at the ending, then Start again."""
    view = dilemma_explorer()
    view.picker.value = "medication-secret"
    assert "<h3>A secret about medicine</h3>" in view.header.value
    view.choice_buttons[1].click()
    assert view.feedback.value == (
        "<div class='pek-dilemma-feedback' role='status'>"
        "<p><strong>You chose:</strong> Promise her that it stays between the two of you.</p>"
        "<p><strong>What happened:</strong> Nadia looks relieved. You have made a promise before "
        "you know if you can keep it.</p>"
        "<p><strong>Feedback:</strong> A quick promise skips the pause. Your agency may ask you to "
        "share some things with the team, so you may have to break your word.</p></div>")
    assert view.position.value == "<p><strong>Step 8 of 8 in the model: Reflect.</strong></p>"
    assert view.node_text.value == "<p>That night, you feel uneasy about your promise. What do you do?</p>"
    view.choice_buttons[1].click()  # keep the promise: a harmful ending
    assert [b.layout.display for b in view.choice_buttons] == ["none", "none", "none"]
    assert view.summary.value.startswith(
        "<div class='pek-dilemma-summary' role='status'><h4>A harmful ending</h4><p>You kept your "
        "word, but you broke agency policy")
    assert ("<p>Steps not on your path: 2. Name the issue and whose interests are involved; "
            "3. Check your guidance; 4. List options and their consequences; 5. Consult your "
            "supervisor; 7. Document.</p>") in view.summary.value
    assert view.path_drawing.value.startswith("<figure class='pek-dilemma-path'><img src='data:")
    view.restart_button.click()
    assert view.model.node.id == "first-answer" and view.model.dilemma.id == "medication-secret"
    assert (view.feedback.value, view.summary.value, view.path_drawing.value) == ("", "", "")
    assert [b.layout.display for b in view.choice_buttons] == [None, None, None]


def test_view_ignores_a_stale_click_on_a_button_the_last_render_hid() -> None:
    """A queued second click on a hidden choice, or after the ending, changes nothing."""
    view = dilemma_explorer()
    view.picker.value = "medication-secret"
    view.choice_buttons[2].click()
    assert view.model.node.id == "pushed"
    assert [b.layout.display for b in view.choice_buttons] == [None, None, "none"]
    feedback = view.feedback.value
    view.choice_buttons[2].click()  # the queued click: node "pushed" has choices 0 to 1
    view.choose(5)
    assert (view.model.node.id, view.feedback.value, len(view.model.path)) == (
        "pushed", feedback, 1)
    view.choice_buttons[1].click()  # an ending
    summary = view.summary.value
    view.choice_buttons[1].click()  # the queued click: this path has ended
    view.choice_buttons[0].click()
    assert view.model.finished and len(view.model.path) == 2
    assert view.summary.value == summary
    assert [b.layout.display for b in view.choice_buttons] == ["none", "none", "none"]


def test_view_without_a_choice_of_dilemma_has_no_picker() -> None:
    """One dilemma: the picker stays out of the page and the hint does not mention it."""
    from peer_ethics.widgets.dilemma.view import DilemmaExplorerView

    view = DilemmaExplorerView(DilemmaExplorer([dilemmas()[1]]))
    assert view.picker not in view.children
    assert view.children[1].value.startswith("<p>Read each moment and choose what you would do.")
    assert "<small>Based on: forester-miller-davis-2016-decision-making;" in view.header.value
