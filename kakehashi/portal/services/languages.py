"""Links between the Japanese and English versions of a page."""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url


def page_in_language(request, lang: str) -> str:
    """The same page (path and query) in ``lang``: /ja/organisations/1/ -> /en/organisations/1/.

    ``translate_url`` reverses the resolved view in the other language; a path that does not
    resolve (a 404 page) gets its language prefix swapped instead.
    """
    path = request.get_full_path()
    url = translate_url(path, lang)
    if url != path:
        return url
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return f"/{lang}/{path[len(prefix) :]}"
    return f"/{lang}/"
