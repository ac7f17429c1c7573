"""Redact the case note: exact counts, exact feedback, the redacted note, and bad content."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import textstat
import yaml
from pydantic import ValidationError

from peer_ethics.content.loader import DATA_DIR, redaction_content
from peer_ethics.content.models import RedactionExercise, SafeHarborIdentifier
from peer_ethics.content.quality import STIGMATISING
from peer_ethics.widgets.redaction import CaseNoteRedaction, redact_case_note

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

IDENTIFIERS = ["note-date", "record-number", "full-name", "birth-date", "street", "city", "phone",
               "email", "short-name", "employer", "unique", "brother", "plan-number", "next-date"]
NEEDED = ["recovery", "anxious", "sleep", "missed", "goal", "plan", "brother-support"]


@pytest.fixture
def model() -> CaseNoteRedaction:
    return CaseNoteRedaction(redaction_content())


@pytest.fixture
def raw() -> dict[str, Any]:
    """The shipped YAML as plain data, to break on purpose."""
    path = DATA_DIR / "exercises" / "redaction.yaml"
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_phrases_come_in_note_order_with_14_identifiers_and_7_needed_details(
        model: CaseNoteRedaction) -> None:
    """The checkboxes follow the note; the answer flags split 14 / 7."""
    assert [p.id for p in model.phrases if p.remove] == IDENTIFIERS
    assert [p.id for p in model.phrases if not p.remove] == NEEDED
    assert [p.id for p in model.phrases][:4] == ["note-date", "record-number", "full-name", "birth-date"]
    assert {p.category for p in model.phrases if p.remove} == {
        SafeHarborIdentifier.DATES, SafeHarborIdentifier.MEDICAL_RECORD_NUMBERS,
        SafeHarborIdentifier.NAMES, SafeHarborIdentifier.GEOGRAPHIC,
        SafeHarborIdentifier.TELEPHONE_NUMBERS, SafeHarborIdentifier.EMAIL_ADDRESSES,
        SafeHarborIdentifier.UNIQUE_CHARACTERISTICS, SafeHarborIdentifier.HEALTH_PLAN_NUMBERS}


def test_the_safe_harbor_list_has_its_18_categories() -> None:
    """45 CFR 164.514(b)(2)(i) lists (A) names to (R) any other unique identifier: 18 kinds."""
    assert len(SafeHarborIdentifier) == 18
    assert SafeHarborIdentifier.UNIQUE_CHARACTERISTICS.label == (
        "any other unique identifying number, characteristic or code")


def test_nothing_marked_misses_every_identifier(model: CaseNoteRedaction) -> None:
    """Score 7 of 21: every needed detail kept, every identifier missed, named with its category."""
    result = model.check()
    assert (result.score, result.total) == (7, 21)
    lines = result.lines()
    assert lines[0] == ("You removed 0 of 14 identifying details and kept 7 of 7 details the group "
                        "needs. Score: 7 of 21.")
    assert lines[1] == ('Still there: "14 March 2025". On the Safe Harbor list: all parts of dates '
                        "about the person except the year. The date of a meeting is a date about her. "
                        "Safe Harbor allows the year alone, not the day or month.")
    assert len(lines) == 15


def test_a_perfect_redaction_scores_21_of_21(model: CaseNoteRedaction) -> None:
    """Every identifier removed and every needed detail kept."""
    for phrase_id in IDENTIFIERS:
        model.mark(phrase_id)
    assert model.check().lines() == [
        "You removed 14 of 14 identifying details and kept 7 of 7 details the group needs. "
        "Score: 21 of 21.",
        "Nothing on the list is left, and the group still has what it needs."]


def test_a_missed_phone_and_an_over_redacted_detail_are_named(model: CaseNoteRedaction) -> None:
    """One identifier left in and one needed detail taken out: 19 of 21, both explained."""
    for phrase_id in [*IDENTIFIERS, "sleep"]:
        model.mark(phrase_id)
    model.mark("phone", remove=False)
    result = model.check()
    assert ([p.id for p in result.missed], [p.id for p in result.over_redacted]) == (["phone"], ["sleep"])
    assert result.lines() == [
        "You removed 13 of 14 identifying details and kept 6 of 7 details the group needs. "
        "Score: 19 of 21.",
        'Still there: "555-0142". On the Safe Harbor list: telephone numbers. Anyone could call this '
        "number and reach her.",
        'Removed but needed: "is not sleeping well". Poor sleep can shape the plan for her return to '
        "work."]


def test_a_missed_unique_trait_states_safe_harbors_actual_knowledge_rule(
        model: CaseNoteRedaction) -> None:
    """45 CFR 164.514(b)(2)(ii) asks that the agency not KNOW the rest could identify her."""
    for phrase_id in IDENTIFIERS:
        if phrase_id != "unique":
            model.mark(phrase_id)
    assert model.check().lines()[1] == (
        'Still there: "the only woman on the town\'s volunteer fire crew". On the Safe Harbor '
        "list: any other unique identifying number, characteristic or code. A detail that only "
        "one person fits can identify her, so Safe Harbor lists it among the details to remove. "
        "The rule also says that if your agency knows what is left could still identify her, "
        "alone or with other facts, the note is not de-identified.")


def test_employer_and_relative_names_count_as_identifiers(model: CaseNoteRedaction) -> None:
    """The rule covers the names of employers and relatives, not only the person's own."""
    for phrase_id in IDENTIFIERS:
        if phrase_id not in {"employer", "brother"}:
            model.mark(phrase_id)
    missed = model.check().lines()[1:]
    assert missed == [
        'Still there: "Harbor Lane Bakery". On the Safe Harbor list: names. The list covers the names '
        "of a person's employer, relatives and household members, not only her own name.",
        'Still there: "Luis". On the Safe Harbor list: names. The name of a relative is on the list too.']


