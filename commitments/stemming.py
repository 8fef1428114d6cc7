"""Spanish and English word stems for search, the same on both engines.

Each word of a text is stemmed with the Snowball stemmers (snowballstemmer) for Spanish and
English, then accents are folded. The index keeps the stems as `zq`-prefixed tokens (a prefix no
real word has), so a stem never matches a word and "contratacion" finds "contrataciones" (both
stem to `contrat`) on SQLite and PostgreSQL alike.

Snowball's Spanish stemmer reads accents ("-ación"): a word typed without them ("contratacion")
gets its accent back where Spanish spelling is certain (`-cion`, `-sion` at the end are always
`-ción`, `-sión`) before it is stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

PREFIX = "zq"
_TOKEN = re.compile(r"[^\W_]+")
_SPANISH = snowballstemmer.stemmer("spanish")
_ENGLISH = snowballstemmer.stemmer("english")
_ACCENTED = re.compile(r"[áéíóúü]")
_RESTORE = ((re.compile(r"cion$"), "ción"), (re.compile(r"sion$"), "sión"))
# Function words: matched as words, never as stems (a stem of "de" would match every text).
STOPWORDS = frozenset(
    [
        "a",
        "al",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "for",
        "from",
        "in",
        "is",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "of",
        "on",
        "or",
        "para",
        "por",
        "que",
        "se",
        "sin",
        "su",
        "sus",
        "the",
        "to",
        "u",
        "un",
        "una",
        "unas",
        "unos",
        "y",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents ("Contratación" -> "contratacion")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """The folded Spanish and English stems of one word (none for codes, numbers, function
    words and one-letter words)."""
    lowered = unicodedata.normalize("NFC", word.lower())
    # Codes and numbers ("GT0777", "2024") are matched as they are, never by stem.
    if len(lowered) < 2 or any(c.isdigit() for c in lowered) or fold(lowered) in STOPWORDS:
        return ()
    spanish = lowered
    if not _ACCENTED.search(spanish):
        for pattern, accented in _RESTORE:
            spanish = pattern.sub(accented, spanish)
    found = {fold(_SPANISH.stemWord(spanish)), fold(_ENGLISH.stemWord(fold(lowered)))}
    return tuple(sorted(s for s in found if len(s) >= 2 and s.isalnum() and s.isascii()))


def stem_tokens(*texts: str) -> str:
    """The index's stem tokens of these texts: each distinct stem once, prefixed."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _TOKEN.findall(text or ""):
            for stem in stems(word):
                seen.setdefault(PREFIX + stem, None)
    return " ".join(seen)
