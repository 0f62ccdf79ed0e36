"""The demo: IATI codelists, the documented facts, sample activities and demo accounts.

`load_demo()` does only what is missing, so a second run finishes in a moment: codelists
when none are loaded, facts when the ISTC FY2017 contribution is missing, sample records
when there are none, accounts when they do not exist. `reset=True` wipes the sample records,
writes the facts again (restoring their documented values) and generates new samples.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.apps import apps
from django.db import transaction
from django.db.models import PROTECT, ProtectedError
from django.utils.module_loading import import_string

from kakehashi.core.models import Codelist, Country
from kakehashi.core.services.codelists import sync_codelists
from kakehashi.registry.models import (
    Activity,
    Agreement,
    BudgetKind,
    Contribution,
    ContributionKind,
    Exchange,
    LargeProject,
    Meeting,
    Organisation,
    Person,
    Programme,
)
from kakehashi.registry.services.demo import accounts as demo_accounts
from kakehashi.registry.services.demo import facts, generated
from kakehashi.registry.services.demo.accounts import DEMO_PASSWORD, DemoAccountsRefused
from kakehashi.registry.signals import announce_activities_written

DEFAULT_ACTIVITIES = 400

__all__ = [
    "DEFAULT_ACTIVITIES",
    "DEMO_PASSWORD",
    "DemoAccountsRefused",
    "DemoSummary",
    "facts_loaded",
    "load_demo",
    "wipe_sample_records",
]


@dataclass
class DemoSummary:
    codelists_synced: bool = False
    reset: bool = False
    facts_written: bool = False
    fact_counts: dict[str, int] = field(default_factory=dict)
    activities_created: int = 0
    sample_activities: int = 0
    people_created: int = 0
    accounts: list[demo_accounts.AccountResult] = field(default_factory=list)
    seconds: float = 0.0
    app_counts: dict[str, dict] = field(default_factory=dict)

    def lines(self) -> list[str]:
        lines = []
        if self.codelists_synced:
            lines.append("IATI codelists, countries and regions: loaded.")
        if self.reset:
            lines.append("Sample records wiped (--reset).")
        if self.facts_written:
            counts = ", ".join(f"{n} {name}" for name, n in self.fact_counts.items())
            lines.append(f"Documented facts written: {counts}.")
        else:
            lines.append("Documented facts: already loaded (use --reset to write them again).")
        if self.activities_created or self.people_created:
            lines.append(
                f"Sample data created: {self.activities_created} activities, "
                f"{self.people_created} people with exchanges (is_sample=True)."
            )
        else:
            lines.append(f"Sample data: already loaded ({self.sample_activities} activities).")
        if self.accounts:
            created = [a.username for a in self.accounts if a.created]
            kept = [a.username for a in self.accounts if not a.created]
            if created:
                lines.append(f"Demo accounts created: {', '.join(created)}.")
            if kept:
                lines.append(f"Demo accounts kept as they were: {', '.join(kept)}.")
        for label, counts in self.app_counts.items():
            described = ", ".join(f"{n} {name}" for name, n in counts.items())
            lines.append(f"{label}: {described}.")
        lines.append(f"Done in {self.seconds:.1f} s.")
        return lines


def codelists_loaded() -> bool:
    return Codelist.objects.exists() and Country.objects.exists()


def facts_loaded() -> bool:
    """The marker of a loaded demo: the ISTC FY2017 voluntary contribution."""
    return Contribution.objects.filter(
        organisation__abbreviation="ISTC",
        fiscal_year=facts.ISTC_FISCAL_YEAR,
        kind=ContributionKind.VOLUNTARY,
        budget_kind=BudgetKind.INITIAL,
        is_sample=False,
        responsible_office__code=facts.MOFA_OFFICE,
    ).exists()


def samples_loaded() -> bool:
    return (
        generated.generated_activities().exists() or Person.objects.filter(is_sample=True).exists()
    )


# In this order: what points to a record goes before it.
SAMPLE_MODELS = (
    Exchange, Person, Activity, Meeting, Agreement, Contribution, LargeProject, Programme,
    Organisation,
)  # fmt: skip


def wipe_sample_records() -> dict[str, int]:
    """Delete every record marked is_sample (generated activities, people, sample facts).

    Sample records of other apps that protect them (an evaluation sheet of a sample
    activity) go too; a sample record a real record depends on is kept. The change history
    is not written for this bulk delete.
    """
    deleted = {}
    with disable_auditlog():
        for model in SAMPLE_MODELS:
            samples = model.objects.filter(is_sample=True)
            kept: set = set()
            for relation in _protecting_relations(model):
                dependants = relation.related_model._base_manager.filter(
                    **{f"{relation.field.name}__in": samples}
                )
                if any(f.name == "is_sample" for f in relation.related_model._meta.fields):
                    try:
                        dependants.filter(is_sample=True).delete()
                    except ProtectedError:
                        pass  # then they keep protecting our record
                kept |= set(dependants.values_list(relation.field.attname, flat=True))
            count, _ = samples.exclude(pk__in=kept).delete()
            deleted[str(model._meta.verbose_name_plural)] = count
    return deleted


def _protecting_relations(model) -> list:
    """Foreign keys to `model` that forbid deleting what they point to."""
    return [
        relation
        for relation in model._meta.related_objects
        if getattr(relation, "on_delete", None) is PROTECT
    ]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def load_demo(
    stdout=None,
    *,
    activities: int = DEFAULT_ACTIVITIES,
    reset: bool = False,
    accounts: bool = True,
    seed: int = generated.DEFAULT_SEED,
) -> DemoSummary:
    """Load what is missing of the demo; see the module docstring."""
    started = time.perf_counter()
    if accounts:
        demo_accounts.check_accounts_allowed()  # before anything is written
    summary = DemoSummary(reset=reset)
    if not codelists_loaded():
        _say(stdout, "Loading IATI codelists…")
        sync_codelists()
        summary.codelists_synced = True
    with transaction.atomic():
        if reset:
            _say(stdout, "Wiping sample records…")
            wipe_sample_records()
        write_facts = reset or not facts_loaded()
        # After a reset, samples a real record depends on may remain: generate anyway.
        make_samples = reset or not samples_loaded()
        records = None
        if make_samples and not write_facts:
            try:
                records = facts.FactRecords.from_database()
            except LookupError:
                write_facts = True  # a fact record was deleted: write them again
        if write_facts:
            _say(stdout, "Writing the documented facts…")
            records, summary.fact_counts = facts.load_facts()
            summary.facts_written = True
        if make_samples:
            _say(stdout, f"Generating {activities} sample activities…")
            summary.activities_created = generated.generate_activities(records, activities, seed)
            summary.people_created = generated.generate_people(records, seed)
        if make_samples or write_facts:
            # Written with bulk_create: tell the search index (and whoever listens).
            announce_activities_written(
                sender=Activity, ids=Activity.objects.values_list("pk", flat=True)
            )
        # Other apps add their demo records on top (evaluations): AppConfig.demo_loader.
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                _say(stdout, f"Loading the {config.verbose_name} demo…")
                summary.app_counts[config.label] = import_string(loader)()
    summary.sample_activities = generated.generated_activities().count()
    if accounts:
        summary.accounts = demo_accounts.create_demo_accounts()
    summary.seconds = time.perf_counter() - started
    return summary
