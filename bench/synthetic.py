"""Synthetic precedent libraries and typing queries, made from the seed clauses with realistic mutations.

Real libraries are highly repetitive: the same clause comes back revision after revision with a word swapped,
an insertion, a renumbered reference ("Resolution 45 (Rev. Dubai, 2014)" -> "(Rev. Kigali, 2022)"), another year or
place, or a clause assembled from two older ones. The generator reproduces exactly that, deterministically
(seeded), so 10k, 100k and 1M clause libraries are comparable across runs and machines.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

PLACES = [
    "Dubai", "Busan", "Guadalajara", "Kigali", "Buenos Aires", "Hyderabad", "Doha", "Antalya", "Marrakesh",
    "Minneapolis", "Geneva", "Hammamet", "Johannesburg", "Istanbul", "Bucharest", "Sharm el-Sheikh", "Kyoto",
    "Florianopolis", "Valletta", "Accra", "New Delhi", "Bangkok", "Montreux", "Nairobi", "Lisbon", "Santiago",
]
BODIES = [
    ("Plenipotentiary Conference", "PP"), ("World Telecommunication Development Conference", "WTDC"),
    ("World Telecommunication Standardization Assembly", "WTSA"), ("Radiocommunication Assembly", "RA"),
    ("Council", "C"),
]
_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
_NUMBER_REF = re.compile(r"\b(Resolution|Question|Article|Recommendation|Study Group|Decision) (\d+)")
_PLACE = re.compile("|".join(re.escape(p) for p in PLACES))


@dataclass
class SynthClause:
    doc: int
    call: str
    label: str
    text: str


@dataclass
class SynthDoc:
    body: str
    number: str
    place: str
    year: int
    document: str


def seed_clauses() -> list[tuple[str, str, str]]:
    """(call, label, text) of every clause of the bundled corpus."""
    from cop_drafter.corpus import load_corpus

    out = []
    for text in load_corpus():
        for section, clause in text.resolution.clauses():
            if len(clause.text.split()) >= 3:
                out.append((section.call, clause.label, clause.text))
    return out


def _mutate(text: str, rng: random.Random, vocab: list[str], pool: list[str]) -> str:
    words = text.split()
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 7))):
        op = rng.random()
        if not words:
            break
        i = rng.randrange(len(words))
        if op < 0.18 and len(words) > 1:  # swap two neighbouring words
            j = min(i + 1, len(words) - 1)
            words[i], words[j] = words[j], words[i]
        elif op < 0.36:  # insert a word used elsewhere in the corpus
            words.insert(i, rng.choice(vocab))
        elif op < 0.48 and len(words) > 4:  # drop a word
            del words[i]
        elif op < 0.62:  # replace a word
            words[i] = rng.choice(vocab)
        elif op < 0.72:  # renumber a reference
            joined = " ".join(words)
            joined = _NUMBER_REF.sub(lambda m: f"{m.group(1)} {rng.randint(1, 400)}", joined, count=1)
            words = joined.split()
        elif op < 0.80:  # another year
            joined = _YEAR.sub(lambda m: str(rng.randint(1989, 2030)), " ".join(words), count=1)
            words = joined.split()
        elif op < 0.86:  # another place
            joined = _PLACE.sub(lambda m: rng.choice(PLACES), " ".join(words), count=1)
            words = joined.split()
        elif op < 0.94:  # a clause drafted from two older ones
            other = rng.choice(pool).split()
            cut = rng.randint(len(words) // 3, max(len(words) // 3, 2 * len(words) // 3))
            cut2 = rng.randint(0, len(other) // 2)
            words = words[:cut] + other[cut2:]
        else:  # cut short or extended by a phrase from another clause
            if rng.random() < 0.5 and len(words) > 8:
                words = words[: rng.randint(len(words) // 2, len(words) - 1)]
            else:
                other = rng.choice(pool).split()
                start = rng.randrange(max(1, len(other) - 6))
                words = words + other[start : start + rng.randint(3, 10)]
    return " ".join(words)


def generate(size: int, seed: int = 67, clauses_per_doc: int = 40) -> tuple[list[SynthDoc], list[SynthClause]]:
    """`size` clauses grouped in documents of `clauses_per_doc`, each a mutated seed clause."""
    rng = random.Random(seed)
    seeds = seed_clauses()
    pool = [t for _c, _l, t in seeds]
    vocab = sorted({w for t in pool for w in t.split()})
    docs: list[SynthDoc] = []
    clauses: list[SynthClause] = []
    for n in range(size):
        if n % clauses_per_doc == 0:
            body, short = rng.choice(BODIES)
            number = str(rng.randint(1, 400))
            place = rng.choice(PLACES)
            year = rng.randint(1994, 2030)
            docs.append(SynthDoc(body, number, place, year, f"{short} Resolution {number} ({place}, {year})"))
        call, label, text = rng.choice(seeds)
        clauses.append(SynthClause(len(docs) - 1, call, label, _mutate(text, rng, vocab, pool)))
    return docs, clauses


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeioustnr") + word[i + 1 :]


def queries(count: int = 200, seed: int = 2022) -> Iterator[tuple[str, str]]:
    """(kind, query) pairs as a delegate types them: half clauses, typos, reordered words, short phrases."""
    rng = random.Random(seed)
    seeds = [t for _c, _l, t in seed_clauses() if len(t.split()) >= 8]
    kinds = ("half", "typo", "reorder", "phrase", "full")
    for n in range(count):
        kind = kinds[n % len(kinds)]
        words = rng.choice(seeds).split()
        if kind == "phrase":
            start = rng.randrange(0, len(words) - 4)
            words = words[start : start + rng.randint(3, 7)]
        elif kind != "full":
            words = words[: max(4, int(len(words) * rng.uniform(0.3, 0.7)))]
        if kind == "typo":
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(len(words))
                words[i] = _typo(words[i], rng)
        elif kind == "reorder":
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
        elif kind == "half" and rng.random() < 0.5:
            # Stop in the middle of a word, as while typing.
            last = words[-1]
            words[-1] = last[: max(2, len(last) // 2)]
        yield kind, " ".join(words)


# -- held-out data: another generator, other seeds --------------------------------------------------------------
# What the engine is tuned on (bench/quality.py's gold data, `generate` above) must not be what recall is
# reported on. The held-out library is made from a different split of the seeds (TUNE_SEEDS are left out) with
# different mutations: character typos inside the library texts, clauses cut at a sentence boundary, numbers
# written out, word-order changes within a phrase, British/American spellings; queries are half-typed clauses
# of that library with 0-3 typos each.
TUNE_SEEDS = frozenset({"wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-dubai-2014"})
_SPELLINGS = [("programme", "program"), ("organization", "organisation"), ("recognizing", "recognising"),
              ("favour", "favor"), ("centre", "center"), ("analyse", "analyze")]
_NUMBERS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "10": "ten"}


def heldout_seed_clauses() -> list[tuple[str, str, str]]:
    """(call, label, text) of the clauses of the seeds NOT in TUNE_SEEDS."""
    from cop_drafter.corpus import load_corpus

    return [(s.call, c.label, c.text) for t in load_corpus() if t.id not in TUNE_SEEDS
            for s, c in t.resolution.clauses() if len(c.text.split()) >= 3]


def typo(word: str, rng: random.Random) -> str:
    """One typing slip in a word of 5+ letters: swapped, dropped, doubled or wrong letter."""
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioustnrl") + word[i + 1 :]


def _heldout_mutate(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.choice((0, 1, 1, 2, 3, 4, 6))):
        op = rng.random()
        i = rng.randrange(len(words))
        if op < 0.2:  # a typo left in a published text
            words[i] = typo(words[i], rng)
        elif op < 0.35:  # other spelling convention
            a, b = rng.choice(_SPELLINGS)
            words = [w.replace(a, b) if rng.random() < 0.5 else w.replace(b, a) for w in words]
        elif op < 0.45:  # a number written out
            words = [_NUMBERS.get(w, w) if rng.random() < 0.5 else w for w in words]
        elif op < 0.6 and len(words) > 6:  # a phrase of three words moved
            j = rng.randrange(len(words) - 3)
            phrase = words[j : j + 3]
            del words[j : j + 3]
            k = rng.randrange(len(words) + 1)
            words[k:k] = phrase
        elif op < 0.75 and ";" in " ".join(words):  # cut at a sentence boundary
            joined = " ".join(words)
            words = joined[: joined.index(";") + 1].split() or words
        elif op < 0.9 and len(words) > 5:  # two words dropped
            del words[i : i + 2]
        else:  # a qualifier added
            words.insert(i, rng.choice(("also", "further", "in particular", "where appropriate", "inter alia")))
    return " ".join(words)


def generate_heldout(size: int, seed: int = 179, clauses_per_doc: int = 35) -> tuple[list[SynthDoc], list[SynthClause]]:
    """The held-out library: `size` clauses from the held-out seeds, with the held-out mutations."""
    rng = random.Random(seed)
    seeds = heldout_seed_clauses()
    docs: list[SynthDoc] = []
    clauses: list[SynthClause] = []
    for n in range(size):
        if n % clauses_per_doc == 0:
            body, short = rng.choice(BODIES)
            number, place, year = str(rng.randint(1, 400)), rng.choice(PLACES), rng.randint(1994, 2030)
            docs.append(SynthDoc(body, number, place, year, f"{short} Resolution {number} (Rev. {place}, {year})"))
        call, label, text = rng.choice(seeds)
        clauses.append(SynthClause(len(docs) - 1, call, label, _heldout_mutate(text, rng)))
    return docs, clauses


def heldout_queries(clauses: list[SynthClause], count: int, typos: tuple[int, int] = (0, 3),
                    seed: int = 2025) -> list[tuple[int, str]]:
    """(position of the clause typed from, query): the first 30-70% of a library clause, with typos."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        pos = rng.randrange(len(clauses))
        words = clauses[pos].text.split()
        if len(words) < 8:
            continue
        words = words[: max(5, int(len(words) * rng.uniform(0.3, 0.7)))]
        for _ in range(rng.randint(*typos)):
            i = rng.randrange(len(words))
            words[i] = typo(words[i], rng)
        out.append((pos, " ".join(words)))
    return out


