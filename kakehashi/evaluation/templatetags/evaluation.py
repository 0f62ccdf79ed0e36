"""Template helpers of the evaluation pages."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ row.counts|lookup:grade }}``."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


@register.filter
def grade_class(grade) -> str:
    return f"grade grade-{grade.lower()}" if grade and grade.isalpha() else "grade grade-none"


@register.simple_tag
def subject_title(sheet) -> str:
    return sheet.subject_title(get_language())


@register.simple_tag
def fy(sheet) -> str:
    """平成29年度 in Japanese, FY2017 in English."""
    return (
        sheet.fiscal_year_label_ja
        if (get_language() or "ja")[:2] == "ja"
        else (sheet.fiscal_year_label_en)
    )


@register.filter
def evidence_link(evidence) -> str:
    from kakehashi.evaluation.services.evidence import link

    return link(evidence)
