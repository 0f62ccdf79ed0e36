"""What an import did: the counts printed at the end and stored on the import record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kakehashi.iati.models import ImportRecord
from kakehashi.iati.services.parser import Problem


@dataclass
class ImportSummary:
    files: int = 0
    files_rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    bytes_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_not_kept: int = 0
    record: ImportRecord | None = None
    organisation_files: int = 0
    organisations_created: int = 0
    organisations_updated: int = 0
    organisations_unchanged: int = 0

    def __str__(self) -> str:
        text = _(
            "%(files)d files (%(rejected)d rejected); activities: %(created)d created, "
            "%(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped; %(errors)d errors"
        ) % {
            "files": self.files,
            "rejected": self.files_rejected,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
        }
        if self.organisation_files:  # activity-only imports read as before
            text += _(
                "; organisations: %(created)d created, %(updated)d updated, %(unchanged)d unchanged"
            ) % {
                "created": self.organisations_created,
                "updated": self.organisations_updated,
                "unchanged": self.organisations_unchanged,
            }
        return text
