"""The allowlist crawl (issue 20, Rules): every public page and API answer shows only listed fields and
none of the seeded private strings; injecting a private field makes the crawl fail."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.plan.models import Task
from carbonpeak.public import fields, queries
from tests.public.conftest import PRIVATE, PUBLIC_SUMMARY, PUBLISHED_ANSWER, PUBLISHED_VALUES, Seeded
from tests.public.crawl import crawl


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_public_page_or_answer_shows_a_private_field(seeded: Seeded, client_as: Any, language: str) -> None:
    client = client_as(None, language)
    problems, seen = crawl(client, PRIVATE)
    assert problems == []
    assert seen > 100  # the plan, its tasks and indicators, each as a page and an answer


def test_what_is_published_does_show(seeded: Seeded, client_as: Any) -> None:
    """The crawl would pass on an empty site: the published items must be there."""
    client = client_as(None)
    task = client.get(f"/public/tasks/{seeded.task_number}/").content.decode()
    assert PUBLIC_SUMMARY in task
    indicator = client.get(f"/public/indicators/{PUBLISHED_VALUES}/").content.decode()
    assert PUBLISHED_ANSWER in indicator and "12.5" in indicator
    assert "***" in indicator  # the e-mail address in the citizen's message is masked


def test_a_private_field_added_to_the_allowlist_fails_the_crawl(seeded: Seeded, client_as: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fields.PUBLIC_FIELDS, Task, (*fields.PUBLIC_FIELDS[Task], "notes"))
    problems, _ = crawl(client_as(None), PRIVATE)
    assert any("task note" in p for p in problems)


def test_a_field_a_view_adds_past_the_allowlist_fails_the_crawl(seeded: Seeded, client_as: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    original = queries._task_summary

    def leaky(task: Task) -> dict[str, Any]:
        return {**original(task), "responsible_raw": task.responsible_raw}

    monkeypatch.setattr(queries, "_task_summary", leaky)
    problems, _ = crawl(client_as(None), PRIVATE)
    assert any("'responsible_raw' is not in the allowlist" in p for p in problems)


def test_a_model_instance_handed_to_a_public_template_fails_the_crawl(seeded: Seeded, client_as: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    original = queries.task_page

    def leaky(number: int) -> dict[str, Any] | None:
        page = original(number)
        return None if page is None else {**page, "lead": list(Task.objects.filter(number=number))}

    monkeypatch.setattr(queries, "task_page", leaky)
    client = client_as(None)
    client.raise_request_exception = False  # the API cannot serialise a model: a 500, also a problem
    problems, _ = crawl(client, PRIVATE)
    assert any("Task is not plain data" in p for p in problems)


def test_a_signed_in_reader_sees_no_name_either(seeded: Seeded, client_as: Any) -> None:
    """The public layout has no user box: the office's own name does not appear when it reads the site."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(seeded.author)  # type: ignore[arg-type]
    problems, _ = crawl(client, PRIVATE)
    assert problems == []
