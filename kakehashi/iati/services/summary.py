"""What an import did: the counts printed at the end and stored on the import record."""

from __future__ import annotations

from dataclasses import dataclass, field

from kakehashi.iati.models import ImportRecord, summary_line
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
        return summary_line(
            self.files,
            self.files_rejected,
            (self.created, self.updated, self.unchanged),
            self.skipped,
            self.errors,
            self.organisation_files,
            (self.organisations_created, self.organisations_updated, self.organisations_unchanged),
        )
