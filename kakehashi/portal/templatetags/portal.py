"""Template tags of the public pages: bilingual text, amounts, years, dates, language links.

Text shown in the other language than the page's (a fallback) is wrapped in
``<span lang="…">`` so screen readers and fonts treat it right.
"""

from django import template
from django.utils.html import format_html

from kakehashi.portal.services import formatting
from kakehashi.portal.services.languages import page_in_language

register = template.Library()


_in_language = formatting.in_language


@register.simple_tag
def bi(obj, field: str):
    """``{% bi organisation "name" %}``: name_ja or name_en for the reader, with fallback."""
    if obj is None:
        return ""
    return _in_language(*formatting.bilingual_text(obj, field))


@register.simple_tag
def bi_text(obj, field: str) -> str:
    """Plain text (for attributes and <title>): ``{% bi_text obj "name" as title %}``."""
    if obj is None:
        return ""
    return formatting.bilingual_text(obj, field)[0]


@register.simple_tag
def narrative(narratives):
    """``{% narrative activity.title %}``: an IATI narrative list in the reader's language."""
    return _in_language(*formatting.narrative_with_language(narratives))


@register.simple_tag
def narrative_text(narratives) -> str:
    return formatting.narrative_with_language(narratives)[0]


@register.simple_tag
def money(amount, currency, unit=None) -> str:
    """``{% money c.amount c.currency "thousand" %}`` -> 40,159千円 / ¥40,159 thousand."""
    return formatting.format_money(amount, currency, unit=unit)


@register.simple_tag
def money_about(total) -> str:
    """A headline total: 約1,360億円 / about ¥136 billion."""
    return formatting.format_money_about(total.amount, total.currency)


@register.simple_tag
def money_rounded(total) -> str:
    """A derived total in a table, to three significant figures (the page says so)."""
    return formatting.format_money(formatting.round_significant(total.amount), total.currency)


@register.simple_tag
def abbreviation(obj):
    """`` <abbr>ISTC</abbr>`` after a name, unless the name already contains it."""
    short = getattr(obj, "abbreviation", "") or ""
    name = formatting.bilingual_text(obj, "name")[0]
    if not short or short in name:
        return ""
    return format_html(' <abbr class="abbr" title="{}">{}</abbr>', name, short)


@register.simple_tag
def meeting_label(meeting):
    """第13回 合同委員会 / 13th joint committee; a title that already says the number stays
    as it is (第19回アジア太平洋地域宇宙機関会議)."""
    number = formatting.meeting_number(meeting.number)
    title, title_lang = formatting.bilingual_text(meeting, "title")
    if title:
        named = _in_language(title, title_lang)
        if not number or number in title or str(meeting.number) in title:
            return named
        return format_html("{} {}", number, named)
    return " ".join(part for part in (number, str(meeting.get_kind_display())) if part)


@register.filter
def fiscal_year(year) -> str:
    """``{{ 2017|fiscal_year }}`` -> 平成29年度 / FY2017."""
    return formatting.fiscal_year_label(year)


@register.filter
def partial_date(day, precision="day") -> str:
    """``{{ meeting.date|partial_date:meeting.date_precision }}`` -> 2012年7月 / July 2012."""
    return formatting.format_date(day, precision or "day")


@register.filter
def meeting_number(number) -> str:
    return formatting.meeting_number(number)


@register.filter
def number(value) -> str:
    return formatting.format_number(value)


@register.filter
def percentage(value) -> str:
    return formatting.format_percentage(value)


@register.simple_tag
def figure_value(figure) -> str:
    return formatting.key_figure_value(figure)


@register.simple_tag
def figure_parts(figure) -> dict[str, str]:
    """``{% figure_parts figure as parts %}``: prefix, number, unit and suffix."""
    return formatting.key_figure_parts(figure)


@register.simple_tag(takes_context=True)
def page_url_in(context, lang: str) -> str:
    """The current page in another language (path and query kept)."""
    request = context.get("request")
    if request is None:
        return f"/{lang}/"
    # base.html asks for the other language's URL twice (alternate link, language switch).
    known = request.__dict__.setdefault("_portal_page_urls", {})
    if lang not in known:
        known[lang] = page_in_language(request, lang)
    return known[lang]


@register.simple_tag
def other_language() -> str:
    return formatting.other_language()


@register.simple_tag
def money_yen(amount) -> str:
    """A yen figure converted or summed by the portal: 約1億2,000万円 / about ¥120 million."""
    from decimal import Decimal

    return formatting.format_money_about(Decimal(amount or 0), "JPY")


@register.simple_tag
def rate_text(rate) -> str:
    """1 US$ = 108.66円 (2016) / US$1 = ¥108.66 (2016)."""
    return formatting.rate_text(rate)
