"""Real processes on temporary SQLite files: the environment and command line an operator would use."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def env(db: Path, media: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "CARBONPEAK_MEDIA_ROOT": str(media),
            "CARBONPEAK_DATA_DIR": str(db.parent), "DJANGO_SETTINGS_MODULE": "carbonpeak.settings",
            "PYTHONUNBUFFERED": "1"}


def carbonpeak(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from carbonpeak.cli import main; sys.exit(main())", *args]
