""""Can I share this?": the tree is validated, each step and request gives exact feedback."""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml
from pydantic import ValidationError

from peer_ethics.content import loader
from peer_ethics.content.loader import DATA_DIR, ContentError, can_i_share_content
from peer_ethics.content.models import ShareWalkthrough
from peer_ethics.content.quality import STIGMATISING
from peer_ethics.widgets.can_i_share import CanIShareWalk, can_i_share

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

YAML = DATA_DIR / "exercises" / "can_i_share.yaml"
REMINDER = ("This is training, not legal advice. Rules differ by state and by agency. Always follow "
            "your agency's policy and ask your supervisor.")


@pytest.fixture
def walk() -> CanIShareWalk:
    return CanIShareWalk(can_i_share_content())


@pytest.fixture
def raw() -> dict[str, Any]:
    """The shipped YAML as plain data, to break on purpose."""
    return copy.deepcopy(yaml.safe_load(YAML.read_text(encoding="utf-8")))


def _finish(walk: CanIShareWalk) -> None:
    """Answer every remaining step of the current request with its fitting answer."""
    while walk.phase in ("choose", "checked"):
        if walk.phase == "choose":
            walk.choose(walk.request.walk[len(walk.trail)].answer)
        walk.advance()


# --- content -----------------------------------------------------------------------------------


def test_shipped_tree_and_requests_load() -> None:
    """Seven steps, five outcomes, eight requests whose walks add up to 34 steps."""
    content = can_i_share_content()
    assert [s.id for s in content.steps] == ["danger", "report", "who", "law", "part2-consent",
                                             "release", "purpose"]
    assert [o.id for o in content.outcomes] == ["share-minimum", "do-not-share", "get-consent-first",
                                                "emergency", "report-procedure"]
    assert {r.id: r.outcome for r in content.requests} == {
        "family-call": "get-consent-first", "probation-call": "do-not-share",
        "team-clinician": "share-minimum", "threat-to-someone": "emergency",
        "child-worry": "report-procedure", "landlord-call": "do-not-share",
        "researcher-request": "do-not-share", "housing-release": "share-minimum"}
    assert sum(len(r.walk) for r in content.requests) == 34
    assert content.reminder == REMINDER


def test_every_request_reaches_its_outcome_through_the_model(walk: CanIShareWalk) -> None:
    """Walking each request's fitting answers ends at the outcome the YAML names."""
    reached = {}
    for _ in walk.content.requests:
        _finish(walk)
        reached[walk.request.id] = walk.outcome().outcome.id
        walk.next_request()
    assert reached == {r.id: r.outcome for r in walk.content.requests}
    assert walk.phase == "done"


def test_a_dangling_next_is_rejected(raw: dict[str, Any]) -> None:
    """A choice leading to an id that is neither a step nor an outcome names both."""
    raw["steps"][0]["choices"][0]["next"] = "nowhere"
    with pytest.raises(ValidationError, match="step 'danger', choice 'yes': next 'nowhere' is "
                                              "neither a step nor an outcome"):
        ShareWalkthrough.model_validate(raw)


def test_a_loop_is_rejected(raw: dict[str, Any]) -> None:
    """A branch that loops back never reaches an outcome."""
    raw["steps"][1]["choices"][1]["next"] = "danger"  # report: no -> danger
    with pytest.raises(ValidationError, match="the steps loop: danger -> report -> danger"):
        ShareWalkthrough.model_validate(raw)


def test_an_unreachable_step_or_outcome_is_rejected(raw: dict[str, Any]) -> None:
    """Cutting the only way into "purpose" leaves it, and get-consent-first, unreachable."""
    raw["steps"][5]["choices"][1]["next"] = "do-not-share"  # release: no -> do-not-share
    with pytest.raises(ValidationError, match="cannot be reached from start 'danger': purpose, "
                                              "get-consent-first"):
        ShareWalkthrough.model_validate(raw)


