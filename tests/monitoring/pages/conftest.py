"""Fixtures of the monitoring page tests: the small district of `support`."""

from __future__ import annotations

import pytest

from tests.monitoring.pages.support import District, build


@pytest.fixture
def district(db: None) -> District:
    return build()
