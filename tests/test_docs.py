"""Docs are tested: every page and every dataset is mentioned in the README; two commands set everything up."""

import json
import re
from pathlib import Path

from components.ui import PAGES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_is_in_the_readme():
    for _, title, *_ in PAGES:
        assert f"**{title}**" in README, title


def test_every_dataset_is_in_the_readme():
    dp = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in dp["resources"]:
        assert f"`{res['name']}`" in README, res["name"]


def test_run_and_test_are_two_commands_in_the_makefile():
    block = re.search(r"## Run locally.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