def test_a_walk_that_misses_its_outcome_is_rejected(raw: dict[str, Any]) -> None:
    """A request whose fitting answers lead elsewhere than its outcome is an authoring error."""
    raw["requests"][0]["outcome"] = "do-not-share"
    with pytest.raises(ValidationError, match="request 'family-call': its walk ends at "
                                              "'get-consent-first', but its outcome is 'do-not-share'"):
        ShareWalkthrough.model_validate(raw)


def test_a_walk_with_an_unknown_answer_or_a_skipped_step_is_rejected(raw: dict[str, Any]) -> None:
    """Answers must be choices of their step, and the walk must follow the tree in order."""
    bad_answer = copy.deepcopy(raw)
    bad_answer["requests"][0]["walk"][0]["answer"] = "maybe"
    with pytest.raises(ValidationError, match="request 'family-call', step 'danger': no choice "
                                              "'maybe'; choices: yes, no"):
        ShareWalkthrough.model_validate(bad_answer)
    del raw["requests"][0]["walk"][1]
    with pytest.raises(ValidationError, match="request 'family-call': the walk reaches 'report' "
                                              "here, not step 'who'"):
        ShareWalkthrough.model_validate(raw)


def test_the_loader_names_the_file_and_rejects_repeated_keys(tmp_path: Path) -> None:
    """A duplicate key is an error (not "last wins"); a schema error names file and field."""
    path = tmp_path / "can_i_share.yaml"
    path.write_text("schema_version: 1\ntitle: A\ntitle: B\n", encoding="utf-8")
    with pytest.raises(ContentError, match="key 'title' appears twice"):
        loader.load_file(path, ShareWalkthrough)
    path.write_text("schema_version: 1\ntitle: A\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"can_i_share.yaml: does not fit the ShareWalkthrough "
                                           r"schema: reminder: Field required"):
        loader.load_file(path, ShareWalkthrough)


def test_an_unknown_source_key_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           raw: dict[str, Any]) -> None:
    """Every outcome and request source must be in the bibliography."""
    raw["requests"][2]["sources"] = ["no-such-source"]
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "can_i_share.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    with pytest.raises(ContentError, match=r"exercises/can_i_share\.yaml: sources not in the "
                                           r"bibliography: no-such-source"):
        can_i_share_content.__wrapped__()


def test_exercise_text_is_plain_and_person_first() -> None:
    """All learner text reads at grade 10 or below and uses no stigmatising term."""
    c = can_i_share_content()
    parts = [c.reminder, *(s.question for s in c.steps),
             *(f"{ch.text} {ch.feedback}" for s in c.steps for ch in s.choices),
             *(f"{o.label}. {o.action}" for o in c.outcomes),
             *(f"{r.title}. {r.setting} {r.request} {' '.join(a.note for a in r.walk)} {r.outcome_note}"
               for r in c.requests)]
    text = " ".join(parts)
    assert textstat.flesch_kincaid_grade(text) <= 10
    assert [t for t in STIGMATISING if re.search(rf"\b{re.escape(t)}s?\b", text.lower())] == []


# --- model -------------------------------------------------------------------------------------


def test_a_wrong_answer_explains_and_keeps_the_step_open(walk: CanIShareWalk) -> None:
    """A non-fitting answer says what it would mean; the step waits for another try."""
    assert walk.progress() == "Request 1 of 8: A mother phones. Step 1 of 6."
    result = walk.choose("yes")
    assert (result.fits, result.first_try) == (False, True)
    assert result.message == ("Not this time. If someone could be seriously hurt soon, safety comes "
                              "first. You would follow the emergency procedure now. Read the request "
                              "again, then try another answer.")
    assert walk.phase == "choose"
    with pytest.raises(ValueError, match="find the answer that fits before you move on"):
        walk.advance()


