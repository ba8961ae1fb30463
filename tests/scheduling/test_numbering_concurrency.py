"""Meeting numbers stay unique when several processes schedule in the same group at once.

Four real OS processes (spawned, each with its own application and connections) schedule
50 drafts each in one group, one committed transaction per meeting, against a file
database: SQLite in tmp_path, or a fresh PostgreSQL database next to TEST_DATABASE_URL.
The same code is the benchmark in bench/numbering.py (results in docs/performance.md).
"""

from __future__ import annotations

import os

from bench.numbering import fresh_database, run


def test_schedule_meeting_numbers_unique_under_four_processes(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "numbering") as url:
        result = run(url, str(instance), "atomic", processes=4, per_process=50)

    assert result.errors == []
    assert sorted(result.numbers) == list(range(1, 201))
