"""Text normalisation for parsing and search, and bilingual (ja/en) text helpers.

Normalised forms are for matching only; text is always displayed as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LANGUAGES = ("ja", "en")


def normalize(text: str) -> str:
    """NFKC (full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ become ABC123, カタカナ),
    whitespace runs (including the ideographic space) collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def search_key(text: str) -> str:
    """Key for case- and width-insensitive matching: normalize + casefold.

    Normalised again after casefolding, because casefolding can produce
    non-NFKC sequences (e.g. from U+0130 İ); this makes the key idempotent.
    """
    return normalize(normalize(text).casefold())


def _language(lang: str) -> str:
    # Accept Django-style codes such as "en-us" or "ja-JP".
    # Any other reader language gets English, the lingua franca of the records.
    primary = lang.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


def pick(ja: str | None, en: str | None, lang: str) -> str:
    """The text in ``lang``, falling back to the other language when blank."""
    preferred, other = (ja, en) if _language(lang) == "ja" else (en, ja)
    if preferred and preferred.strip():
        return preferred
    return other or ""


@dataclass(frozen=True)
class BilingualText:
    ja: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return pick(self.ja, self.en, lang)
