"""Is the guideline written in its own words? Find runs of words shared with the sources.

Both sides are reduced to lowercase words (letters and digits; punctuation, quotes,
Markdown and line breaks do not count), and every run of ``RUN_LENGTH`` consecutive words
in the content is looked up among the runs of the sources. A shared run of a dozen words
means a sentence was copied or only lightly edited.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

RUN_LENGTH = 12
_WORD = re.compile(r"[a-z0-9]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class SharedRun:
    path: str  # the content file
    source: str  # the source file it shares the run with
    words: str  # the run itself


def words_of(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    return _WORD.findall(text)


def runs_of(words: list[str], length: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def source_runs(sources_folder, length: int = RUN_LENGTH) -> dict[tuple[str, ...], str]:
    """Every run of ``length`` words in the sources' .txt files -> the file's name."""
    runs: dict[tuple[str, ...], str] = {}
    for path in sorted(Path(sources_folder).glob("*.txt")):
        for run in runs_of(words_of(path.read_text(encoding="utf-8")), length):
            runs.setdefault(run, path.name)
    return runs


def shared_runs(text: str, runs: dict, path: str = "", length: int = RUN_LENGTH) -> list[SharedRun]:
    """The runs of ``text`` found in ``runs``, overlapping ones merged into one finding."""
    words = words_of(_LINK_TARGET.sub("]", text))
    findings, index = [], 0
    while index <= len(words) - length:
        run = tuple(words[index : index + length])
        if run not in runs:
            index += 1
            continue
        end = index + length
        while end < len(words) and tuple(words[end - length + 1 : end + 1]) in runs:
            end += 1
        findings.append(SharedRun(path, runs[run], " ".join(words[index:end])))
        index = end
    return findings


def check_originality(content_folder, sources_folder, length: int = RUN_LENGTH) -> list[SharedRun]:
    """Every run of ``length`` words that a Markdown file under ``content_folder`` shares
    with a text under ``sources_folder``."""
    runs = source_runs(sources_folder, length)
    content_folder = Path(content_folder)
    findings = []
    for path in sorted(content_folder.rglob("*.md")):
        relative = path.relative_to(content_folder).as_posix()
        findings += shared_runs(path.read_text(encoding="utf-8"), runs, relative, length)
    return findings