def test_a_fitting_answer_explains_why_and_moves_on(walk: CanIShareWalk) -> None:
    """The fitting answer gives the request's note; advancing shows the next step."""
    result = walk.choose("no")
    assert (result.fits, result.first_try) == (True, True)
    assert result.message == ("Fits the facts. The mother is worried, but nothing says anyone could "
                              "be seriously hurt soon.")
    assert walk.phase == "checked"
    with pytest.raises(ValueError, match="this step is done; move on to the next step"):
        walk.choose("yes")
    walk.advance()
    step = walk.step()
    assert step is not None and step.id == "report"
    assert walk.progress() == "Request 1 of 8: A mother phones. Step 2 of 6."


def test_unknown_answers_and_early_moves_are_refused(walk: CanIShareWalk) -> None:
    """An unknown answer lists the real ones; next_request needs a finished request."""
    with pytest.raises(KeyError, match="step 'danger' has no answer 'maybe'; answers: yes, no"):
        walk.choose("maybe")
    with pytest.raises(ValueError, match="finish this request before you go to the next one"):
        walk.next_request()
    with pytest.raises(ValueError, match="this request is not finished yet"):
        walk.outcome()


def test_the_outcome_gives_what_to_do_and_exact_counts(walk: CanIShareWalk) -> None:
    """The family call ends with "Get consent first", its case note, and 5 of 6 first time."""
    walk.choose("yes")  # wrong first, then right
    _finish(walk)
    end = walk.outcome()
    assert (end.outcome.id, end.first_try, end.steps) == ("get-consent-first", 5, 6)
    assert end.text() == (
        "What to do: Get consent first. Do not share yet. Listen, and offer general resources. Then "
        "ask the peer whether they want this person to know. If they do, fill out a release together "
        "in plain words. Share only what it covers. In this case: You can listen to her mother's "
        "worry and offer resources for families. Do not confirm that Rosa comes to group. Later, "
        "tell Rosa her mother called, and ask whether she wants her involved. HIPAA allows some "
        "sharing with family, but it does not require it, and Rosa can easily be asked. You chose "
        "the fitting answer first time at 5 of 6 steps.")
    assert walk.progress() == "Request 1 of 8: A mother phones."
    with pytest.raises(ValueError, match="this request is finished; move on to the next request"):
        walk.choose("no")


def test_part2_general_release_is_not_enough(walk: CanIShareWalk) -> None:
    """In the probation call, "there is a Part 2 consent" does not fit; the general release does."""
    _finish(walk)
    walk.next_request()
    assert walk.request.id == "probation-call"
    for answer in ("no", "no", "someone-else", "part2"):
        assert walk.choose(answer).fits
        walk.advance()
    wrong = walk.choose("yes")
    assert wrong.message == ("Not this time. If a Part 2 consent names them and covers this "
                             "information, you may share what it covers and no more. Read the request "
                             "again, then try another answer.")
    right = walk.choose("general-release")
    assert right.message == ("Fits the facts. Devon signed only a general release. Part 2 says a "
                             "general release is not enough.")
    walk.advance()
    assert walk.outcome().outcome.label == "Do not share, and explain"


def test_sharing_with_the_care_team_says_minimum_necessary_does_not_bind_treatment(
        walk: CanIShareWalk) -> None:
    """45 CFR 164.502(b)(2)(i): the note says the rule does not apply, and why to share little."""
    while walk.request.id != "team-clinician":
        _finish(walk)
        walk.next_request()
    _finish(walk)
    assert walk.outcome().text() == (
        "What to do: Share the minimum necessary. Share only what this person needs for this "
        "purpose, and only what any release or consent covers. Talk in a private place or use "
        "your agency's secure system. Tell the peer what you shared, and write it down as your "
        "agency asks. In this case: Share what the therapist needs for tomorrow: that Sam is "
        "sleeping badly. Leave out the family matter, since his care does not need it. HIPAA "
        "allows sharing for treatment. Its minimum necessary rule does not apply when you share "
        "with a provider for treatment, but sharing only what the clinician needs is still good "
        "practice, and your agency's policy may ask for it. Tell Sam what you shared. You chose "
        "the fitting answer first time at 3 of 3 steps.")
    assert walk.request.sources == ["ecfr-45-cfr-164-506", "ecfr-45-cfr-164-502"]


