"""The gradebook on PostgreSQL: the demo cohort earns the same exact scores as on SQLite.

Runs when ``PEER_ETHICS_TEST_PG`` names a PostgreSQL server the tests may create databases on
(``.ci/run`` starts Debian's postgresql and sets it); skipped otherwise, except under
``CI=true``, where a missing server fails the run (the variant must really run in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from peer_ethics.grading import demo, workflow

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

SERVER = os.environ.get("PEER_ETHICS_TEST_PG", "")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    if not SERVER:
        message = "PEER_ETHICS_TEST_PG is not set (no PostgreSQL server for the tests; .ci/run starts one)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    import psycopg

    name = f"pek_test_{os.getpid()}"
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    base = SERVER.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_demo_cohort_on_postgresql(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real nbgrader autograde with the gradebook on PostgreSQL, two jobs at a time."""
    monkeypatch.setenv("PEER_ETHICS_DB_URL", pg_url)
    course = tmp_path / "course"
    lines: list[str] = []
    assert demo.run_demo(course, echo=lines.append) == 0, "\n".join(lines)
    assert workflow.api(course).coursedir.db_url == pg_url
    assert not (course / "gradebook.db").exists()
    totals = {row.student: row.total for row in workflow.grade_table(course, "boundaries")}
    assert totals == {"amara": 13.0, "bilal": pytest.approx(6.33), "casey": 0.0, "dee": 10.0}
    copy = tmp_path / "regrade"
    import shutil

    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("autograded", "feedback"))
    assert workflow.autograde(copy, "boundaries", jobs=2, echo=lines.append) == 0
    assert {row.student: row.total for row in workflow.grade_table(copy, "boundaries")} == totals
