"""Ask-Share-Ask planner: exact feedback per step and plan summary; the view drives the model."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from peer_ethics.content import ContentError
from peer_ethics.content.loader import DATA_DIR, ask_share_ask_content, bibliography, load_file
from peer_ethics.content.models import AskShareAskSet
from peer_ethics.content.quality import STIGMATISING
from peer_ethics.widgets.ask_share_ask import AskShareAskPlanner, ask_share_ask

pytestmark = pytest.mark.usefixtures("raise_callback_errors")

ASK = "Would it help to hear what got me through the nights?"
SHARE = ("My first weeks were hard too, and nights were the worst for me. A late walk and a call "
         "with a friend helped. It got easier, one night at a time.")
ASK_BACK = "What might help you on the hard nights?"
OVERSHARE = ("I remember I was so drunk I passed out and I woke up and I had blood on my shirt and "
             "I thought I would die. I kept going like that for years and my family left me.")


@pytest.fixture
def model() -> AskShareAskPlanner:
    return AskShareAskPlanner(ask_share_ask_content())


def test_first_ask_must_be_a_short_question(model: AskShareAskPlanner) -> None:
    """Empty, a statement, a long question, then a good question: exact feedback each time."""
    assert model.check_ask("  ").message == "Step 1 (Ask): write the question you would ask Priya first."
    result = model.check_ask("Let me tell you what worked for me.")
    assert (result.ok, result.message) == (False, (
        "Step 1 (Ask): make it a question that ends with a question mark, so Priya can answer it. "
        "For example: \"Would it help to hear what worked for me?\""))
    long = "Would it " + "really " * 30 + "help?"
    assert model.check_ask(long).message == ("Step 1 (Ask): keep the question short: it has 33 words; "
                                             "use 30 or fewer.")
    result = model.check_ask(ASK)
    assert (result.ok, result.message) == (True, (
        "Step 1 (Ask): good. You ask before you share, so Priya decides whether to hear your story."))


def test_purpose_feedback_says_a_disclosure_serves_the_peer(model: AskShareAskPlanner) -> None:
    """Only the peer's needs (or both, peer first) fit; each choice has its own feedback."""
    assert [(p.id, model.purpose_label(p.id), p.fits) for p in model.purposes] == [
        ("peer", "Priya's needs", True), ("mine", "My own needs", False),
        ("both", "Both of ours", True), ("not-sure", "Not sure", False)]
    assert model.choose_purpose(None).message == ("Step 2 (Purpose): choose whose needs this "
                                                  "disclosure would serve.")
    mine = model.choose_purpose("mine")
    assert (mine.ok, mine.message) == (False, (
        "Step 2 (Purpose): Pause. If it mainly meets your needs, such as to vent or to be liked, "
        "take it to your own supports or to supervision, and keep this time about Priya."))
    assert model.choose_purpose("peer").message == (
        "Step 2 (Purpose): Yes. A disclosure is a tool for Priya's recovery, and that is the reason "
        "to share.")
    with pytest.raises(KeyError, match="no purpose 'hers'; known: peer, mine, both, not-sure"):
        model.choose_purpose("hers")


def test_a_brief_hopeful_share_fits(model: AskShareAskPlanner) -> None:
    """31 words, no graphic terms, 2 first-person words, names what helped."""
    stats = model.share_stats(SHARE)
    assert (stats.words, stats.graphic, stats.first_person, stats.second_person, stats.hopeful) == (
        31, (), 2, 0, True)
    result = model.check_share(SHARE)
    assert (result.ok, result.message) == (True, (
        "Step 3 (Share): brief (31 words), free of graphic detail, and hopeful. Good."))


def test_a_graphic_self_focused_share_is_flagged_on_every_count(model: AskShareAskPlanner) -> None:
    """Graphic terms as written, I versus you counts, and no hope: all named in one message."""
    assert model.share_stats(OVERSHARE).graphic == ("blood", "passed out", "drunk")
    result = model.check_share(OVERSHARE)
    assert (result.ok, result.message) == (False, (
        "Step 3 (Share): revise it. Leave out graphic or using detail: 'blood', 'passed out', "
        "'drunk'. It is mostly about you: 11 words like \"I\", \"me\" or \"my\" and 0 like \"you\". "
        "Link it to what Priya is going through. Add what helped or where you are now, so it "
        "carries hope."))


