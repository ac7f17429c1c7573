"""OARS drills: exact kinds and feedback for known choices and written replies; the view drives
the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from peer_ethics.content.loader import ContentError, load_file, oars_content
from peer_ethics.content.models import OarsSet
from peer_ethics.widgets.oars import OarsDrills, classify_written, oars_drills
from peer_ethics.widgets.oars.model import ROUGH_GUIDE, written_feedback

pytestmark = pytest.mark.usefixtures("raise_callback_errors")


@pytest.fixture
def model() -> OarsDrills:
    content = oars_content()
    return OarsDrills(list(content.statements), content.peer)


def test_the_content_has_six_statements_each_with_oars_and_roadblocks() -> None:
    """Six statements for Tess, each citing Miller & Rollnick and TIP 35."""
    content = oars_content()
    assert content.peer == "Tess"
    assert [s.id for s in content.statements] == [
        "new-job-nerves", "skipped-group", "told-my-sister", "rent-and-hours", "meds-changed",
        "thirty-days"]
    for s in content.statements:
        assert s.sources == ["miller-rollnick-2013-motivational-interviewing", "samhsa-2019-tip35"]


def test_choosing_a_reflection_gives_its_label_and_the_yaml_feedback(model: OarsDrills) -> None:
    """The message is the kind's label, then the option's feedback word for word."""
    result = model.choose("new-job-nerves", 0)
    assert (result.kind, result.is_oars) == ("reflection", True)
    assert result.message == (
        "Reflection (an OARS skill). This is a reflection. It is a statement, not a question, and "
        "it names both sides of what Tess feels: she wants the job, and she fears a repeat of "
        "last time.")


def test_choosing_a_roadblock_names_it(model: OarsDrills) -> None:
    """Advice is labelled as a roadblock, with the YAML's reason."""
    result = model.choose("new-job-nerves", 1)
    assert (result.kind, result.is_oars) == ("advising", False)
    assert result.message == ("Roadblock: advising. This is advice, a roadblock. It may be useful "
                              "later, but it jumps to a fix before Tess feels heard.")
    assert model.choose("skipped-group", 0).message.startswith("Roadblock: judging. ")
    assert model.choose("told-my-sister", 1).message.startswith("Roadblock: closed question. ")


def test_bad_choices_raise_clear_errors(model: OarsDrills) -> None:
    """Unknown statements list the known ids; out-of-range options name the range."""
    with pytest.raises(KeyError, match="known: new-job-nerves, skipped-group"):
        model.choose("nope", 0)
    with pytest.raises(IndexError, match="has options 0 to 3, not 4"):
        model.choose("new-job-nerves", 4)
    with pytest.raises(ValueError, match="write a response first"):
        model.write("new-job-nerves", "   ")
    assert model.answers == {}


@pytest.mark.parametrize(("text", "kind"), [
    ("What was that like for you?", "open-question"),
    ("How's the new place?", "open-question"),
    ("Tell me more about Monday.", "open-question"),
    ("What a week.", "unclear"),
    ("Did you go to the group?", "closed-question"),
    ("Are you okay?", "closed-question"),
    ("It sounds like you are worn out.", "reflection"),
    ("You feel let down by them.", "reflection"),
    ("So you decided to stay home.", "reflection"),
    ("So far you have told me about work and rent.", "summary"),
    ("That took courage.", "affirmation"),
    ("You should call them today.", "advising"),
    ("Why don't you try again next week?", "advising"),
    ("It sounds like you should rest.", "advising"),
    ("You shouldn't have gone.", "judging"),
    ("Don\u2019t worry, it will be fine.", "reassuring"),
    ("I'll call the doctor for you.", "fixing"),
    ("Hmm.", "unclear"),
    # An opener wins over cue phrases later in the sentence ...
    ("It sounds like you must feel exhausted.", "reflection"),
    ("You feel you have to choose between your job and your meetings.", "reflection"),
    ("What do you think you need to feel ready?", "open-question"),
    ("How would it feel to try to go back?", "open-question"),
    ("So you are worried it was your fault.", "reflection"),
    ("What do you think you should do?", "open-question"),
    ("So far you have told me you need to find work.", "summary"),
    # ... but the same phrases at the start, direct advice in a reflection's frame, and
    # suggestions in question form stay roadblocks.
    ("You have to go back.", "advising"),
    ("You must tell your sister.", "advising"),
    ("Try to get some sleep.", "advising"),
    ("It was your fault.", "judging"),
    ("So you should just quit.", "advising"),
    ("You feel bad, but you shouldn't have gone.", "judging"),
    ("It sounds like you're scared, but don't worry.", "reassuring"),
    ("What if you try to call them?", "advising"),
    ("How about a walk?", "open-question"),
])
def test_written_replies_are_classified_by_their_form(text: str, kind: str) -> None:
    """Openers, endings and cue phrases decide the rough kind."""
    assert classify_written(text) == kind


def test_cue_phrases_match_whole_words_only() -> None:
    """"you have to" is not found inside "you have told"."""
    assert classify_written("So far you have told me two things.") == "summary"


