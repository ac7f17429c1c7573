"""Content files: every YAML validates, ids are unique, and every reference resolves."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from peer_ethics.content import (
    ContentError,
    bibliography,
    check_references,
    module,
    modules,
    rubric,
    rubric_ids,
    scenarios,
)
from peer_ethics.content.loader import DATA_DIR, load_file
from peer_ethics.content.models import Guidance, Module, ScenarioBank, cited_keys


def test_every_yaml_file_carries_schema_version() -> None:
    """Each shipped YAML file states schema_version 1."""
    files = sorted(DATA_DIR.rglob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["schema_version"] == 1, path


def test_all_references_resolve_and_ids_are_unique() -> None:
    """check_references finds no problem in the shipped content."""
    assert check_references() == []


def test_boundaries_module_has_enough_balanced_scenarios() -> None:
    """M7 has at least 8 scenarios, each category at least 3 times, unique ids."""
    bank = scenarios("boundaries")
    assert len(bank) >= 8
    counts = Counter(s.guidance for s in bank)
    assert all(counts[g] >= 3 for g in Guidance), counts
    assert len({s.id for s in bank}) == len(bank)


def test_every_scenario_source_and_citation_is_in_the_bibliography() -> None:
    """Scenario sources and [@key] citations in module prose all resolve."""
    keys = set(bibliography())
    for mod in modules():
        for section in mod.sections:
            for key in cited_keys(getattr(section, "body", "")):
                assert key in keys, (mod.id, section.id, key)
        for scenario in scenarios(mod.id):
            assert set(scenario.sources) <= keys, scenario.id


def test_bibliography_entries_are_findable() -> None:
    """Every reference has a DOI or an https URL."""
    for ref in bibliography().values():
        assert ref.doi or ref.url.startswith("https://"), ref.key


def test_module_objectives_are_practised() -> None:
    """Every exercise practises an objective of its own module."""
    mod = module("boundaries")
    objective_ids = {o.id for o in mod.objectives}
    practised = {o for s in mod.sections for o in getattr(s, "practises", [])}
    assert practised and practised <= objective_ids


def test_shipped_rubrics_keep_the_shared_ids_and_prompts() -> None:
    """The kit's copies of ../shared/rubrics keep ids, criterion ids and prompt text."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "rubrics"
    if not shared.is_dir():
        pytest.skip(f"{shared} is not beside this checkout (only the kit's copies are checked)")
    for path in sorted(shared.glob("*.yaml")):
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        ours = rubric(original["id"])
        assert ours.prompt == original["prompt"].strip()
        assert [c.id for c in ours.criteria] == [c["id"] for c in original["criteria"]]
        assert [c.description for c in ours.criteria] == [
            c["description"].strip() for c in original["criteria"]
        ]
    assert set(rubric_ids()) >= {p.stem for p in shared.glob("*.yaml")}


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    """A YAML syntax error raises ContentError naming the file, not a bare YAMLError."""
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nscenarios: [\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.yaml: not valid YAML"):
        load_file(path, ScenarioBank)


def test_schema_error_names_the_field(tmp_path: Path) -> None:
    """A scenario with an unknown guidance value is rejected with the field's path."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        "schema_version: 1\nscenarios:\n  - id: x\n    module: boundaries\n    title: T\n"
        "    text: T\n    guidance: maybe\n    why: W\n    what_to_do: D\n"
        "    principles: [boundaries]\n    sources: [samhsa-2015-core-competencies]\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"scenarios\.0\.guidance"):
        load_file(path, ScenarioBank)


def test_missing_rubric_lists_the_shipped_ones() -> None:
    """Asking for an unknown rubric id names the ones that exist."""
    with pytest.raises(ContentError, match=r"shipped rubrics: .*boundaries-gift.*empowerment-goal"):
        rubric("no-such-rubric")


def test_module_notebook_name_is_checked(tmp_path: Path) -> None:
    """A module whose notebook name breaks the NN-name.ipynb pattern is rejected."""
    raw = yaml.safe_load((DATA_DIR / "modules" / "boundaries.yaml").read_text(encoding="utf-8"))
    raw["notebook"] = "Boundaries Module.ipynb"
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ContentError, match="notebook"):
        load_file(path, Module)


def test_repeated_yaml_key_is_an_error(tmp_path: Path) -> None:
    """Two `guidance:` keys in one scenario are rejected instead of the last silently winning."""
    path = tmp_path / "dup.yaml"
    path.write_text("schema_version: 1\nscenarios:\n  - id: x\n    guidance: grey_area\n"
                    "    guidance: within_role\n", encoding="utf-8")
    with pytest.raises(ContentError, match="key 'guidance' appears twice"):
        load_file(path, ScenarioBank)


def test_citations_are_checked_in_every_text_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown [@key] in a key point or a scenario's `why` is reported."""
    import peer_ethics.content.loader as loader

    mod = module("boundaries")
    bad = mod.model_copy(update={"key_points": [*mod.key_points, "Made up [@no-such-source]."]})
    monkeypatch.setattr(loader, "modules", lambda: [*(m for m in modules() if m.id != "boundaries"), bad])
    assert check_references() == [
        "module boundaries, key points and notes: citation [@no-such-source] is not in the bibliography"]


@pytest.mark.parametrize(("data", "expected"), [
    ("caf\xe9: 1\n".encode("latin-1"), "not UTF-8 text (byte 3); save it as UTF-8"),
    (b"? [a, b]\n: 1\n", "a key must be plain text, not list"),
])
def test_unreadable_content_files_get_a_content_error(tmp_path: Path, data: bytes, expected: str) -> None:
    """Non-UTF-8 bytes, list keys and folders are ContentErrors naming the file, not crashes."""
    from peer_ethics.content.loader import ContentError, load_file
    from peer_ethics.content.models import PollSet

    path = tmp_path / "broken.yaml"
    path.write_bytes(data)
    with pytest.raises(ContentError, match=re.escape(expected)) as info:
        load_file(path, PollSet)
    assert str(info.value).startswith(f"{path}: ")
    with pytest.raises(ContentError, match="cannot be read"):
        load_file(tmp_path, PollSet)


def test_an_unknown_module_id_lists_the_known_ones() -> None:
    from peer_ethics.content.loader import ContentError, module

    with pytest.raises(ContentError, match=r"^no module 'M7'; modules: boundaries, capstone, "):
        module("M7")
