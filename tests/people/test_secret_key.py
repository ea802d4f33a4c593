"""The generated secret key: made once, kept private in the data directory, never the public fallback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from carbonpeak.common import secret_key

CARBONPEAK = str(Path(sys.executable).with_name("carbonpeak"))


def test_key_is_made_once_with_owner_only_mode(tmp_path: Path) -> None:
    first = secret_key.load_or_create(tmp_path / "data")
    path = tmp_path / "data" / secret_key.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert secret_key.load_or_create(tmp_path / "data") == first


def test_two_installations_get_different_keys(tmp_path: Path) -> None:
    assert secret_key.load_or_create(tmp_path / "a") != secret_key.load_or_create(tmp_path / "b")


def test_empty_key_file_is_refused_with_a_message(tmp_path: Path) -> None:
    (tmp_path / secret_key.FILE_NAME).write_text("")
    with pytest.raises(secret_key.SecretKeyError, match="empty"):
        secret_key.load_or_create(tmp_path)


def test_unwritable_directory_is_refused_with_a_message(tmp_path: Path) -> None:
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # root writes anywhere: nothing to show
        pytest.skip("running as root")
    with pytest.raises(secret_key.SecretKeyError, match="CARBONPEAK_SECRET_KEY"):
        secret_key.load_or_create(locked)


def _settings_key(env: dict[str, str]) -> str:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run([CARBONPEAK, "manage", "shell", "-c", code], env=env, capture_output=True, text=True,
                            check=True)
    return result.stdout.strip().splitlines()[-1]


def test_installation_without_a_key_keeps_its_own_beside_the_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CARBONPEAK_SECRET_KEY", "CARBONPEAK_DATA_DIR")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    key = _settings_key(env)
    assert key == (tmp_path / secret_key.FILE_NAME).read_text().strip()
    assert "development" not in key
    assert _settings_key(env) == key  # the next start reads the same key
    env["CARBONPEAK_SECRET_KEY"] = "x" * 60
    assert _settings_key(env) == "x" * 60
