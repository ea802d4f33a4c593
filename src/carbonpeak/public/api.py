"""The public JSON (/api/v1/public/…): no token, the same records as the public pages.

Every answer is built by `queries` from the allowlist in `fields.py`; a missing or unpublished item is a
404 in the API's one error shape.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from carbonpeak.public import queries
from carbonpeak.public.problems import not_public

# auth=None: these answers need no token (the root API's auth does not apply).
router = Router(tags=["public"], auth=None)

Answer = dict[str, Any]


@router.get("/public/plan", response=Answer, auth=None, summary="The plan and its ten actions with their public tasks")
def public_plan(request: HttpRequest) -> Answer:
    return queries.plan_overview()


@router.get("/public/tasks/{number}", response=Answer, auth=None,
            summary="A public task: departments and latest published progress")
def public_task(request: HttpRequest, number: int) -> Answer:
    page = queries.task_page(number)
    if page is None:
        raise not_public("number")
    return page


@router.get("/public/indicators", response=list[Answer], auth=None, summary="The public indicators")
def public_indicators(request: HttpRequest) -> list[Answer]:
    return queries.indicator_list()


@router.get("/public/indicators/{code}", response=Answer, auth=None,
            summary="A public indicator: targets; values, status and 晴雨表 level when published")
def public_indicator(request: HttpRequest, code: str) -> Answer:
    page = queries.indicator_page(code)
    if page is None:
        raise not_public("code")
    return page


@router.get("/public/roadmap", response=Answer, auth=None,
            summary="The roadmap headline (peak year, level, probability) when published")
def public_roadmap(request: HttpRequest) -> Answer:
    headline = queries.roadmap_headline()
    if headline is None:
        raise not_public("roadmap")
    return headline
