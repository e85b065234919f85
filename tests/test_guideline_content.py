"""content/ holds the whole guideline, checks out, and is written in its own words."""

import re
import shutil

import frontmatter
import pytest

from app.guideline.checks import check_content
from app.guideline.content import dump_page, page_values, read_content
from app.guideline.models import PageKind
from app.guideline.originality import RUN_LENGTH, check_originality, words_of
from tests.guideline_helpers import (
    CONTENT,
    normalise,
    source_boxes,
    source_success_factors,
    source_task_numbers,
    sources_folder,
)


@pytest.fixture(scope="module")
def content():
    return read_content(CONTENT)


def values_of(content, kind):
    return [page.values for page in content.of_kind(kind)]


def test_the_bundled_content_passes_its_own_check(content):
    assert check_content(content) == []


def test_five_modules_form_the_cycle(content):
    modules = sorted(values_of(content, PageKind.MODULE), key=lambda v: v["letter"])
    assert [(m["letter"], m["slug"], m["steps"]) for m in modules] == [
        ("A", "initiation", [1, 2, 3]),
        ("B", "formation", [4, 5, 6]),
        ("C", "implementation", [7, 8]),
        ("D", "review", [9, 10]),
        ("E", "reinvent-or-sustain", [11, 12]),
    ]
    for module in modules:
        sections = re.findall(r"^## (.+)$", module["body"], re.MULTILINE)
        assert sections == [
            "Purpose", "Key principles", "What you have at the end", "Success factors",
            "Challenges",
        ], module["slug"]  # fmt: skip


def test_twelve_steps_hold_every_task_of_the_source(content):
    steps = sorted(values_of(content, PageKind.STEP), key=lambda v: v["number"])
    assert [step["number"] for step in steps] == list(range(1, 13))

    expected = source_task_numbers()
    listed = [task["number"] for step in steps for task in step["tasks"]]
    in_text = [n for step in steps for n in re.findall(r"^## Task (\d+\.\d+):", step["body"], re.M)]
    assert listed == expected
    assert in_text == expected
    # What the source really has, so a miscount in either direction shows here.
    assert len(expected) == 32 and "3.3" not in expected and "12.1" in expected


def test_every_success_factor_of_the_source_has_a_page(content):
    factors = sorted(values_of(content, PageKind.SUCCESS_FACTOR), key=lambda v: v["number"])
    expected = source_success_factors()
    assert [normalise(f["title"]) for f in factors] == expected
    assert len(expected) == 17
    for factor in factors:
        assert factor["steps"], f"{factor['slug']} names no step"


def test_five_governance_challenges(content):
    challenges = sorted(values_of(content, PageKind.GOVERNANCE), key=lambda v: v["number"])
    assert [c["slug"] for c in challenges] == [
        "inclusion", "purpose-and-roles", "participation-and-power-sharing", "accountability",
        "strategic-influence",
    ]  # fmt: skip
    for challenge in challenges:
        assert "\n## Recommended practices\n" in f"\n{challenge['body']}\n", challenge["slug"]


def test_every_box_of_the_source_has_a_case_page_linked_from_its_steps(content):
    cases = values_of(content, PageKind.CASE)
    assert sorted((c["box"] for c in cases if c["box"]), key=lambda b: int(b[3:])) == sorted(
        source_boxes(), key=lambda b: int(b[3:])
    )
    assert len([c for c in cases if not c["box"]]) >= 5  # the governance paper's partnerships
    assert all(case["steps"] for case in cases)


def test_every_page_credits_a_known_source(content):
    for page in content.pages:
        assert page.values["sources"], page.path
        assert set(page.values["sources"]) <= set(content.sources), page.path


def test_files_written_back_read_the_same(content):
    for page in content.pages:
        post = frontmatter.loads(dump_page(page.values))
        values, problems = page_values(page.kind, post.metadata, post.content)
        assert (values, problems) == (page.values, []), page.path


# Each change breaks one rule; the check must name the file and the problem.
STEP4 = "steps/04-planning.md"
BROKEN = [
    (STEP4, "(/guidelines/formation/structuring/)", "(/guidelines/formation/x/)", "no such page"),
    (STEP4, "(/guidelines/formation/)", "(/guidelines/formation/#nowhere)", "no #nowhere"),
    (STEP4, "## Task 4.2:", "## Task 4.3:", "task headings must match"),
    (STEP4, '  - number: "4.2"', '  - number: "5.2"', "does not belong to step 4"),
    (STEP4, "sources: [escap-unu-2018]", "sources: [nobody-2020]", "Not in sources.yml"),
    (STEP4, "slug: planning", "slug: structuring", "is used by another page"),
    ("cases/gavi.md", "place: Global", "place: Global\ncolour: red", "unexpected field 'colour'"),
    ("modules/b-formation.md", "steps: [4, 5, 6]", "steps: [4, 5]", "the steps that name"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_the_check_names_each_broken_rule(tmp_path, file, old, new, message):
    shutil.copytree(CONTENT, tmp_path / "content")
    path = tmp_path / "content" / "guideline" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    problems = check_content(read_content(tmp_path / "content"))

    assert any(f"guideline/{file}" in p and message in p for p in problems), problems


def test_no_run_of_a_dozen_words_is_shared_with_the_sources():
    findings = check_originality(CONTENT, sources_folder())
    assert findings == [], "\n".join(f"{f.path} ({f.source}): {f.words}" for f in findings)


def test_the_originality_check_catches_a_copied_run(tmp_path):
    sources = sources_folder()
    line = (sources / "msp-key-success-factors.txt").read_text(encoding="utf-8").splitlines()[0]
    explanation = words_of(line.partition(":")[2])
    copied = " ".join(explanation[:RUN_LENGTH])  # a dozen words of the source, in order
    shorter = " ".join(explanation[: RUN_LENGTH - 1])
    (tmp_path / "copied.md").write_text(f"---\ntitle: x\n---\nWe say: *{copied}*, here.\n")
    (tmp_path / "short.md").write_text(f"---\ntitle: x\n---\nWe say: {shorter}. And more.\n")

    findings = check_originality(tmp_path, sources)

    assert [(f.path, f.source) for f in findings] == [("copied.md", "msp-key-success-factors.txt")]
    assert findings[0].words == copied
