"""The public JSON (/api/v1/public/…): no token, the same records as the public pages.

Every answer is built by `queries` from the allowlist in `fields.py`; a missing or unpublished item is a
404 in the API's one error shape.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from carbonpeak.public import queries

# auth=None: these answers need no token (the root API's auth does not apply).
router = Router(tags=["public"], auth=None)

Answer = dict[str, Any]
NOT_FOUND = {404: dict[str, list[dict[str, str]]]}


def _not_found(field: str) -> Status[Any]:
    return Status(404, {"errors": [{"field": field, "reason": _("Not found on the public site.")}]})


@router.get("/public/plan", response=Answer, auth=None, summary="The plan and its ten actions with their public tasks")
def public_plan(request: HttpRequest) -> Answer:
    return queries.plan_overview()


@router.get("/public/tasks/{number}", response={200: Answer, **NOT_FOUND}, auth=None,
            summary="A public task: departments and latest published progress")
def public_task(request: HttpRequest, number: int) -> Any:
    page = queries.task_page(number)
    return page if page is not None else _not_found("number")


@router.get("/public/indicators", response=list[Answer], auth=None, summary="The public indicators")
def public_indicators(request: HttpRequest) -> list[Answer]:
    return queries.indicator_list()


@router.get("/public/indicators/{code}", response={200: Answer, **NOT_FOUND}, auth=None,
            summary="A public indicator: targets; values, status and 晴雨表 level when published")
def public_indicator(request: HttpRequest, code: str) -> Any:
    page = queries.indicator_page(code)
    return page if page is not None else _not_found("code")


@router.get("/public/roadmap", response={200: Answer, **NOT_FOUND}, auth=None,
            summary="The roadmap headline (peak year, level, probability) when published")
def public_roadmap(request: HttpRequest) -> Any:
    headline = queries.roadmap_headline()
    return headline if headline is not None else _not_found("roadmap")
