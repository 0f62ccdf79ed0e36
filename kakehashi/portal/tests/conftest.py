import pytest
from django.utils import translation

from kakehashi.core.models import Codelist
from kakehashi.core.services.codelists import sync_codelists
from kakehashi.portal.tests.factories import build_sample


def ensure_reference_data() -> None:
    """Countries, regions and IATI codelists, as `codelists sync` loads them."""
    if not Codelist.objects.exists():
        sync_codelists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Loaded once per test database; each test's transaction rolls back on top of it.
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture
def sample(db):
    return build_sample()


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("ja")
