"""A new model without coverage fails the suite: every model of Kakehashi is served by the
API (as a resource or a nested part) and walked by the generic tests, or is listed here with
the reason it is not."""

from django.apps import apps
from rest_framework import serializers

from kakehashi.api.tests.conftest import ADMIN_ENDPOINTS, RECORD_FACTORIES, REFERENCE_ENDPOINTS
from kakehashi.api.urls import router

# Models deliberately not in the API, with why.
NOT_IN_API = {
    "core.OfficeMembership": "who holds which role is staff data, kept in the staff interface",
    "registry.Person": "personal data: not published through the API",
    "registry.Exchange": "personal data (a person's stays abroad)",
    "registry.KeyFigure": "shown on the portal's pages with their sources",
    "accounts.ApiToken": "secrets: managed on the account page and by `kakehashi token`",
}
# Apps whose models are served by their own engineers' endpoints or are internal records.
OTHER_APPS = {"iati", "evaluation", "portal"}


def _nested_models(serializer, seen):
    for field in serializer.fields.values():
        child = getattr(field, "child", field)
        if isinstance(child, serializers.ModelSerializer) and child.Meta.model not in seen:
            seen.add(child.Meta.model)
            _nested_models(child, seen)


def served_models():
    seen = set()
    for _prefix, viewset, _basename in router.registry:
        queryset = getattr(viewset, "queryset", None)
        if queryset is not None:
            seen.add(queryset.model)
        classes = [
            getattr(viewset, name, None) for name in ("serializer_class", "list_serializer_class")
        ]
        classes += [extra.kwargs.get("serializer_class") for extra in viewset.get_extra_actions()]
        for serializer_class in classes:
            if serializer_class is not None and issubclass(
                serializer_class, serializers.ModelSerializer
            ):
                serializer = serializer_class(context={})
                seen.add(serializer.Meta.model)
                _nested_models(serializer, seen)
    return seen


def test_every_model_is_covered():
    served = served_models()
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("kakehashi.") or model._meta.app_label in OTHER_APPS:
            continue
        label = model._meta.label
        if model not in served and label not in NOT_IN_API:
            missing.append(label)
    assert not missing, f"Serve these in the API or list them in NOT_IN_API: {missing}"


def test_every_endpoint_is_walked_by_the_generic_tests():
    walked = set(RECORD_FACTORIES) | set(REFERENCE_ENDPOINTS) | set(ADMIN_ENDPOINTS)
    walked |= {"evaluation"}  # walked by kakehashi.evaluation's own API tests
    endpoints = {basename for _prefix, _viewset, basename in router.registry}
    assert endpoints <= walked, f"Add a factory to conftest.py for {endpoints - walked}"


def test_record_endpoints_restrict_by_office():
    from kakehashi.api.viewsets import RecordViewSet

    for _prefix, viewset, basename in router.registry:
        model = getattr(viewset, "queryset", None)
        if model is not None and hasattr(model.model, "responsible_office_id"):
            assert issubclass(viewset, RecordViewSet) or basename == "evaluation", basename
