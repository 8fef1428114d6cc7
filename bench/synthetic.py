"""Synthetic catalogue files for the benchmarks: realistic words, codes, agencies and parents.

Words come from the seed recommendations (Spanish and English, accents included) with a
Zipf-like frequency, so common words are common and rare ones rare, as in real reports.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MECHANISMS = {"MESICIC": "III.9", "UNCAC": "9", "EITI": "2.5", "COST": "", "STAR": "", "OGP": ""}
AGENCIES = ("MINFIN", "SAT", "CGC", "MP", "SEGEPLAN", "MINGOB", "CONGRESO", "MEM", "COPRET")
_STOPWORDS = """a al and are as at be by con de del el en for from in is la las los of on or
para por que se the to un una y"""
STOPWORDS = frozenset(word for word in _STOPWORDS.split())


def vocabulary() -> list[str]:
    """Distinct words of the seed texts, most frequent first."""
    seeds = yaml.safe_load((ROOT / "seeds" / "GT" / "recommendations.yaml").read_text("utf-8"))
    counts: dict[str, int] = {}
    for item in seeds["recommendations"]:
        for word in re.findall(r"[^\W\d_]{3,}", item["text"].lower()):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def _text(rng: random.Random, words: list[str], weights: list[float], size: int) -> str:
    return " ".join(rng.choices(words, weights, k=size)).capitalize() + "."


def rows(count: int, seed: int = 7, cycles: int = 5) -> list[dict[str, str]]:
    """`count` import rows; every tenth is a child of the row before it (defined later)."""
    rng = random.Random(seed)
    words = vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(words))]
    items = []
    for index in range(count):
        # Groups of ten share a mechanism and cycle, so a group's last row can be the parent.
        group = random.Random(seed * 1_000_003 + index // 10)
        mechanism = group.choice(list(MECHANISMS))
        cycle = f"B{index // 10 % cycles + 1}"
        items.append(
            {
                "mechanism": mechanism,
                "cycle": cycle,
                "reference": f"N{index:06d}",
                "text": _text(rng, words, weights, rng.randint(25, 60)),
                "language": "es",
                "theme": rng.choice(["integrity", "procurement", "oversight", "extractives"]),
                "issued_on": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "due_on": "",
                "agencies": ";".join(rng.sample(AGENCIES, rng.randint(0, 3))),
                "parent": "",
                "provision": MECHANISMS[mechanism] if index % 3 == 0 else "",
            }
        )
    for index in range(9, count, 10):
        child, parent = items[index - 9], items[index]
        if (child["mechanism"], child["cycle"]) == (parent["mechanism"], parent["cycle"]):
            child["parent"] = parent["reference"]  # the parent comes later in the file
    return items


def csv_bytes(items: list[dict[str, str]]) -> bytes:
    """The rows as a UTF-8 CSV file."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(items[0]))
    writer.writeheader()
    writer.writerows(items)
    return buffer.getvalue().encode("utf-8")


def queries(count: int, seed: int = 11) -> list[str]:
    """Search queries a user might type: one or two content words, a code, an accentless word."""
    rng = random.Random(seed)
    words = [w for w in vocabulary() if w not in STOPWORDS]
    picks = []
    for index in range(count):
        kind = index % 4
        if kind == 0:
            picks.append(rng.choice(words[:200]))
        elif kind == 1:
            picks.append(" ".join(rng.sample(words[:400], 2)))
        elif kind == 2:
            picks.append(f"{rng.choice(list(MECHANISMS))}-B{rng.randint(1, 5)}-N{rng.randint(0, 99_999):06d}")
        else:
            word = rng.choice([w for w in words if re.search("[áéíóúñ]", w)] or words)
            picks.append(word.translate(str.maketrans("áéíóúñ", "aeioun")).upper())
    return picks
