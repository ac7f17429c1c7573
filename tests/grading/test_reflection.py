"""Reflection scorer: agreement on the labelled sample, exact verdicts, flags, CLI output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from peer_ethics.cli import main
from peer_ethics.content import rubric
from peer_ethics.grading.reflection import score_reflection

SAMPLE = Path(__file__).parent / "data" / "shared_sample.yaml"
GIFT = rubric("boundaries-gift")


def _sample() -> list[dict]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def test_agrees_with_the_labelled_sample_criterion_by_criterion() -> None:
    """On the shared labelled sample, at least 95% of criterion verdicts match the labels."""
    items = _sample()
    agree = total = 0
    for item in items:
        verdict = score_reflection(item["text"], rubric(item["rubric"]))
        for cid, label in item["labels"].items():
            agree += int(verdict.criteria[cid].met) == label
            total += 1
    assert total == 84
    assert agree / total >= 0.95


def test_keyword_salad_and_negated_answers_earn_at_most_one_point() -> None:
    """Answers that list rubric terms or negate them never earn more than 1 point unflagged."""
    for item in _sample():
        if item["kind"] in {"keyword-salad", "negated"}:
            verdict = score_reflection(item["text"], rubric(item["rubric"]))
            assert verdict.score <= 1 or verdict.needs_review, item["id"]


def test_strong_answer_meets_every_criterion_with_evidence() -> None:
    """A complete answer scores 4 of 4 and each criterion names its evidence sentence."""
    text = ("I would thank Dana warmly for the card she made. I would explain that I can't accept "
            "the gift card, because money could blur the line between our helping relationship "
            "and a friendship. I'd keep the handmade card if our gift policy allows it and tell my "
            "supervisor.")
    verdict = score_reflection(text, GIFT)
    assert (verdict.score, verdict.needs_review) == (4, False)
    assert verdict.criteria["respects-peer"].evidence == "I would thank Dana warmly for the card she made."
    assert verdict.feedback.splitlines()[0] == "Reflection score: 4 of 4."


def test_negated_supervision_does_not_count() -> None:
    """'No need to tell my supervisor' does not meet the policy-or-supervision criterion."""
    text = ("I'd thank Dana and hand the gift card back to her kindly. There is no need to tell "
            "my supervisor about something this small, it would only embarrass her and me both.")
    verdict = score_reflection(text, GIFT)
    assert verdict.criteria["policy-or-supervision"].met is False
    assert verdict.criteria["policy-or-supervision"].note == "negated"
    assert verdict.criteria["concrete-action"].met is True


def test_keeping_the_money_is_contradicted() -> None:
    """Saying you would keep the gift card loses the concrete-action point."""
    text = ("I'd thank Dana so much and give her a hug. I would keep the gift card because she "
            "wants me to have it and saying no would hurt her feelings after six months.")
    verdict = score_reflection(text, GIFT)
    assert verdict.criteria["concrete-action"].met is False
    assert verdict.criteria["concrete-action"].note == "contradicted"


@pytest.mark.parametrize(("text", "reason"), [
    ("I would say no thanks.", "very short (5 words)"),
    ("Le daría las gracias a Dana por la tarjeta que hizo, pero no puedo aceptar la tarjeta de "
     "regalo. Hablaría con mi supervisora y seguiría la política de la agencia.",
     "may not be written in English"),
    (" ".join(GIFT.prompt.split()), "mostly repeats the prompt"),
    ("I think the weather this week has been lovely and I'd like to go hiking in the mountains "
     "with my family on Saturday, then cook a big dinner together at home afterwards.",
     "may be off topic"),
])
def test_answers_the_scorer_cannot_judge_are_flagged(text: str, reason: str) -> None:
    """Too short, another language, a copied prompt, or off topic: flagged, with the reason."""
    verdict = score_reflection(text, GIFT)
    assert verdict.needs_review
    assert reason in verdict.review_reasons


def test_empty_answer_scores_zero_without_a_flag() -> None:
    """An empty answer is 0 points, nothing to review."""
    verdict = score_reflection("   ", GIFT)
    assert (verdict.score, verdict.needs_review) == (0, False)
    assert verdict.feedback == "Reflection score: 0 of 4. No response."


def test_score_is_deterministic() -> None:
    """The same text always gets the same verdict."""
    item = _sample()[0]
    first = score_reflection(item["text"], rubric(item["rubric"]))
    assert all(score_reflection(item["text"], rubric(item["rubric"])) == first for _ in range(3))


def test_score_reflections_command_prints_one_json_line_per_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI reads {id, text} lines and prints the documented JSON shape; bad lines are named."""
    src = tmp_path / "in.jsonl"
    strong = ("I would thank Dana warmly for the card she made. I would explain that I can't "
              "accept the gift card, because money could blur the line between our helping "
              "relationship and a friendship. I'd keep the handmade card if our gift policy "
              "allows it and tell my supervisor.")
    src.write_text(json.dumps({"id": "a", "text": strong}) + "\n{broken\n"
                   + json.dumps({"id": 7, "text": ""}) + "\n", encoding="utf-8")
    code = main(["score-reflections", "--rubric", "boundaries-gift", str(src)])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert "in.jsonl:2: skipped" in err and "Dana" not in err
    assert lines[0] == {
        "id": "a", "score": 4,
        "criteria": {"names-issue": 1, "respects-peer": 1, "concrete-action": 1,
                     "policy-or-supervision": 1},
        "needs_review": False,
        "feedback": score_reflection(strong, GIFT).feedback,
    }
    assert (lines[1]["id"], lines[1]["score"], lines[1]["needs_review"]) == ("7", 0, False)


