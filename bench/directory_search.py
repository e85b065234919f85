"""Directory search at 10,000 partners, on SQLite and (if a server answers) PostgreSQL.

.venv/bin/python bench/directory_search.py [--partners 10000] [--runs 200] [--postgres URL]

Builds a database through the migrations, fills it with generated published partners
(SDGs, contributions, descriptions from a fixed vocabulary, seeded so every run is the
same), then times, in-process:

- ``search``: the matching query alone (app/partners/search.py), all ids, ranked;
- ``directory``: what /partners/?q=... computes, i.e. the ranked first page, the total and
  the counts of all four facets (services.search_partners).

Reported as median and p95 over ``--runs`` calls after a warm-up, per query word, with
what start-up made frozen out of the collector's way as wsgi.py does (``--no-freeze``
leaves it in).
"""

import argparse
import gc
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.partners import search  # noqa: E402
from app.partners.models import Partner, PartnerSdg, goals_mask  # noqa: E402
from app.partners.regions import region_of  # noqa: E402
from app.partners.services import Query, search_partners  # noqa: E402
from app.partners.vocab import CONTRIBUTION_TYPES, GROUPS, ROLES, country_name  # noqa: E402

COUNTRIES = (
    ["VN"] * 8
    + ["KH"] * 5
    + ["LA"] * 4
    + ["TH"] * 5
    + [
        "NL",
        "DE",
        "SE",
        "GB",
        "US",
        "JP",
        "AU",
        "IN",
        "PH",
        "SG",
        "KE",
        "BR",
    ]
)
PLACES = [
    "Mekong",
    "Delta",
    "Tonle Sap",
    "Bassac",
    "Cần Thơ",
    "Mê Kông",
    "Isan",
    "Champasak",
    "Kandal",
    "Sóc Trăng",
    "An Giang",
    "Vientiane",
    "Pakse",
    "Coastal",
    "Upland",
    "River",
]
NOUNS = [
    "Farmers",
    "Fishers",
    "Women",
    "Youth",
    "Engineers",
    "Researchers",
    "Water Users",
    "Cooperatives",
    "Communities",
    "Traders",
    "Teachers",
    "Health Workers",
]
KINDS = [
    "Association",
    "Union",
    "Network",
    "Institute",
    "Foundation",
    "Company",
    "Department",
    "Council",
    "Alliance",
    "Trust",
    "Centre",
    "Forum",
]
SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "ta",
    "me",
    "lu",
    "sa",
    "no",
    "vi",
    "de",
    "an",
    "ph",
    "th",
    "ng",
    "kh",
    "ch",
    "ou",
    "ie",
    "ua",
    "ai",
]
# Domain words at fixed ranks of a Zipf-distributed vocabulary of 2,000 words, so that each
# query word is as common in the generated descriptions as its label says.
RANKED_WORDS = {2: "water", 10: "flood", 25: "training", 60: "irrigation", 700: "subsidence"}
VOCABULARY_SIZE = 2_000
WORDS_PER_DESCRIPTION = 30
TERMS = {
    "rare": "subsidence",
    "ordinary": "irrigation",
    "common": "water",
    "prefix": "irrig",
    "two words": "flood training",
}


def vocabulary(rng: random.Random) -> list[str]:
    words = []
    while len(words) < VOCABULARY_SIZE:
        rank = len(words) + 1
        if rank in RANKED_WORDS:
            words.append(RANKED_WORDS[rank])
            continue
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in words and word not in RANKED_WORDS.values():
            words.append(word)
    return words


def generated_partners(count: int, seed: int = 7):
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    for number in range(count):
        country = rng.choice(COUNTRIES)
        text = rng.choices(words, weights=weights, k=WORDS_PER_DESCRIPTION)
        name = f"{rng.choice(PLACES)} {rng.choice(NOUNS)} {rng.choice(KINDS)} {number}"
        yield (
            {
                "id": number + 1,
                "name": name,
                "short_name": "",
                "slug": f"partner-{number}",
                "stakeholder_group": rng.choice(list(GROUPS)),
                "country": country,
                "country_name": country_name(country),
                "region": region_of(country),
                "city": rng.choice(PLACES),
                "website": "",
                "description": " ".join(text).capitalize() + ".",
                "sdg_targets": [],
                "focus_areas": rng.choices(words[:300], k=3),
                "role": rng.choice(list(ROLES)),
                "contributions": [
                    {
                        "type": rng.choice(list(CONTRIBUTION_TYPES)),
                        "description": " ".join(rng.choices(words, weights=weights, k=6)),
                    }
                ],
                "languages": ["en"],
                "status": "published",
            },
            rng.sample(range(1, 18), rng.randint(1, 4)),
        )


