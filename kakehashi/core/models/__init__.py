from kakehashi.core.models.base import BilingualNameMixin, RegistryRecord, TimeStampedModel
from kakehashi.core.models.codelists import Codelist, CodelistItem
from kakehashi.core.models.geography import Country, Region
from kakehashi.core.models.offices import Office, OfficeMembership, Role

__all__ = [
    "BilingualNameMixin",
    "Codelist",
    "CodelistItem",
    "Country",
    "Office",
    "OfficeMembership",
    "Region",
    "RegistryRecord",
    "Role",
    "TimeStampedModel",
]