def test_hope_terms_match_whole_words_never_words_ending_in_less(model: AskShareAskPlanner) -> None:
    """"hopeless" and "helpless" are not hope; hoped, helping, helpful and "got me through" are."""
    result = model.check_share("I felt hopeless and helpless at night. You might feel that too.")
    assert (result.ok, result.message) == (False, (
        "Step 3 (Share): revise it. Add what helped or where you are now, so it carries hope."))
    assert [model.share_stats(t).hopeful for t in (
        "I hoped.", "Helping out was key.", "A friend was helpful.", "What got me through was a "
        "walk.", "I learnt to rest.", "Today's walk matters.", "I felt helpless.",
        "It felt hopeless.", "I was unhelpful.")] == [
        True, True, True, True, True, True, False, False, False]
    result = model.check_share("What got me through was a walk at night. You might find one too.")
    assert (result.ok, result.message) == (True, (
        "Step 3 (Share): brief (14 words), free of graphic detail, and hopeful. Good."))


def test_graphic_terms_match_their_endings_and_listed_irregular_forms(
        model: AskShareAskPlanner) -> None:
    """"bled" is caught as well as "bleeding"; endings extend a term, a longer word does not."""
    result = model.check_share("I bled and kept bleeding that night. Support helped me and you.")
    assert (result.ok, result.message) == (False, (
        "Step 3 (Share): revise it. Leave out graphic or using detail: 'bleeding', 'bled'."))
    assert model.share_stats("They overdosed; I injected and a friend shot me up.").graphic == (
        "overdosed", "injected", "shot me up")
    assert model.share_stats("Needlework and bloodhounds.").graphic == ()


def test_share_word_cap_and_the_i_versus_you_threshold(model: AskShareAskPlanner) -> None:
    """61 words is one too many; "you" words raise how many "I" words are allowed."""
    long = " ".join(["It helped."] * 30) + " Today."
    assert model.share_stats(long).words == 61
    assert model.check_share(long).message == ("Step 3 (Share): revise it. It has 61 words; keep it "
                                               "to 60 or fewer.")
    # 5 first-person words, 0 "you": 5 > 4 + 2*0, flagged; one "you" allows 6.
    five_i = "I tried, I failed, I learned, my friend helped me."
    assert "mostly about you: 5 words" in model.check_share(five_i).message
    assert model.check_share(five_i + " You may find your own way.").ok
    assert model.check_share("").message == ("Step 3 (Share): write the short piece of your story you "
                                             "would share.")


def test_word_counts_show_the_cap_of_each_box(model: AskShareAskPlanner) -> None:
    """Asks count against 30 words, the share against 60; "I'm" is one word."""
    assert model.count_words("I'm here, and I’m fine.") == 5
    assert model.word_count_label("ask", ASK) == "11 of 30 words"
    assert model.word_count_label("share", SHARE) == "31 of 60 words"
    with pytest.raises(KeyError, match="no text step 'purpose'; known: ask, share, ask_back"):
        model.word_count_label("purpose", "")


def test_last_ask_must_hand_the_focus_back(model: AskShareAskPlanner) -> None:
    """A question not addressed to the peer is caught; "you" or her name passes."""
    result = model.check_ask_back("Does that make sense?")
    assert (result.ok, result.message) == (False, (
        "Step 4 (Ask again): ask Priya directly, using \"you\". For example: \"How does that fit "
        "with what you are going through?\""))
    assert model.check_ask_back("What about Priya's nights?").ok
    assert model.check_ask_back(ASK_BACK).message == ("Step 4 (Ask again): good. The focus goes back "
                                                      "to Priya. Now listen.")
    assert model.check_ask_back("You can do it.").message.startswith(
        "Step 4 (Ask again): make it a question that ends with a question mark")


