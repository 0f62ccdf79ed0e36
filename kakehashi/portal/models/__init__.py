from kakehashi.portal.models.search import (
    ActivityIndex,
    IndexedCountry,
    IndexedRegion,
    IndexedSector,
    IndexedYear,
    IndexState,
    IndexSummary,
)

__all__ = [
    "ActivityIndex",
    "IndexState",
    "IndexSummary",
    "IndexedCountry",
    "IndexedRegion",
    "IndexedSector",
    "IndexedYear",
]
