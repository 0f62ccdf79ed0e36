"""IATI narratives: text in any number of languages, kept as a JSON list.

A list of {"lang": "en", "text": "..."} keeps every narrative a publisher wrote, in order,
even two in one language; `narrative_text` picks the one for the reader.
"""

from django.utils.translation import get_language


def narrative_text(narratives: list[dict] | None, lang: str | None = None) -> str:
    if not narratives:
        return ""
    lang = (lang or get_language() or "ja")[:2]
    preferences = [lang, "en" if lang != "en" else "ja", "en"]
    for wanted in preferences:
        for narrative in narratives:
            if (narrative.get("lang") or "")[:2] == wanted and narrative.get("text"):
                return narrative["text"]
    return next((n["text"] for n in narratives if n.get("text")), "")


def narratives_from(**texts: str) -> list[dict]:
    """narratives_from(ja="…", en="…") -> the JSON list, skipping empty texts."""
    return [{"lang": lang, "text": text} for lang, text in texts.items() if text]