def fill(count: int) -> None:
    rows, links = [], []
    for row, goals in generated_partners(count):
        rows.append({**row, "sdg_mask": goals_mask(goals)})  # as Partner.sdgs sets it
        links += [{"organisation_id": row["id"], "goal": goal} for goal in goals]
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Partner), rows[start : start + 1000])
    db.session.execute(insert(PartnerSdg), links)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def ranked_ids(word: str) -> list[int]:
    """Every match, best first: the search alone."""
    matches = search.matching(word)
    statement = select(Partner.id).where(matches.where)
    if matches.join is not None:
        statement = statement.join(matches.join, matches.join.c.organisation_id == Partner.id)
    return db.session.scalars(statement.order_by(*matches.order_by)).all()


def timed(function, runs: int) -> tuple[float, float]:
    for _ in range(10):
        function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
        db.session.rollback()  # end the read transaction, as a request does
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def run(database_url: str, instance: Path, count: int, runs: int, freeze: bool) -> list[str]:
    app = create_app(
        {"INSTANCE_PATH": str(instance), "DATABASE_URL": database_url, "SECRET_KEY": "benchmark"}
    )
    lines = []
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        fill(count)
        backend = db.engine.dialect.name
        lines.append(
            f"{backend}: {count} partners inserted and indexed in "
            f"{time.perf_counter() - started:.1f} s"
        )
        if freeze:
            # As wsgi.py does once the app is built: full collections skip what start-up made.
            gc.freeze()
        with app.test_request_context():
            for label, word in TERMS.items():
                hits = len(ranked_ids(word))

                def raw(word=word):
                    return ranked_ids(word)

                def directory(word=word):
                    return search_partners(Query.from_args(MultiDict({"q": word})))

                raw_median, raw_p95 = timed(raw, runs)
                page_median, page_p95 = timed(directory, runs)
                lines.append(
                    f"  {label:9} {word!r:18} {hits:5} hits | search median {raw_median:5.1f} ms,"
                    f" p95 {raw_p95:5.1f} ms | directory page data median {page_median:5.1f} ms,"
                    f" p95 {page_p95:5.1f} ms"
                )
            everyone = MultiDict()
            median, p95 = timed(lambda: search_partners(Query.from_args(everyone)), runs)
            lines.append(
                f"  no words, no filter (the first page) | directory page data median "
                f"{median:5.1f} ms, p95 {p95:5.1f} ms"
            )
            filtered = MultiDict({"q": "irrigation", "country": "vn", "sdg": "6"})
            median, p95 = timed(lambda: search_partners(Query.from_args(filtered)), runs)
            lines.append(
                f"  'irrigation' + country VN + SDG 6 | directory page data median "
                f"{median:5.1f} ms, p95 {p95:5.1f} ms"
            )
        db.session.remove()
        db.engine.dispose()
    gc.unfreeze()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "ROUNDTABLE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
        help="An administrative URL; a scratch database is created and dropped. '' skips it.",
    )
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave out gc.freeze(), which wsgi.py does"
    )
    args = parser.parse_args()
    print(f"load average before the run: {os.getloadavg()[0]:.1f}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    freeze = not args.no_freeze
    with tempfile.TemporaryDirectory() as folder:
        for line in run("", Path(folder) / "sqlite", args.partners, args.runs, freeze):
            print(line)
        if args.postgres:
            name = f"roundtable_bench_{secrets.token_hex(4)}"
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = args.postgres.rpartition("/")[0] + "/" + name
                for line in run(url, Path(folder) / "pg", args.partners, args.runs, freeze):
                    print(line)
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
