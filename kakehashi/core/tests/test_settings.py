"""The application refuses unsafe production settings and is clean under `check --deploy`."""

import os
import secrets
import subprocess
import sys

import pytest

KAKEHASHI = [sys.executable, "-m", "kakehashi.manage"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KAKEHASHI_")}
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixture
    environment.update(env)
    return subprocess.run(
        [*KAKEHASHI, *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_demo_defaults_start():
    result = run("check")
    assert result.returncode == 0, result.stderr


def test_public_host_with_demo_key_is_refused():
    result = run("check", KAKEHASHI_ALLOWED_HOSTS="kakehashi.example.go.jp")
    assert result.returncode != 0
    assert "KAKEHASHI_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_public_host_with_debug_is_refused():
    result = run(
        "check",
        KAKEHASHI_ALLOWED_HOSTS="kakehashi.example.go.jp",
        KAKEHASHI_SECRET_KEY=secrets.token_urlsafe(50),
        KAKEHASHI_DEBUG="true",
    )
    assert result.returncode != 0
    assert "KAKEHASHI_DEBUG" in result.stderr


def test_invalid_boolean_names_the_variable():
    result = run("check", KAKEHASHI_DEBUG="maybe")
    assert result.returncode != 0
    assert "KAKEHASHI_DEBUG='maybe'" in result.stderr


@pytest.mark.parametrize("database_url", ["", "postgres://kakehashi@db.example/kakehashi"])
def test_check_deploy_is_clean_with_production_settings(database_url):
    env = {
        "KAKEHASHI_ALLOWED_HOSTS": "kakehashi.example.go.jp",
        "KAKEHASHI_SECRET_KEY": secrets.token_urlsafe(50),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    result = run("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unmigrated_database_gets_one_line_and_the_fix(tmp_path):
    sample = tmp_path / "empty.xml"
    sample.write_text('<iati-activities version="2.03"/>')
    result = run("iati", "import", str(sample), KAKEHASHI_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "kakehashi: database error: no such table: iati_importrecord"
        " (the database is not up to date: run `kakehashi migrate`)"
    ]


def test_an_unreachable_database_gets_one_line():
    result = run("iati", "export", DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("kakehashi: database error: ")