def test_score_reflections_accepts_a_rubric_path(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """--rubric takes a .yaml path as well as an id; an unknown id exits 2 with the known ids."""
    from peer_ethics.content.loader import DATA_DIR

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "I'd thank her."}) + "\n", encoding="utf-8")
    assert main(["score-reflections", "--rubric",
                 str(DATA_DIR / "rubrics" / "boundaries-gift.yaml"), str(src)]) == 0
    assert json.loads(capsys.readouterr().out)["needs_review"] is True
    assert main(["score-reflections", "--rubric", "nope", str(src)]) == 2
    assert "shipped rubrics: " in capsys.readouterr().err


def test_identifying_details_flag_the_reflection_for_review() -> None:
    """A phone number in a reflection flags it for the instructor, naming only the kind."""
    text = ("I would thank Dana warmly and hand the gift card back, then tell my supervisor. If she "
            "needs me she can call my cell at 555-201-3344.")
    verdict = score_reflection(text, GIFT)
    assert verdict.needs_review
    assert "may contain identifying details (a phone number)" in verdict.review_reasons
    assert "555" not in verdict.feedback


def test_shared_sample_copy_is_current() -> None:
    """The kit's copy of the shared labelled sample matches ../shared when it is present."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "reflections" / "sample.yaml"
    if not shared.is_file():
        pytest.skip(f"{shared} is not beside this checkout")
    assert yaml.safe_load(shared.read_text(encoding="utf-8")) == _sample()


@pytest.mark.parametrize(("text", "most"), [
    # Stuffing spread over sentences of "I would think about ..."
    ("I would think about boundaries and supervision. I would think about policy and gratitude. "
     "I would think about declining. That is what I would think about for Dana and the gift card.", 1),
    # Keeping the money while waving at policy
    ("I would keep the money and check the agency policy afterwards, maybe. I'd thank Dana warmly. "
     "The line between us is fine.", 1),
    # Spending it
    ("I'd use the handmade card as a bookmark and I'd spend the $50 on coffee with Dana to thank "
     "her. I'd mention it to my supervisor. It blurs nothing.", 1),
])
def test_adversarial_answers_earn_at_most_one_point_unless_flagged(text: str, most: int) -> None:
    """Answers found by an adversarial review stay at or below 1 point, or go to a person."""
    verdict = score_reflection(text, GIFT)
    assert verdict.score <= most or verdict.needs_review


@pytest.mark.parametrize("text", [
    # Third person, advice style
    "The right response is to thank Dana sincerely for the thought. The peer worker should explain "
    "that accepting cash-like gifts blurs the professional relationship and so should give the gift "
    "card back. The handmade card can stay if agency policy permits, and the supervisor should be told.",
    # Typographic apostrophes
    "I would thank Dana for the card and tell her it means a lot. I would kindly explain that I can’t "
    "accept the gift card, because money could blur the line between our helping relationship and a "
    "personal one. I’d tell my supervisor and note it in the record.",
    # Plain words: refuse, obligation
    "I would thank Dana and say her card means the world to me. I would refuse the gift card politely, "
    "explaining that gifts of money are against our ethics because they can create a sense of "
    "obligation between us. I would then run it by my supervisor.",
])
def test_good_answers_in_other_styles_earn_full_marks(text: str) -> None:
    """Advice-style, curly-apostrophe and plain-word answers all earn 4 of 4."""
    verdict = score_reflection(text, GIFT)
    assert (verdict.score, verdict.needs_review) == (4, False)


def test_a_confidentiality_breach_goes_to_a_person() -> None:
    """Telling the mother how Alex is doing loses the point and is flagged when points remain."""
    text = ("I would thank her for calling and say I understand she is worried. Alex is doing well and "
            "yes, he has been coming to his groups every week, so she doesn't need to worry. I'd note "
            "the call in my records.")
    verdict = score_reflection(text, rubric("confidentiality-family"))
    assert verdict.criteria["protects-information"].met is False
    assert "says something the rubric counts against (protects-information)" in verdict.review_reasons


@pytest.mark.parametrize(("source", "letter"), [
    ('q1 = "?"  # type the letter of your answer between the quotes', None),
    ('q1 = "b."', "B"), ("q1 = (B)", "B"), ("q1 = B", "B"), ("q1 = “B”", "B"),
    ('q1 = "B because it harms the peer"', "B"), ('q1 = "A"\nq1 = "C"', "C"), ("q1 = 2", None),
    ('q2 = "D"', None),
])
def test_typed_answer_is_read_without_running_code(source: str, letter: str | None) -> None:
    """The quiz grader reads the learner's letter from the cell text, forgivingly."""
    from peer_ethics.grading.nbgrader_plugin import typed_answer

    assert typed_answer(source, "q1") == letter
