"""A query string read as the OpenAPI schema declares it: integers written as integers, a single value once.

Two things pydantic and Django let through, refused here for every operation of the API at once
(`ContractAPI` adds `strict_query` to each): pydantic's lax parsing reads "+0.0", " 7" or "7.0" as an
integer, and Django's QueryDict hands over the last of a repeated parameter (`?year=2024&year=2025`)
where one value is declared. Either would answer a request the schema forbids as if it had been
well formed; each is now a 422 naming the parameter, in the one error contract.

The check runs after authentication and after pydantic has read the parameters, on the raw query
string: a parameter whose read value is an integer must have been written `-?[0-9]+`, and a parameter
read as one value must appear once (parameters declared as lists may repeat).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from pydantic import BaseModel

from carbonpeak.common.problems import InputRefused, Problem

_INTEGER = re.compile(r"-?[0-9]+")


def _read_value(values: dict[str, Any], name: str) -> tuple[bool, Any]:
    """(found, value) of query parameter `name` as the operation received it: a parameter of its own,
    or a field of a schema whose fields are read from the query (`Query[Filters]`)."""
    if name in values:
        return True, values[name]
    for value in values.values():
        if isinstance(value, BaseModel) and name in type(value).model_fields:
            return True, getattr(value, name)
    return False, None


def query_problems(request: HttpRequest, values: dict[str, Any]) -> list[Problem]:
    """What in the raw query string the declared parameters would not have allowed."""
    problems: list[Problem] = []
    for name in request.GET:
        found, value = _read_value(values, name)
        if not found:
            continue  # not a parameter of this operation: ignored, as ninja ignores it
        raw = request.GET.getlist(name)
        if len(raw) > 1 and not isinstance(value, list | tuple | set):
            problems.append(Problem(name, "只能出现一次 / must appear only once"))
        elif isinstance(value, int) and not isinstance(value, bool) and not _INTEGER.fullmatch(raw[-1]):
            problems.append(Problem(name, "应为整数 / must be an integer"))
    return problems


def strict_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """An operation decorator (ninja's "operation" mode: after validation, inside the error handling)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        problems = query_problems(request, values)
        if problems:
            raise InputRefused(problems)
        return view(request, *args, **values)

    return checked