def tune_seed_clauses() -> list[tuple[str, str, str]]:
    """(call, label, text) of the clauses of the TUNE_SEEDS only: what the engine may be tuned on."""
    from cop_drafter.corpus import load_corpus

    return [(s.call, c.label, c.text) for t in load_corpus() if t.id in TUNE_SEEDS
            for s, c in t.resolution.clauses() if len(c.text.split()) >= 3]


def generate_tune(size: int, seed: int = 2017, clauses_per_doc: int = 35) -> tuple[list[SynthDoc], list[SynthClause]]:
    """The tuning library: `size` clauses from the TUNE_SEEDS (the held-out library never uses them) with the
    held-out family of mutations and another random seed: what the engine may be tuned on."""
    rng = random.Random(seed)
    seeds = tune_seed_clauses()
    docs: list[SynthDoc] = []
    clauses: list[SynthClause] = []
    for n in range(size):
        if n % clauses_per_doc == 0:
            body, short = rng.choice(BODIES)
            number, place, year = str(rng.randint(1, 400)), rng.choice(PLACES), rng.randint(1994, 2030)
            docs.append(SynthDoc(body, number, place, year, f"{short} Resolution {number} (Rev. {place}, {year})"))
        call, label, text = rng.choice(seeds)
        clauses.append(SynthClause(len(docs) - 1, call, label, _heldout_mutate(text, rng)))
    return docs, clauses