def test_plan_summary_lists_steps_to_revise_then_the_ready_plan(model: AskShareAskPlanner) -> None:
    """The plan names the steps to revise; once all fit, it is ready and echoes the plan."""
    model.check_ask(ASK)
    model.check_share(OVERSHARE)
    plan = model.plan()
    assert not plan.ready
    assert plan.headline == ("Your plan has 3 steps to revise: Step 2 (Purpose), Step 3 (Share), "
                             "Step 4 (Ask again).")
    assert plan.lines[1] == "Purpose: (not written yet)"
    model.choose_purpose("both")
    model.check_share(SHARE)
    model.check_ask_back(ASK_BACK)
    plan = model.plan()
    assert plan.ready and [f.ok for f in plan.feedback] == [True, True, True, True]
    assert plan.headline == ("Your plan is ready: you ask first, share for Priya's sake in 31 words, "
                             "and hand the focus back.")
    assert plan.lines == (f"Ask: {ASK}", "Purpose: Both of ours", f"Share: {SHARE}",
                          f"Ask again: {ASK_BACK}")


def test_typed_text_is_never_logged(model: AskShareAskPlanner, caplog: pytest.LogCaptureFixture) -> None:
    """Running every step and the plan at DEBUG logs none of the learner's words."""
    with caplog.at_level(logging.DEBUG):
        model.check_ask(ASK)
        model.choose_purpose("peer")
        model.check_share(OVERSHARE)
        model.check_ask_back(ASK_BACK)
        model.plan()
        view = ask_share_ask()
        view.share.value = OVERSHARE
        view.plan_button.click()
    logged = caplog.text
    assert "nights" not in logged and "shirt" not in logged


def test_content_cites_known_sources_and_rejects_a_plan_with_no_fitting_purpose(tmp_path: Path) -> None:
    """Sources resolve, no stigmatising terms; a file where no purpose fits is rejected."""
    content = ask_share_ask_content()
    assert set(content.sources) <= set(bibliography())
    path = DATA_DIR / "exercises" / "ask_share_ask.yaml"
    text = path.read_text(encoding="utf-8")
    assert [t for t in STIGMATISING if t in text.lower()] == []
    bad = tmp_path / "ask_share_ask.yaml"
    bad.write_text(text.replace("fits: true", "fits: false"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"at least one purpose must fit \(fits: true\)"):
        load_file(bad, AskShareAskSet)


def test_view_drives_each_step_and_shows_the_plan() -> None:
    """Typing, choosing and clicking show exact feedback; labelled controls only."""
    view = ask_share_ask()
    assert [view.ask.description, view.purpose.description, view.share.description,
            view.ask_back.description] == ["Step 1, Ask:", "Step 2, whose needs would it serve?",
                                           "Step 3, Share:", "Step 4, Ask again:"]
    assert view.counts["share"].value == "<p class='pek-word-count'>0 of 60 words</p>"
    view.ask.value = ASK
    assert view.counts["ask"].value == "<p class='pek-word-count'>11 of 30 words</p>"
    view.ask_button.click()
    assert view.ask_feedback.value == (
        "<p role='status'><strong>Fits the guidance.</strong> Step 1 (Ask): good. You ask before "
        "you share, so Priya decides whether to hear your story.</p>")
    view.purpose.value = "not-sure"
    assert view.purpose_feedback.value.startswith(
        "<p role='status'><strong>Not yet.</strong> Step 2 (Purpose): Pause and ask the test "
        "questions.")
    view.purpose.value = "peer"
    view.share.value = SHARE
    view.share_button.click()
    assert "brief (31 words)" in view.share_feedback.value
    view.ask_back.value = ASK_BACK
    view.plan_button.click()
    assert view.plan.value.startswith(
        "<div class='pek-plan'><p role='status'><strong>Your plan is ready: you ask first, share "
        "for Priya&#x27;s sake in 31 words, and hand the focus back.</strong></p><ul><li>Ask: "
        "Would it help to hear what got me through the nights?</li>")
    assert view.ask_back_feedback.value.endswith("The focus goes back to Priya. Now listen.</p>")
