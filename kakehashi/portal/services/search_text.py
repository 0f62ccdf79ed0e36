"""Index terms for Japanese and every other language, and queries matched the same way.

Text is normalised with ``core.services.text.search_key`` (NFKC + casefold: full-width and
half-width forms, upper and lower case are one). Then:

* runs of Japanese/Chinese script (kanji, hiragana, katakana) give character bigrams, so any
  two-character word (雑草, 防災, 協力) is found without a dictionary; a run of one character
  is kept whole;
* SudachiPy adds the words it finds (surface and normalised form): this catches
  one-character words (川, 米) and spelling variants;
* everything else gives its words (letters and digits), so English matches regardless of case
  and identifiers match by their parts (JP-JICA -> jp, jica).

A query is split the same way. All its terms are required; latin words of three or more
letters match as prefixes (vaccin -> vaccine); a one-character CJK query matches any term that
starts with it; a CJK phrase longer than two characters must also occur as written (substring
of the normalised text), so 防災協力 does not match 防災 … 協力 apart.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kakehashi.core.services.text import search_key

_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(f"[^\\W_{_CJK}]+")
_SUDACHI_MIN_RUN = 2
MAX_QUERY_TERMS = 24


@cache
def _dictionary():
    try:
        from sudachipy import Dictionary
    except ImportError:  # pragma: no cover - SudachiPy is a dependency
        return None
    return Dictionary()


_local = threading.local()


def _tokenizer():
    """This thread's tokenizer (a Sudachi tokenizer refuses to be used by two threads at once:
    the admin's saves reindex in the request's thread)."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
    return tokenizer


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str | None:
    """search_key of a Sudachi word if it is Japanese script (words repeat: cached)."""
    word = search_key(word)
    return word if word and _CJK_RUN.fullmatch(word) else None


@lru_cache(maxsize=8192)
def _sudachi_terms(run: str) -> tuple[str, ...]:
    """The words SudachiPy finds in a run (surface and normalised form) that the bigrams do not
    already give. Cached: names of organisations and places and stock phrases recur across
    activities, and tokenizing is most of the cost of indexing Japanese text."""
    if _dictionary() is None:  # pragma: no cover
        return ()
    words = set()
    for morpheme in _tokenizer().tokenize(run):
        # The surface is part of the run, which is normalised already.
        surface = morpheme.surface()
        if _useful_word(surface, run):
            words.add(surface)
        normalized = morpheme.normalized_form()
        if normalized != surface:
            normalized = _word_key(normalized)
            if normalized and _useful_word(normalized, run):
                words.add(normalized)
    return tuple(words)


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(*texts: str) -> set[str]:
    """Every term of the texts, for the index."""
    return key_terms(search_key(text) for text in texts if text)


def key_terms(keys: Iterable[str]) -> set[str]:
    """index_terms of texts already normalised with search_key (the indexer has the keys)."""
    terms: set[str] = set()
    for key in keys:
        for run in _CJK_RUN.findall(key):
            terms.update(bigrams(run))
            if len(run) >= _SUDACHI_MIN_RUN:
                # Words of one character, and normalised forms of longer ones.
                terms.update(_sudachi_terms(run))
        terms.update(_WORD.findall(key))
    terms.discard("")
    return terms


def _useful_word(word: str, run: str) -> bool:
    """Sudachi words the bigrams do not already give; no lone particles (の, と)."""
    if len(word) == 1:
        return not ("\u3040" <= word <= "\u309f")
    return len(word) != 2 or word not in run


@dataclass
class Query:
    """A parsed query: terms (all required), prefix terms, phrases to confirm."""

    text: str = ""
    terms: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def fts5(self) -> str:
        """FTS5 MATCH expression: "a" "b" "c"* (implicit AND)."""
        parts = [f'"{term}"' for term in self.terms] + [f'"{term}"*' for term in self.prefixes]
        return " ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL tsquery literal: 'a' & 'b' & 'c':*."""
        parts = [f"'{term}'" for term in self.terms] + [f"'{term}':*" for term in self.prefixes]
        return " & ".join(parts)


def parse_query(text: str) -> Query:
    key = search_key(text or "")
    query = Query(text=key)
    terms: list[str] = []
    prefixes: list[str] = []
    for piece in re.split(f"([{_CJK}]+)", key):
        if not piece:
            continue
        if _CJK_RUN.fullmatch(piece):
            if len(piece) == 1:
                prefixes.append(piece)
            else:
                terms.extend(bigrams(piece))
                if len(piece) > 2:
                    query.phrases.append(piece)
            continue
        for word in _WORD.findall(piece):
            (prefixes if len(word) >= 3 else terms).append(word)
    query.terms = list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]
    query.prefixes = list(dict.fromkeys(prefixes))[:MAX_QUERY_TERMS]
    return query
