"""ical.js under Node: reads what the app produces, as Thunderbird's calendar would.

The session fixture installs the pinned ical.js (``npm ci --prefix tests/js``) when
``tests/js/node_modules`` is missing; Node and the npm registry must be reachable.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent.parent / "js"


@pytest.fixture(scope="session")
def icaljs() -> Callable[[bytes], dict]:
    """A function: .ics bytes → what ical.js reads from them (see tests/js/read_ics.mjs)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "Node.js and npm are needed for the ical.js interoperability tests"
    if not (JS / "node_modules" / "ical.js" / "package.json").exists():
        subprocess.run(
            [npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
            timeout=300,
        )

    def read(ics: bytes) -> dict:
        done = subprocess.run(
            [node, str(JS / "read_ics.mjs")],
            input=ics,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    return read
