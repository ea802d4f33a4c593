"""`carbonpeak manage check --deploy` is clean in the production profile, and flags what is unsafe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CARBONPEAK = str(Path(sys.executable).with_name("carbonpeak"))


def _check_deploy(tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONPEAK_")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "CARBONPEAK_ALLOWED_HOSTS": "carbon.example.gov.cn", **env_extra})
    return subprocess.run([CARBONPEAK, "manage", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True)


def test_production_profile_passes_every_deploy_check(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, CARBONPEAK_PROFILE="production")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_profile_is_flagged_for_a_server(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016", "carbonpeak.W002"):
        assert check in result.stderr


def test_the_old_public_key_is_flagged(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, CARBONPEAK_PROFILE="production",
                           CARBONPEAK_SECRET_KEY="carbonpeak-development-key-do-not-use-in-production")
    assert "carbonpeak.W001" in result.stderr


def test_unknown_profile_is_refused_with_a_message(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, CARBONPEAK_PROFILE="prod")
    assert result.returncode != 0
    assert "CARBONPEAK_PROFILE" in result.stderr and "Traceback" not in result.stderr


def test_production_profile_turns_on_https_settings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONPEAK_")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CARBONPEAK_PROFILE": "production"})
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.CARBONPEAK_DEMO_USERS, bool(s.CONTENT_SECURITY_POLICY))")
    out = subprocess.run([CARBONPEAK, "manage", "shell", "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == "True True True 31536000 False True"
