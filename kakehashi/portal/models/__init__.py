from kakehashi.portal.models.search import (
    ActivityIndex,
    IndexedCountry,
    IndexedRegion,
    IndexedSector,
    IndexedYear,
    IndexState,
)

__all__ = [
    "ActivityIndex",
    "IndexState",
    "IndexedCountry",
    "IndexedRegion",
    "IndexedSector",
    "IndexedYear",
]
