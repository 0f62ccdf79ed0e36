"""The Japanese catalog translates every interface string: nothing empty, nothing fuzzy
(a fuzzy entry is ignored at run time, so the English would show)."""

import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "kakehashi" / "locale" / "ja" / "LC_MESSAGES" / "django.po"
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(text: str):
    """(flags, msgid, [msgstr, …]) of each active entry (obsolete `#~` entries skipped)."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        part, texts = None, {}
        for line in lines:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msg"):
                part = keyword
                texts[part] = ""
            if part and not line.startswith("#"):
                texts[part] += "".join(QUOTED.findall(line))
        if "msgid" in texts and texts["msgid"]:
            strings = [value for key, value in texts.items() if key.startswith("msgstr")]
            yield flags, texts["msgid"], strings


def test_every_japanese_entry_is_translated_and_not_fuzzy():
    found = list(entries(CATALOG.read_text(encoding="utf-8")))
    assert len(found) > 500
    fuzzy = [msgid for flags, msgid, _strings in found if "fuzzy" in flags]
    empty = [msgid for _flags, msgid, strings in found if not all(strings)]
    assert fuzzy == [] and empty == []


def test_the_check_sees_an_empty_and_a_fuzzy_entry():
    text = (
        'msgid "a"\nmsgstr "あ"\n\n#, fuzzy\nmsgid "b"\nmsgstr "い"\n\nmsgid ""\n"c"\nmsgstr ""\n'
    )
    found = list(entries(text))
    assert [(msgid, strings) for _f, msgid, strings in found] == [
        ("a", ["あ"]),
        ("b", ["い"]),
        ("c", [""]),
    ]
    assert "fuzzy" in found[1][0]
