"""The roadmap room's database tests run with the bundled scenarios stored (as `carbonpeak setup`
leaves them); the pure tests (tests/roadmap/pure) need no database and get none."""

from __future__ import annotations

import pytest

from carbonpeak.roadmap.loading import load_defaults


@pytest.fixture(autouse=True)
def bundled_scenarios(request: pytest.FixtureRequest) -> None:
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        load_defaults(actor_label="tests")
