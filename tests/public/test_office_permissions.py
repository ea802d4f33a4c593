"""Who may open the office's public-site pages and change what is published: the office only."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.public.models import Feedback, Publication, SubjectKind
from carbonpeak.public.services import submit_feedback

USERS = ["office", "leader", "eco", "fengjing", "enterprise", None]


def _expected(username: str | None, allowed: int) -> int:
    if username == "office":
        return allowed
    return 302 if username is None else 403  # anonymous: to the login page


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("url", ["/public/office/", "/public/office/feedback/"])
def test_only_the_office_opens_the_office_pages(client_as: Any, username: str | None, url: str) -> None:
    assert client_as(username).get(url).status_code == _expected(username, 200)


@pytest.mark.parametrize("username", USERS)
def test_only_the_office_publishes(client_as: Any, username: str | None) -> None:
    response = client_as(username).post("/public/office/publish/", {"kind": "task", "key": "3", "published": "0"})
    assert response.status_code == _expected(username, 302)
    assert Publication.objects.filter(kind="task", key="3").exists() is (username == "office")


@pytest.mark.parametrize("username", USERS)
def test_only_the_office_answers_feedback(client_as: Any, username: str | None) -> None:
    feedback = submit_feedback(SubjectKind.TASK, "1", {"text": "何时完成？"})
    response = client_as(username).post(f"/public/office/feedback/{feedback.pk}/",
                                        {"answer": "年底前完成", "publish": "1"})
    assert response.status_code == _expected(username, 302)
    feedback.refresh_from_db()
    assert feedback.answer_published is (username == "office")


def test_a_withdrawn_task_is_gone_from_the_public_site_and_the_change_is_recorded(client_as: Any) -> None:
    office = client_as("office")
    assert client_as(None).get("/public/tasks/3/").status_code == 200
    office.post("/public/office/publish/", {"kind": "task", "key": "3", "published": "0"})
    assert client_as(None).get("/public/tasks/3/").status_code == 404
    assert client_as(None).get("/api/v1/public/tasks/3").status_code == 404
    record = ChangeRecord.objects.filter(entity="public.Publication", entity_key="task:3").first()
    assert record is not None and record.actor_label == "office" and record.after == {"published": False}


def test_the_kind_default_applies_to_every_item_without_its_own_decision(client_as: Any) -> None:
    office = client_as("office")
    office.post("/public/office/publish/", {"kind": "task", "key": "*", "published": "0"})
    office.post("/public/office/publish/", {"kind": "task", "key": "5", "published": "1"})
    anonymous = client_as(None)
    assert anonymous.get("/public/tasks/4/").status_code == 404
    assert anonymous.get("/public/tasks/5/").status_code == 200


@pytest.mark.parametrize(("form", "field"), [
    ({"kind": "secrets", "key": "1", "published": "1"}, "kind"),
    ({"kind": "task", "key": "9999", "published": "1"}, "key"),
    ({"kind": "indicator", "key": "no_such_code", "published": "1"}, "key"),
    ({"kind": "report", "key": "abc", "published": "1"}, "key"),
    ({"kind": "inventory", "key": "1900", "published": "1"}, "key"),
    ({"kind": "task", "key": "9" * 30, "published": "1"}, "key"),
    ({"kind": "report", "key": "9" * 30, "published": "1"}, "key"),
    ({"kind": "task", "key": "x" * 300, "published": "1"}, "key"),
])
def test_a_bad_publication_is_refused_naming_the_field(client_as: Any, form: dict[str, str], field: str) -> None:
    response = client_as("office").post("/public/office/publish/", form, follow=True)
    assert response.status_code == 200
    assert f"{field}:" in response.content.decode()
    assert not Publication.objects.filter(kind=form["kind"], key=form["key"]).exists()


def test_an_answer_cannot_be_published_empty(client_as: Any) -> None:
    feedback = submit_feedback(SubjectKind.TASK, "1", {"text": "问题"})
    response = client_as("office").post(f"/public/office/feedback/{feedback.pk}/", {"answer": " ", "publish": "1"},
                                        follow=True)
    assert "公开前请先填写答复" in response.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).answer_published is False


def test_answering_a_message_that_does_not_exist_is_a_404(client_as: Any) -> None:
    office = client_as("office")
    assert office.post("/public/office/feedback/999999/", {"answer": "x"}).status_code == 404
    assert office.post(f"/public/office/feedback/{'9' * 30}/", {"answer": "x"}).status_code == 404