def test_the_redacted_note_replaces_marked_phrases(model: CaseNoteRedaction) -> None:
    """Marked phrases read "[removed]"; the rest of the note is unchanged."""
    model.mark("full-name")
    model.mark("birth-date")
    note = model.redacted_note()
    assert note.splitlines()[2] == "I met with [removed], born [removed], at her home at 418 Alder Street in Millbrook. Her phone is"  # noqa: E501
    assert "Dana Whitfield" not in note and "has been in recovery from alcohol use" in note
    assert note.startswith("Peer support note, 14 March 2025. Record no. 20-44817.")
    assert note.endswith("Next meeting: 21 March.")
    with pytest.raises(KeyError, match="no phrase 'nope'; known: note-date, record-number"):
        model.mark("nope")


# --- bad content -------------------------------------------------------------------------------


def test_an_undefined_or_unused_phrase_is_rejected(raw: dict[str, Any]) -> None:
    """Every {placeholder} needs a phrase, and every phrase appears exactly once."""
    undefined = copy.deepcopy(raw)
    undefined["note"] += "\n{ssn}"
    with pytest.raises(ValidationError, match="the note uses phrases that are not defined: ssn"):
        RedactionExercise.model_validate(undefined)
    twice = copy.deepcopy(raw)
    twice["note"] += "\n{phone}"
    with pytest.raises(ValidationError, match=r"each phrase must appear once in the note: phone \(2 times\)"):
        RedactionExercise.model_validate(twice)
    raw["note"] = raw["note"].replace("{email}", "email")
    with pytest.raises(ValidationError, match=r"each phrase must appear once in the note: email \(0 times\)"):
        RedactionExercise.model_validate(raw)


def test_categories_must_match_the_remove_flag(raw: dict[str, Any]) -> None:
    """A phrase to remove needs a Safe Harbor category; a phrase to keep takes none; no made-up ones."""
    no_category = copy.deepcopy(raw)
    del no_category["phrases"][0]["category"]
    with pytest.raises(ValidationError, match="phrase 'note-date': a phrase to remove needs its Safe "
                                              "Harbor category"):
        RedactionExercise.model_validate(no_category)
    kept_with_category = copy.deepcopy(raw)
    kept_with_category["phrases"][9]["category"] = "names"
    with pytest.raises(ValidationError, match="phrase 'recovery': a phrase to keep takes no category"):
        RedactionExercise.model_validate(kept_with_category)
    raw["phrases"][0]["category"] = "hair-colour"
    with pytest.raises(ValidationError, match="category"):
        RedactionExercise.model_validate(raw)


def test_exercise_text_is_plain_and_person_first() -> None:
    """Purpose, note and feedback read at grade 10 or below and use no stigmatising term."""
    c = redaction_content()
    text = " ".join([c.purpose, c.note, *(p.why for p in c.phrases)])
    assert textstat.flesch_kincaid_grade(text) <= 10
    assert [t for t in STIGMATISING if re.search(rf"\b{re.escape(t)}s?\b", text.lower())] == []


# --- view --------------------------------------------------------------------------------------


def test_view_ticks_boxes_updates_the_note_and_checks() -> None:
    """Ticking a labelled box removes the phrase from the preview; checking shows exact counts."""
    view = redact_case_note()
    assert list(view.boxes) == [p.id for p in view.model.phrases]
    assert view.boxes["phone"].description == "Remove: 555-0142"
    assert "555-0142" in view.preview.value
    view.boxes["phone"].value = True
    assert "555-0142" not in view.preview.value and "Her phone is\n[removed]" in view.preview.value
    view.boxes["sleep"].value = True
    view.check_button.click()
    assert view.feedback.value.startswith(
        "<div role='status'><p><strong>You removed 1 of 14 identifying details and kept 6 of 7 "
        "details the group needs. Score: 7 of 21.</strong></p><ul><li>Still there: &quot;14 March "
        "2025&quot;.")
    assert "<li>Removed but needed: &quot;is not sleeping well&quot;." in view.feedback.value
    view.clear_button.click()
    assert view.model.marked == set() and view.feedback.value == ""
    assert "555-0142" in view.preview.value
