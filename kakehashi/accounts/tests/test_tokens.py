"""Personal API tokens: hashed, expiring, revocable; the command and the page."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kakehashi.accounts.models import ApiToken, SecurityEvent
from kakehashi.accounts.services import tokens
from kakehashi.api.tests.conftest import PASSWORD


def api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_is_stored_hashed_and_authenticates(world):
    token, key = tokens.create(world.users["editor"], "import")
    assert key not in token.key_hash and token.key_hash == tokens.hash_key(key)
    response = api(key).post(
        reverse("api:organisation-list"),
        {"name_ja": "新", "name_en": "New", "kind": "ngo"},
        format="json",
    )
    assert response.status_code == 201
    assert SecurityEvent.objects.filter(kind="token_created", user=world.users["editor"]).exists()


def test_revoked_and_expired_tokens_are_refused(world):
    token, key = tokens.create(world.users["editor"], "old")
    tokens.revoke(token)
    assert api(key).get(reverse("api:organisation-list")).status_code == 401
    token, key = tokens.create(world.users["editor"], "expired")
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - datetime.timedelta(1))
    assert api(key).get(reverse("api:organisation-list")).status_code == 401
    assert api("kkh_nonsense").get(reverse("api:organisation-list")).status_code == 401
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"token_revoked", "token_rejected"} <= kinds


def test_token_command_prints_the_key_last(world, capsys):
    call_command("token", "create", "editor-a", "--days", "7")
    key = capsys.readouterr().out.split()[-1]
    assert api(key).get(reverse("api:organisation-list")).status_code == 200
    assert ApiToken.objects.get(key_hash=tokens.hash_key(key)).user.username == "editor-a"


def test_tokens_page(world, client):
    url = reverse("accounts:tokens")
    assert client.get(url).status_code == 302
    client.login(username="viewer-a", password=PASSWORD)
    response = client.post(url, {"name": "laptop", "days": 30})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=world.users["viewer"])
    assert token.name == "laptop"
    # Another user cannot revoke it; the owner can.
    other = world.users["editor"]
    client.force_login(other)
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    client.force_login(world.users["viewer"])
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked is not None
    assert "no-store" in client.get(url)["Cache-Control"]
