"""The limit on citizens' messages is counted in the database, so it holds across server processes: a count
made by another process (another gunicorn worker) refuses the next message here, each address has its own
count, a new window starts afresh, and the table keeps no readable address."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from carbonpeak.public import ratelimit
from carbonpeak.public.models import Feedback, FeedbackCount

TASK_PAGE = "/public/tasks/1/"


def _request(address: str) -> Any:
    return RequestFactory().post(TASK_PAGE, REMOTE_ADDR=address)


def test_a_count_made_by_another_process_holds_here(client_as: Any) -> None:
    """Another worker took the address's whole quota: its row is all this process sees, and it refuses."""
    FeedbackCount.objects.create(address=ratelimit.address_key(_request("127.0.0.1")),
                                 window_start=ratelimit.window_start(), count=ratelimit.FEEDBACK_LIMIT)
    response = client_as(None).post(TASK_PAGE, {"text": "第一条"}, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert not Feedback.objects.exists()
    assert client_as(None).post(TASK_PAGE, {"text": "另一地址"}, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_counts_per_address_and_window(db: None) -> None:
    now = 1_800_000_000.0
    here, there = _request("192.0.2.1"), _request("192.0.2.2")
    assert [ratelimit.count(here, now) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count(there, now) == 1
    later = now + ratelimit.FEEDBACK_WINDOW_SECONDS
    assert ratelimit.count(here, later) == 1  # a new window starts afresh
    assert FeedbackCount.objects.filter(window_start__lt=ratelimit.window_start(later)).count() == 0  # ended ones go


def test_the_table_keeps_no_readable_address(db: None) -> None:
    ratelimit.count(_request("198.51.100.7"))
    stored = FeedbackCount.objects.get()
    assert "198.51.100.7" not in stored.address and len(stored.address) == 64


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite's in-memory test database shares one cache, where a "
                    "locked table fails at once instead of waiting; PostgreSQL, the server database, runs it")
def test_concurrent_counts_lose_nothing() -> None:
    """Counted by one atomic statement: threads with their own connections (as workers have) never read the
    same count twice."""
    seen: list[int] = []
    guard = threading.Lock()

    def send() -> None:
        try:
            for _ in range(5):
                n = ratelimit.count(_request("203.0.113.5"), 1_800_000_000.0)
                with guard:
                    seen.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == list(range(1, 21))