def test_written_feedback_says_it_is_a_rough_guide(model: OarsDrills) -> None:
    """The exact message for a written open question and for a closed one."""
    result = model.write("skipped-group", "What made the group hard to face?")
    assert (result.kind, result.is_oars) == ("open-question", True)
    assert result.message == (
        "Rough guide only: it looks at how your words start and end, not at what they mean. It "
        "reads like: Open question (an OARS skill). It ends with a question mark and starts like "
        "an open question, so it invites Tess to say more in their own words.")
    closed = written_feedback("Do you want to go back?", "Tess")
    assert closed.message == (
        f"{ROUGH_GUIDE} It reads like: Roadblock: closed question. It ends with a question mark "
        "and starts with a yes-or-no opener. Tess can answer in one word. Try starting with "
        "\"what\" or \"how\".")
    assert written_feedback("It sounds like you are tired?", "Tess").message.endswith(
        "Try ending it with a full stop: as a statement it invites more.")
    assert written_feedback("Hmm.", "Tess").message == (
        f"{ROUGH_GUIDE} It reads like: Not clear from the form. The rules could not place it. "
        "Check it yourself: is it a question, a statement of what Tess feels, or advice?")


def test_a_reflection_of_blame_is_not_judging(model: OarsDrills) -> None:
    """"your fault" after "So you" reflects Tess's worry: the exact reflection message."""
    result = model.write("told-my-sister", "So you are worried it was your fault.")
    assert (result.kind, result.is_oars) == ("reflection", True)
    assert result.message == (
        f"{ROUGH_GUIDE} It reads like: Reflection (an OARS skill). It starts like a reflection "
        "and says back what Tess may feel or mean.")


def test_summary_counts_each_kind_exactly(model: OarsDrills) -> None:
    """Four OARS replies of six: two reflections, one open question, one affirmation."""
    model.choose("new-job-nerves", 0)      # reflection
    model.choose("skipped-group", 1)       # reflection
    model.choose("told-my-sister", 0)      # affirmation
    model.choose("rent-and-hours", 1)      # advising
    model.write("meds-changed", "What would you like the doctor to know?")  # open question
    model.choose("thirty-days", 2)         # closed question
    assert model.progress() == "Answered 6 of 6 statements."
    assert model.summary() == (
        "You chose 4 of 6 OARS responses; reflections: 2; open questions: 1; affirmations: 1; "
        "summaries: 0; roadblocks: 2 (advising: 1, closed questions: 1). You wrote 1 of your "
        "answers yourself; their kinds come from a rough guide to their form.")


def test_summary_of_a_partial_session_says_what_is_left(model: OarsDrills) -> None:
    """Unanswered statements and unplaceable replies are counted in words."""
    model.write("new-job-nerves", "Hmm.")
    model.choose("rent-and-hours", 0)
    model.choose("rent-and-hours", 0)  # answering again replaces, not adds
    assert model.summary() == (
        "You chose 1 of 6 OARS responses; reflections: 0; open questions: 0; affirmations: 0; "
        "summaries: 1; roadblocks: 0. You wrote 1 of your answers yourself; their kinds come "
        "from a rough guide to their form. The guide could not place 1. Not answered yet: 4.")


def test_a_model_needs_unique_statements() -> None:
    """No statements, or a repeated id, is refused."""
    with pytest.raises(ValueError, match="at least one statement"):
        OarsDrills([], "Tess")
    first = oars_content().statements[0]
    with pytest.raises(ValueError, match="ids must be unique"):
        OarsDrills([first, first], "Tess")


def test_a_statement_without_a_roadblock_is_rejected(tmp_path: Path) -> None:
    """The schema needs at least one OARS reply and one roadblock per statement."""
    path = tmp_path / "oars.yaml"
    path.write_text(
        "schema_version: 1\npeer: Tess\nstatements:\n  - id: a\n    statement: Hi.\n"
        "    options:\n      - {text: One, kind: reflection, feedback: F}\n"
        "      - {text: Two, kind: open-question, feedback: F}\n    sources: [x]\n",
        encoding="utf-8")
    with pytest.raises(ContentError, match="needs at least one OARS response and at least one "
                                           "roadblock"):
        load_file(path, OarsSet)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: open-question",
                                                              "kind: lecturing"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"statements\.0\.options\.1\.kind"):
        load_file(path, OarsSet)


def test_view_checks_a_choice_and_own_words_and_summarises() -> None:
    """Radio choice, written reply, navigation and summary drive the model; labels are set."""
    view = oars_drills()
    assert view.choices.description == "Your response:"
    assert view.own_words.description == "Or write your own:"
    assert view.previous_button.disabled and not view.next_button.disabled
    view.check_button.click()
    assert view.feedback.value == ("<p role='status'><strong>Choose a response first.</strong> "
                                   "Press Tab to reach a response, then Space to choose it.</p>")
    view.choices.value = 0
    view.check_button.click()
    assert view.feedback.value.startswith(
        "<p role='status'>Reflection (an OARS skill). This is a reflection.")
    assert view.progress.value == "<p>Statement 1 of 6. Answered 1 of 6 statements.</p>"
    view.next_button.click()
    assert "I skipped my group again this week." in view.statement.value
    assert view.choices.value is None and view.feedback.value == ""
    view.write_button.click()
    assert "Write a response first." in view.feedback.value
    view.own_words.value = "Facing everyone felt like too much."
    view.write_button.click()
    assert view.feedback.value.startswith("<p role='status'>Rough guide only:")
    view.previous_button.click()
    assert view.choices.value == 0 and view.own_words.value == ""
    view.next_button.click()
    assert view.own_words.value == "Facing everyone felt like too much."
    view.summary_button.click()
    assert view.summary.value == (
        "<p role='status'><strong>Summary:</strong> You chose 1 of 6 OARS responses; "
        "reflections: 1; open questions: 0; affirmations: 0; summaries: 0; roadblocks: 0. You "
        "wrote 1 of your answers yourself; their kinds come from a rough guide to their form. "
        "The guide could not place 1. Not answered yet: 4.</p>")
