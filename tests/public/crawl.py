"""Visit every public page and every public API answer; say what should not be there.

A problem is either a key outside the allowlist (in an API answer or in a record handed to a public
template), an object that is not plain data (a model instance reaching a template), or a seeded private
string anywhere in the response.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.test import Client

from carbonpeak.public import fields

PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime)
# What the public views hand their templates; each is a record (or list of them) from `queries`.
PAGE_RECORDS = ("plan", "actions", "indicators", "task", "indicator", "roadmap", "inventory")


def _walk(value: Any, where: str, allowed: frozenset[str], out: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in allowed:
                out.append(f"{where}: field {key!r} is not in the allowlist")
            _walk(inner, f"{where}.{key}", allowed, out)
    elif isinstance(value, list | tuple):
        for n, inner in enumerate(value):
            _walk(inner, f"{where}[{n}]", allowed, out)
    elif not isinstance(value, PLAIN):
        out.append(f"{where}: {type(value).__name__} is not plain data")


def _strings(body: str, url: str, private: dict[str, str], out: list[str]) -> None:
    for what, text in private.items():
        if text in body:
            out.append(f"{url}: shows the {what} ({text!r})")


def crawl(client: Client, private: dict[str, str], allowed: frozenset[str] | None = None) -> tuple[list[str], int]:
    """(problems, number of responses read) over the public site and API, in the client's language."""
    allowed = allowed if allowed is not None else fields.all_public_keys()
    problems: list[str] = []
    seen = 0

    def page(url: str) -> Any:
        nonlocal seen
        response = client.get(url)
        seen += 1
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        _strings(response.content.decode(), url, private, problems)
        for name in PAGE_RECORDS:
            if response.context is not None and name in response.context:
                _walk(response.context[name], f"{url} {name}", allowed, problems)
        return response

    def answer(url: str) -> Any:
        nonlocal seen
        response = client.get(url)
        seen += 1
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            return {}
        data = json.loads(response.content)
        # Chinese is escaped in JSON (\uXXXX): look for the private strings in the decoded answer.
        _strings(json.dumps(data, ensure_ascii=False), url, private, problems)
        if response.status_code == 200:
            _walk(data, url, allowed, problems)
        return data

    page("/public/")
    plan = answer("/api/v1/public/plan")
    numbers: Iterable[int] = [t["number"] for a in plan.get("actions", []) for t in a["tasks"]]
    for number in numbers:
        page(f"/public/tasks/{number}/")
        answer(f"/api/v1/public/tasks/{number}")
    for indicator in answer("/api/v1/public/indicators") or []:
        page(f"/public/indicators/{indicator['code']}/")
        answer(f"/api/v1/public/indicators/{indicator['code']}")
    answer("/api/v1/public/roadmap")
    return problems, seen
