import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "portal.planetcampus.test",
    "RADIUS_API_TOKEN": "a-long-random-token",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/planetcampus",
}


def run_planetcampus(*args, env_overrides):
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which a production check rightly rejects.
    env = {key: value for key, value in os.environ.items()
           if key not in PRODUCTION_ENV and key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "planetcampus", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_clean_in_production():
    result = run_planetcampus("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "RADIUS_API_TOKEN"])
def test_production_refuses_missing_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_planetcampus("check", env_overrides=env)

    assert result.returncode != 0
    assert f"{missing} is missing" in result.stderr


def test_bad_boolean_named_in_error():
    result = run_planetcampus("check", env_overrides={"DEBUG": "maybe"})

    assert result.returncode != 0
    assert "DEBUG='maybe' is invalid" in result.stderr


def test_sqlite_default_uses_wal(tmp_path):
    env = {"PLANETCAMPUS_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    code = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"

    result = run_planetcampus("shell", "-c", code, env_overrides=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
    assert (tmp_path / "planetcampus.sqlite3").exists()
