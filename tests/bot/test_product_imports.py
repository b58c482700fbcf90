"""The product without the dev kit: the web worker and the service commands import none of it."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = (
    "devkit",
    "prompt_toolkit",
    "rich",
    "matplotlib",
    "openpyxl",
    "fpdf",
    "fsspec",
    "rapidfuzz",
)

# Each entry runs in a fresh interpreter, then reports which forbidden packages it loaded.
WEB = """
import os
os.environ.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="secret",
                  DATABASE_URL="sqlite:///" + os.path.join(os.getcwd(), "web.sqlite3"))
from storage.db import Database
Database(os.environ["DATABASE_URL"]).upgrade()  # the release step; workers never migrate
from bot.web import production_app
production_app()
"""
SERVE_CLI = """
import sys
from bot.cli import main
sys.argv = ["dhr-bot", "serve"]  # no Slack settings: it stops before serving
try:
    main()
except SystemExit:
    pass
"""
CLOCK_CLI = """
import sys
from bot.cli import main
sys.argv = ["dhr-bot", "clock", "--help"]
try:
    main()
except SystemExit:
    pass
"""
REPORT = """
import json, sys
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(FORBIDDEN))))
"""

ENTRIES = {"web": WEB, "serve": SERVE_CLI, "clock": CLOCK_CLI}


@functools.cache
def _loaded(entry: str, workdir: Path) -> frozenset[str]:
    script = ENTRIES[entry] + REPORT.replace("FORBIDDEN", repr(FORBIDDEN))
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=workdir,
        env={"PYTHONPATH": str(ROOT), "HOME": str(workdir)},
        capture_output=True,
        text=True,
        check=True,
    )
    return frozenset(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one scratch directory for every entry point's interpreter."""
    return tmp_path_factory.mktemp("entries")


@pytest.mark.parametrize(
    ("entry", "package"), [(entry, package) for entry in ENTRIES for package in FORBIDDEN]
)
def test_production_entry_points_do_not_load_the_dev_kit_or_desk_tools(
    entry: str, package: str, workdir: Path
) -> None:
    assert package not in _loaded(entry, workdir)
