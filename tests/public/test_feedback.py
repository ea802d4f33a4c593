"""Citizens' feedback: taken when well formed, kept when not, limited per address, never shown unanswered."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.public import ratelimit
from carbonpeak.public.models import Feedback
from carbonpeak.public.services import answer_feedback

TASK_PAGE = "/public/tasks/1/"
INDICATOR_PAGE = "/public/indicators/new_pv_capacity/"


def test_a_message_waits_for_the_office_and_is_not_shown(client_as: Any) -> None:
    client = client_as(None)
    response = client.post(INDICATOR_PAGE, {"name": "李四", "contact": "13800001111", "text": "新增光伏装机何时公布？"},
                           follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "您的留言已提交" in body or "Your message waits" in body
    assert "新增光伏装机何时公布" not in body  # waits for the office
    stored = Feedback.objects.get()
    assert (stored.subject_kind, stored.subject_key, stored.name, stored.contact) == (
        "indicator", "new_pv_capacity", "李四", "13800001111")


def test_an_answer_shows_only_once_published_and_never_the_author(client_as: Any, user: Any) -> None:
    client = client_as(None)
    client.post(TASK_PAGE, {"name": "李四", "contact": "li@example.com", "text": "进展如何？"})
    feedback = Feedback.objects.get()
    answer_feedback(feedback, "正在推进", False, user=user("office"), actor_label="office")
    body = client.get(TASK_PAGE).content.decode()
    assert "正在推进" not in body and "进展如何" not in body
    answer_feedback(feedback, "正在推进", True, user=user("office"), actor_label="office")
    body = client.get(TASK_PAGE).content.decode()
    assert "正在推进" in body and "进展如何" in body
    assert "李四" not in body and "li@example.com" not in body
    api = client.get("/api/v1/public/tasks/1").json()
    assert [f["answer"] for f in api["feedback"]] == ["正在推进"]
    assert "name" not in api["feedback"][0] and "contact" not in api["feedback"][0]


def test_the_honeypot_takes_nothing(client_as: Any) -> None:
    response = client_as(None).post(TASK_PAGE, {"text": "买药", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(("text", "reason"), [("", "请填写留言内容"), ("字" * 1001, "留言最多 1000 字")])
def test_an_empty_or_long_message_is_refused_and_kept(client_as: Any, text: str, reason: str) -> None:
    response = client_as(None).post(TASK_PAGE, {"name": "李四", "contact": "13800001111", "text": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body and 'data-field="text"' in body
    assert 'value="李四"' in body and 'value="13800001111"' in body  # the form keeps what was typed
    if text:
        assert text in body
    assert not Feedback.objects.exists()


def test_a_message_of_exactly_1000_characters_is_taken(client_as: Any) -> None:
    assert client_as(None).post(TASK_PAGE, {"text": "字" * 1000}).status_code == 302
    assert Feedback.objects.count() == 1


def test_a_long_name_is_refused_naming_the_field(client_as: Any) -> None:
    response = client_as(None).post(TASK_PAGE, {"name": "名" * 101, "text": "好"})
    assert response.status_code == 400 and 'data-field="name"' in response.content.decode()


def test_messages_are_limited_per_address(client_as: Any) -> None:
    client = client_as(None)
    for n in range(ratelimit.FEEDBACK_LIMIT):
        assert client.post(TASK_PAGE, {"text": f"第{n}条"}).status_code == 302
    response = client.post(TASK_PAGE, {"text": "再来一条"}, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "再来一条" in response.content.decode()  # kept, to send later
    assert Feedback.objects.count() == ratelimit.FEEDBACK_LIMIT
    other = client_as(None).post(TASK_PAGE, {"text": "另一地址"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.parametrize("url", ["/public/tasks/9999/", "/public/indicators/no_such/", "/public/tasks/abc/",
                                 "/public/tasks/99999999999999999999999/", "/public/indicators/a%00b/",
                                 f"/public/indicators/{'x' * 500}/", "/api/v1/public/tasks/9999",
                                 "/api/v1/public/indicators/no_such", "/api/v1/public/tasks/abc",
                                 "/api/v1/public/tasks/99999999999999999999999", "/api/v1/public/indicators/a%00b"])
def test_no_such_item_is_a_client_error(client_as: Any, url: str) -> None:
    assert 400 <= client_as(None).get(url).status_code < 500


def test_a_post_to_an_unknown_task_is_a_404(client_as: Any) -> None:
    assert client_as(None).post("/public/tasks/9999/", {"text": "x"}).status_code == 404
    assert not Feedback.objects.exists()


def test_a_control_character_is_refused_naming_the_field(client_as: Any) -> None:
    response = client_as(None).post(TASK_PAGE, {"name": "a\x00b", "text": "好"})
    assert response.status_code == 400 and 'data-field="name"' in response.content.decode()
