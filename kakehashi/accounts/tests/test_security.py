"""Sign-in lockout, the security log, headers, upload limits, no stack traces."""

import pytest
from django.urls import reverse

from kakehashi.accounts.models import SecurityEvent
from kakehashi.api.tests.conftest import PASSWORD


def test_failed_sign_ins_lock_the_account(world, client, settings):
    settings.KAKEHASHI_LOGIN_FAILURE_LIMIT = 3
    url = reverse("accounts:login")
    for _ in range(3):
        client.post(url, {"username": "editor-a", "password": "wrong"})
    response = client.post(url, {"username": "editor-a", "password": PASSWORD})
    assert response.status_code == 200  # the form again: not signed in
    assert "_auth_user_id" not in client.session
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert kinds.count("login_failed") == 3 and "lockout" in kinds


def test_sign_in_is_logged(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "viewer-a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind="login", username="viewer-a").exists()


def test_permission_denials_are_logged(world):
    world.client("viewer").get(reverse("api:audit-list"))
    event = SecurityEvent.objects.get(kind="permission_denied")
    assert event.username == "viewer-a" and event.path == reverse("api:audit-list")


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/docs/", "/ja/account/login/"])
def test_security_headers(world, client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_docs_use_bundled_assets_without_inline_script(world, client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in page.lower() and "<script>" not in page
    assert "/static/drf_spectacular_sidecar/" in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_request_bodies_are_limited(world, settings):
    settings.KAKEHASHI_MAX_UPLOAD_BYTES = 100
    response = world.client("editor").post(
        reverse("api:organisation-list"), {"name_en": "x" * 500}, format="json"
    )
    assert response.status_code == 413
