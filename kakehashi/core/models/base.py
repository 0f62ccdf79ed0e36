"""Abstract bases shared by every registry record."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.core.services.text import pick


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class RegistryRecord(TimeStampedModel):
    """A record a ministry office keeps: owned by an office, published or not, maybe sample."""

    responsible_office = models.ForeignKey(
        "core.Office",
        verbose_name=_("responsible office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public portal and open data.")
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Generated for the demo; not a real record."),
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True


def bilingual(obj, field: str, lang: str | None = None) -> str:
    """The `field_ja`/`field_en` value in the reader's language, else the other one."""
    lang = (lang or get_language() or "ja")[:2]
    return pick(getattr(obj, f"{field}_ja", ""), getattr(obj, f"{field}_en", ""), lang)


class BilingualNameMixin:
    """`name` in the reader's language for models with name_ja / name_en."""

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    def __str__(self) -> str:
        abbreviation = getattr(self, "abbreviation", "")
        name = self.name or abbreviation
        return f"{name} ({abbreviation})" if abbreviation and abbreviation != name else name
