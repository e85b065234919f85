"""Shared pieces of the guideline tests: where content and sources are, an import."""

import os
import re
from pathlib import Path

import pytest

from app import ROOT

CONTENT = ROOT / "content"


def sources_folder() -> Path:
    """The source texts, beside the repository (../shared/sources).

    ROUNDTABLE_SOURCES points elsewhere. Missing sources fail the test under CI=true and
    skip it elsewhere, with the reason.
    """
    folder = Path(os.environ.get("ROUNDTABLE_SOURCES") or ROOT.parent / "shared" / "sources")
    if not (folder / "escap-unu-msp-guidelines.txt").exists():
        message = f"the source texts are not at {folder} (set ROUNDTABLE_SOURCES)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder


def source_task_numbers() -> list[str]:
    """Every "Task N.M" heading of the ESCAP guidelines, indented or wrapped ones too."""
    text = (sources_folder() / "escap-unu-msp-guidelines.txt").read_text(encoding="utf-8")
    found = re.findall(r"^\s*Task\s+(\d+)\.(\d+)\b", text, re.MULTILINE)
    return [f"{a}.{b}" for a, b in sorted({(int(a), int(b)) for a, b in found})]


def source_success_factors() -> list[str]:
    """The names of the success factors: one a line, "Name: explanation"."""
    text = (sources_folder() / "msp-key-success-factors.txt").read_text(encoding="utf-8")
    return [normalise(line.partition(":")[0]) for line in text.splitlines() if ":" in line]


def source_boxes() -> list[str]:
    text = (sources_folder() / "escap-unu-msp-guidelines.txt").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^\s*Box (IV\.\d+)", text, re.MULTILINE)))


def normalise(text: str) -> str:
    return text.replace("‘", "'").replace("’", "'").strip().lower()


def import_bundled(app, folder=CONTENT):
    from app.guideline.importing import import_content

    with app.app_context():
        return import_content(folder)
