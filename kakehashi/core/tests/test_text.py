import pytest
from hypothesis import given
from hypothesis import strategies as st

from kakehashi.core.services.text import BilingualText, normalize, pick, search_key

# Printable ASCII and its full-width forms (U+FF01..U+FF5E), plus space -> ideographic space.
TO_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)} | {0x20: 0x3000}
HALF_WIDTH_KATAKANA = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｰ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＪＩＣＡ　２０１７", "JICA 2017"),
        ("  a \t b\n\nc  ", "a b c"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("ｶﾞｲﾑｼｮｳ", "ガイムショウ"),
        ("４０，１５９千円", "40,159千円"),
        ("（独）国際協力機構", "(独)国際協力機構"),
        ("", ""),
        ("\u3000", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ＪＩＣＡ", "jica"),
        ("Japan International", "JAPAN  INTERNATIONAL"),
        ("ｼﾞｪｲｶ", "ジェイカ"),
        ("Straße", "STRASSE"),
        ("ＳＡＴＲＥＰＳ　事業", "satreps 事業"),
    ],
)
def test_search_key_matches_variants(a, b):
    assert search_key(a) == search_key(b)


def test_search_key_keeps_kana_kinds_apart():
    # Hiragana and katakana are different words for search purposes.
    assert search_key("かな") != search_key("カナ")


@pytest.mark.parametrize(
    ("ja", "en", "lang", "expected"),
    [
        ("国際協力", "International cooperation", "ja", "国際協力"),
        ("国際協力", "International cooperation", "en", "International cooperation"),
        ("国際協力", "International cooperation", "en-us", "International cooperation"),
        ("国際協力", "International cooperation", "ja-JP", "国際協力"),
        ("国際協力", "", "en", "国際協力"),
        ("国際協力", "   ", "en", "国際協力"),
        ("", "International cooperation", "ja", "International cooperation"),
        (None, "International cooperation", "ja", "International cooperation"),
        ("国際協力", None, "en", "国際協力"),
        ("", "", "ja", ""),
        (None, None, "en", ""),
    ],
)
def test_pick(ja, en, lang, expected):
    assert pick(ja, en, lang) == expected


def test_pick_gives_other_languages_english():
    assert pick("外務省", "MOFA", "fr") == "MOFA"
    assert pick("外務省", "", "fr") == "外務省"


def test_bilingual_text():
    text = BilingualText(ja="外務省", en="Ministry of Foreign Affairs")
    assert text.get("ja") == "外務省"
    assert text.get("en") == "Ministry of Foreign Affairs"
    assert BilingualText(ja="外務省").get("en") == "外務省"
    assert BilingualText(en="MOFA").get("ja") == "MOFA"
    assert BilingualText().get("ja") == ""


@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text())
def test_search_key_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_search_key_full_width_equals_half_width(text):
    assert search_key(text.translate(TO_FULL_WIDTH)) == search_key(text)


@given(st.text(alphabet=HALF_WIDTH_KATAKANA + "ﾞﾟ "))
def test_search_key_leaves_no_half_width_katakana(text):
    assert not any("\uff61" <= c <= "\uff9f" for c in search_key(text))


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_search_key_is_case_insensitive(text):
    assert search_key(text.upper()) == search_key(text.lower())