def test_summary_counts_every_request_and_restart_forgets_one(walk: CanIShareWalk) -> None:
    """Exact counts: one wrong try in 34 steps; restarting a request drops its result."""
    walk.choose("yes")
    for _ in walk.content.requests:
        _finish(walk)
        walk.next_request()
    assert walk.summary() == ("You finished 8 of 8 requests. You chose the fitting answer first "
                              "time at 33 of 34 steps.")
    walk.restart()  # the last request (housing) again
    assert walk.summary() == ("You finished 7 of 8 requests. You chose the fitting answer first "
                              "time at 28 of 29 steps.")
    assert walk.phase == "choose"
    walk.start_over()
    assert walk.summary() == ("You finished 0 of 8 requests. You chose the fitting answer first "
                              "time at 0 of 0 steps.")
    assert walk.request.id == "family-call"


# --- view --------------------------------------------------------------------------------------


def test_view_walks_a_request_with_one_button() -> None:
    """Radio answers and one action button whose label follows the phase; text, not colour."""
    view = can_i_share()
    assert view.radio.description == "Your answer:"
    assert view.reminder.value == f"<p role='note'><strong>Remember:</strong> {html.escape(REMINDER)}</p>"
    assert "Request 1 of 8: A mother phones. Step 1 of 6." in view.progress.value
    view.action_button.click()
    assert view.feedback.value == "<p role='status'>Choose an answer first.</p>"
    view.radio.value = "yes"
    view.action_button.click()
    assert view.feedback.value.startswith("<p role='status'>✘ Not this time. If someone could be")
    assert view.action_button.description == "Check this step"
    assert view.radio.value == "yes" and not view.radio.disabled
    view.radio.value = "no"
    view.action_button.click()
    assert view.feedback.value == ("<p role='status'>✔ Fits the facts. The mother is worried, but "
                                   "nothing says anyone could be seriously hurt soon.</p>")
    assert view.action_button.description == "Next step" and view.radio.disabled
    view.action_button.click()
    assert "<strong>Step 2:</strong> Does what you know raise a duty to report" in view.question.value
    assert "(found after another try)" in view.trail.value
    assert view.radio.value is None and view.feedback.value == ""
    for answer in ("no", "someone-else", "hipaa", "no"):
        view.radio.value = answer
        view.action_button.click()
        view.action_button.click()
    view.radio.value = "peer-goals"
    view.action_button.click()
    assert view.action_button.description == "See what to do"
    view.action_button.click()
    assert "<strong>What to do: Get consent first.</strong>" in view.question.value
    assert "first time at 5 of 6 steps" in view.question.value
    assert view.radio.layout.display == "none"
    assert view.action_button.description == "Next request"
    view.restart_button.click()
    assert "Step 1 of 6." in view.progress.value and view.action_button.description == "Check this step"


def test_view_ends_with_the_summary_and_can_start_again() -> None:
    """After the last request the button reads "See my summary", then "Start again"."""
    view = can_i_share()
    for request in view.model.content.requests:
        for answer in request.walk:
            view.radio.value = answer.answer
            view.action_button.click()  # Check this step
            view.action_button.click()  # Next step / See what to do
        view.action_button.click()  # Next request / See my summary
    assert view.action_button.description == "Start again"
    assert view.question.value == ("<p role='status'><strong>All done.</strong> You finished 8 of 8 "
                                   "requests. You chose the fitting answer first time at 34 of 34 "
                                   "steps.</p>")
    assert view.restart_button.disabled
    view.action_button.click()
    assert "Request 1 of 8" in view.progress.value and not view.restart_button.disabled
