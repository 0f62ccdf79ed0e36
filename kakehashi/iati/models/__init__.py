"""What the IATI exchange records: one ImportRecord per run of `kakehashi iati import`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    DONE_WITH_ERRORS = "done_with_errors", _("done, with errors")
    FAILED = "failed", _("failed")


class ImportRecord(models.Model):
    """The summary of one import: what was read, what changed, and every problem found."""

    MAX_PROBLEMS = 5000

    started = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sources = models.JSONField(_("files and folders"), default=list, blank=True)
    strict = models.BooleanField(_("strict mode"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    files = models.PositiveIntegerField(_("files read"), default=0)
    files_rejected = models.PositiveIntegerField(_("files rejected"), default=0)
    activities_created = models.PositiveIntegerField(_("activities created"), default=0)
    activities_updated = models.PositiveIntegerField(_("activities updated"), default=0)
    activities_unchanged = models.PositiveIntegerField(_("activities unchanged"), default=0)
    activities_skipped = models.PositiveIntegerField(_("activities skipped"), default=0)
    organisation_files = models.PositiveIntegerField(_("organisation files read"), default=0)
    organisations_created = models.PositiveIntegerField(_("organisations created"), default=0)
    organisations_updated = models.PositiveIntegerField(_("organisations updated"), default=0)
    organisations_unchanged = models.PositiveIntegerField(_("organisations unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    # [{"file", "line", "identifier", "message", "level"}], at most MAX_PROBLEMS of them.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problems_not_kept = models.PositiveIntegerField(_("problems not kept"), default=0)

    class Meta:
        ordering = ["-started"]
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")

    def __str__(self) -> str:
        return _("IATI import of %(date)s") % {"date": self.started.strftime("%Y-%m-%d %H:%M")}

    def summary(self) -> str:
        return summary_line(
            self.files,
            self.files_rejected,
            (self.activities_created, self.activities_updated, self.activities_unchanged),
            self.activities_skipped,
            self.errors,
            self.organisation_files,
            (self.organisations_created, self.organisations_updated, self.organisations_unchanged),
        )


def summary_line(files, rejected, activities, skipped, errors, organisation_files, organisations):
    """The line `kakehashi iati import` ends with; `activities` and `organisations` are
    (created, updated, unchanged)."""
    created, updated, unchanged = activities
    text = _(
        "%(files)d files (%(rejected)d rejected); activities: %(created)d created, "
        "%(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped; %(errors)d errors"
    ) % {
        "files": files,
        "rejected": rejected,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "skipped": skipped,
        "errors": errors,
    }
    if organisation_files:  # activity-only imports read as before
        created, updated, unchanged = organisations
        text += _(
            "; organisations: %(created)d created, %(updated)d updated, %(unchanged)d unchanged"
        ) % {"created": created, "updated": updated, "unchanged": unchanged}
    return text
