"""The live poll's shared store: one small SQLite file that every Voila kernel in the room opens.

Anonymity by construction: the store keeps one counter per (question, round, option) and
nothing else about an answer: no name, no session, no time, no row per answer. An answer only
adds one to a counter, so once it is in, nobody (the facilitator included) can tell which
device sent it, or in which order answers arrived.

Concurrency: each call opens its own short connection; SQLite's write lock and a 10 s busy
timeout serialise writers (30 participants pressing "Send" at once is 30 tiny transactions).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["POLL_DB_ENV", "PollClosed", "PollState", "PollStore", "default_store_path"]

#: Environment variable naming the store's file; ``peer-ethics room`` sets it for both servers.
POLL_DB_ENV = "PEER_ETHICS_POLL_DB"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS poll_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    question TEXT,
    round INTEGER NOT NULL DEFAULT 0,
    revealed INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO poll_state (id, question, round, revealed) VALUES (1, NULL, 0, 0);
CREATE TABLE IF NOT EXISTS poll_counts (
    question TEXT NOT NULL,
    round INTEGER NOT NULL,
    option INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (question, round, option)
) WITHOUT ROWID;
"""


class PollClosed(RuntimeError):
    """The question answered is no longer the open one (the facilitator moved on or reset)."""


@dataclass(frozen=True)
class PollState:
    """What the room sees now: the open question (None before the first), its round, and
    whether the facilitator has revealed the results."""

    question: str | None
    round: int
    revealed: bool


def default_store_path() -> Path:
    """Return ``$PEER_ETHICS_POLL_DB``, else ``<kit>/build/room/poll.sqlite`` in a kit checkout,
    else ``poll.sqlite`` in the system's temporary folder."""
    env = os.environ.get(POLL_DB_ENV)
    if env:
        return Path(env)
    from peer_ethics.paths import KitNotFound, kit_root

    try:
        return kit_root() / "build" / "room" / "poll.sqlite"
    except KitNotFound:
        return Path(tempfile.gettempdir()) / "peer-ethics-poll.sqlite"


class PollStore:
    """Counters of a live poll in the SQLite file ``path`` (created with its folder if missing).

    Raises
    ------
    sqlite3.Error
        The file cannot be created or is not a poll store.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10.0)) as db:
            db.executescript(_SCHEMA)  # its own transaction: executescript commits first

    @contextmanager
    def _connect(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One short transaction: ``BEGIN IMMEDIATE`` (the write lock) to write, plain
        ``BEGIN`` to read, so thirty pages refreshing do not queue behind each other."""
        with closing(sqlite3.connect(self.path, timeout=10.0, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def state(self) -> PollState:
        """Return the open question, its round and whether results are revealed."""
        with self._connect(write=False) as db:
            question, round_, revealed = db.execute(
                "SELECT question, round, revealed FROM poll_state WHERE id = 1").fetchone()
        return PollState(question, int(round_), bool(revealed))

    def answer(self, question: str, round_: int, option: int) -> None:
        """Add one answer: option ``option`` (0-based) to ``question`` in round ``round_``.

        Raises
        ------
        PollClosed
            ``question``/``round_`` is not the open one any more.
        ValueError
            ``option`` is negative or above 5 (questions have 2 to 6 options).
        sqlite3.OperationalError
            The store stayed locked for 10 s.
        """
        if not 0 <= option < 6:
            raise ValueError(f"option must be 0 to 5, got {option}")
        with self._connect() as db:
            now = db.execute("SELECT question, round FROM poll_state WHERE id = 1").fetchone()
            if tuple(now) != (question, round_):
                raise PollClosed("this question has closed; the facilitator has moved on")
            db.execute(
                "INSERT INTO poll_counts (question, round, option, n) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (question, round, option) DO UPDATE SET n = n + 1",
                (question, round_, option))

    def counts(self, question: str, round_: int, n_options: int) -> list[int]:
        """Return the number of answers per option (length ``n_options``) for one round."""
        with self._connect(write=False) as db:
            rows = db.execute("SELECT option, n FROM poll_counts WHERE question = ? AND round = ?",
                              (question, round_)).fetchall()
        out = [0] * n_options
        for option, n in rows:
            if 0 <= option < n_options:
                out[option] = int(n)
        return out

    # --- facilitator's controls (only the facilitator's app calls these) ---------------------

    def open(self, question: str) -> PollState:
        """Open ``question`` in a new round with no answers, results hidden; return the state.

        Counters of earlier questions are deleted: the store keeps only what the room sees now.
        """
        with self._connect() as db:
            db.execute("DELETE FROM poll_counts")
            db.execute("UPDATE poll_state SET question = ?, round = round + 1, revealed = 0 "
                       "WHERE id = 1", (question,))
        return self.state()

    def reveal(self, revealed: bool = True) -> PollState:
        """Show (or hide) the open question's results on participants' screens."""
        with self._connect() as db:
            db.execute("UPDATE poll_state SET revealed = ? WHERE id = 1", (int(revealed),))
        return self.state()

    def reset(self) -> PollState:
        """Start the open question again with no answers; earlier rounds' counters are deleted."""
        with self._connect() as db:
            db.execute("DELETE FROM poll_counts")
            db.execute("UPDATE poll_state SET round = round + 1, revealed = 0 WHERE id = 1")
        return self.state()

    def tables(self) -> dict[str, Sequence[str]]:
        """Return ``{table: column names}`` of the store (tests check nothing identifying is kept)."""
        with self._connect() as db:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {n: [c[1] for c in db.execute(f"PRAGMA table_info({n})")] for n in names}
