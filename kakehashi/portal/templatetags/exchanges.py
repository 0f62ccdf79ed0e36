"""Template tags of the researcher exchange pages: ``{% load exchanges %}``."""

from django import template
from django.utils.html import format_html

from kakehashi.portal.services import exchanges
from kakehashi.portal.services.formatting import reader_language

register = template.Library()


@register.simple_tag
def person_name(person):
    """佐藤 美咲 / Misaki Sato; a name only written in the other language keeps its lang."""
    if person is None:
        return ""
    name, lang = exchanges.person_name_in(person)
    if name and lang != reader_language():
        return format_html('<span lang="{}">{}</span>', lang, name)
    return name


@register.simple_tag
def exchange_count() -> int:
    """Published exchanges, for pages whose views know nothing of exchanges (one query)."""
    return exchanges.exchange_count()


@register.simple_tag(takes_context=True)
def facet_query(context, name: str, value) -> str:
    """The current query string with ``name`` set to ``value`` (removed when None), back
    on the first page: ``{% facet_query "country" "TH" %}`` -> ``?country=TH``."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.pop(name, None)
    if value is not None:
        params[name] = value
    return f"?{params.urlencode()}" if params else "?"
