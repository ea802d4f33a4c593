"""The API's one error contract: every 4xx is `{"errors": [{"field", "reason", "row"?}]}`.

One exception handler, registered on the NinjaAPI by `ContractAPI`, answers whatever a request can be
refused with — a room's refusal (`common.problems.Refused` and the rooms' errors built on it), ninja's
own validation errors and HTTP errors, authentication, Http404 and `NoPlanLoaded`, a body over the
upload limit — in that shape. `reason` is in the caller's language: Chinese unless the request asks for
English (`Accept-Language: en`, the language cookie; Django's LocaleMiddleware sets `get_language()`).
The OpenAPI schema documents these answers on every operation, and answers never carry Infinity or
NaN (which are not JSON): a non-finite number is answered as null.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from carbonpeak.common.problems import Problem, Refused
from carbonpeak.http.query import strict_query
from carbonpeak.plan.queries import NoPlanLoaded


class ProblemOut(Schema):
    field: str
    reason: str
    row: int | None = None


class ErrorsOut(Schema):
    """Every refusal of the API: one entry per problem, each naming the field."""

    errors: list[ProblemOut]


# Statuses every operation may answer with the contract's body; 413 only where a body is sent.
DOCUMENTED = {
    400: "请求无法读取 / the request cannot be read",
    401: "未登录或令牌无效 / not signed in, or the token is not valid",
    403: "无权访问 / not allowed",
    404: "未找到 / not found",
    409: "当前状态不允许 / not allowed in the current state",
    422: "输入有误 / the input is refused",
}
TOO_LARGE = (413, "请求体过大 / the request body is too large")


def answer(api: NinjaAPI, request: HttpRequest, status: int, problems: Iterable[Problem]) -> HttpResponse:
    """The contract's response: every problem with its reason in the request's language."""
    language = get_language()
    body = {"errors": [p.as_dict(language) for p in problems]}
    return api.create_response(request, body, status=status)


# --- ninja's validation errors ------------------------------------------------------------------------

# pydantic's error type → (zh, en); `{…}` are filled from the error's context.
_PYDANTIC: dict[str, tuple[str, str]] = {
    "missing": ("必填", "required"),
    "int_parsing": ("应为整数", "must be an integer"),
    "int_type": ("应为整数", "must be an integer"),
    "int_from_float": ("应为整数", "must be an integer"),
    "float_parsing": ("应为数值", "must be a number"),
    "float_type": ("应为数值", "must be a number"),
    "finite_number": ("应为有限数值", "must be a finite number"),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "string_type": ("应为文本", "must be text"),
    "string_too_long": ("不能超过 {max_length} 个字符", "at most {max_length} characters"),
    "string_too_short": ("至少 {min_length} 个字符", "at least {min_length} characters"),
    "string_pattern_mismatch": ("格式不符", "does not match the expected format"),
    "date_parsing": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "date_from_datetime_parsing": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "date_from_datetime_inexact": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "date_type": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "datetime_parsing": ("应为时间 (ISO 8601)", "must be a date and time (ISO 8601)"),
    "datetime_from_date_parsing": ("应为时间 (ISO 8601)", "must be a date and time (ISO 8601)"),
    "datetime_type": ("应为时间 (ISO 8601)", "must be a date and time (ISO 8601)"),
    "list_type": ("应为列表", "must be a list"),
    "dict_type": ("应为对象", "must be an object"),
    "model_type": ("应为对象", "must be an object"),
    "model_attributes_type": ("应为对象", "must be an object"),
    "too_long": ("最多 {max_length} 项", "at most {max_length} items"),
    "too_short": ("至少 {min_length} 项", "at least {min_length} items"),
    "greater_than": ("应大于 {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("应不小于 {ge}", "must be at least {ge}"),
    "less_than": ("应小于 {lt}", "must be less than {lt}"),
    "less_than_equal": ("应不大于 {le}", "must be at most {le}"),
    "extra_forbidden": ("不接受此字段", "unknown field"),
    "enum": ("应为 {expected} 之一", "must be one of {expected}"),
    "literal_error": ("应为 {expected} 之一", "must be one of {expected}"),
    "json_invalid": ("不是有效的 JSON", "not valid JSON"),
}
_OTHER = ("取值无效", "invalid value")


def _field_of(loc: Iterable[Any]) -> str:
    """`("body", "payload", "tasks", 0)` → `tasks[0]`; `("query", "year")` → `year`.

    The first element is where the value came from; a body's second element is the view's parameter
    name, which callers never see.
    """
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _validation_problem(error: dict[str, Any]) -> Problem:
    zh, en = _PYDANTIC.get(str(error.get("type", "")), _OTHER)
    context = {k: v for k, v in (error.get("ctx") or {}).items() if not isinstance(v, Exception)}
    with contextlib.suppress(KeyError, IndexError, ValueError):
        zh, en = zh.format(**context), en.format(**context)
    if (zh, en) == _OTHER and error.get("msg"):
        en = f"{en}: {error['msg']}"
    return Problem(_field_of(error.get("loc", ())), zh, reason_en=en)


# --- the handlers -------------------------------------------------------------------------------------


def _path_field(request: HttpRequest) -> str:
    """The path parameter a 404 is about (the last one in the path), or `path`."""
    match = getattr(request, "resolver_match", None)
    kwargs = list(match.kwargs) if match is not None and match.kwargs else []
    return kwargs[-1] if kwargs else "path"


def _http_error_problem(request: HttpRequest, exc: HttpError) -> Problem:
    status = exc.status_code
    message = str(exc)
    if status == 401:
        return Problem("authorization", DOCUMENTED[401])
    if status == 400 and isinstance(exc.__cause__, Exception):
        return Problem("body", "请求体无法读取：应为 JSON / the request body cannot be read: expected JSON")
    field, colon, rest = message.partition(": ")
    if colon and field.isidentifier():
        return Problem(field, rest)
    if status == 403:
        return Problem("permission", message if " / " in message else DOCUMENTED[403])
    if status == 404:
        return Problem(_path_field(request), message if " / " in message else DOCUMENTED[404])
    return Problem("request", message if " / " in message else DOCUMENTED.get(status, f"{message} / {message}"))


def _upload_limit_mb() -> str:
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"


REFUSALS: tuple[type[Exception], ...] = (
    Refused, ValidationError, HttpError, Http404, NoPlanLoaded, SuspiciousOperation)


def refusal(request: HttpRequest, exc: Exception) -> tuple[int, list[Problem]]:
    """The status and the problems of anything in `REFUSALS`."""
    if isinstance(exc, Refused):
        return exc.status, exc.problems() or [Problem("request", DOCUMENTED.get(exc.status, DOCUMENTED[422]))]
    if isinstance(exc, ValidationError):
        return 422, [_validation_problem(e) for e in exc.errors]
    if isinstance(exc, HttpError):  # ninja's own, authentication (401) among them
        return exc.status_code, [_http_error_problem(request, exc)]
    if isinstance(exc, NoPlanLoaded):
        return 404, [Problem("plan", "尚未载入实施方案，请运行 carbonpeak setup / no plan loaded: run setup")]
    if isinstance(exc, RequestDataTooBig):
        mb = _upload_limit_mb()
        return 413, [Problem("body", f"请求体超过 {mb} MB / the request body is larger than {mb} MB")]
    if isinstance(exc, SuspiciousOperation):  # too many fields, a malformed header: Django would answer HTML
        return 400, [Problem("request", DOCUMENTED[400])]
    return 404, [Problem(_path_field(request), DOCUMENTED[404])]  # Http404: get_object_or_404 and the like


def install(api: NinjaAPI) -> None:
    """Register the contract's one handler for every refusal a request can meet."""

    def on_refusal(request: HttpRequest, exc: Any) -> HttpResponse:
        status, problems = refusal(request, exc)
        return answer(api, request, status, problems)

    for kind in REFUSALS:
        api.add_exception_handler(kind, on_refusal)


# --- answers are JSON: no Infinity, no NaN ------------------------------------------------------------


def finite(data: Any) -> Any:
    """`data` with every non-finite float replaced by None (JSON has no Infinity or NaN)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


def all_finite(data: Any) -> bool:
    """Whether every float in `data` is finite (what a computation checks before answering with it)."""
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(all_finite(v) for v in data.values())
    if isinstance(data, list | tuple):
        return all(all_finite(v) for v in data)
    return True


class FiniteJSONRenderer(JSONRenderer):
    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        try:
            return json.dumps(data, cls=self.encoder_class, allow_nan=False)
        except ValueError:  # a non-finite float somewhere: answered as null rather than as invalid JSON
            return json.dumps(finite(data), cls=self.encoder_class, allow_nan=False)


# --- the OpenAPI schema -------------------------------------------------------------------------------


class ContractAPI(NinjaAPI):
    """A NinjaAPI whose refusals follow the contract and whose schema documents them on every operation."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("renderer", FiniteJSONRenderer())
        super().__init__(**kwargs)
        install(self)
        self.add_decorator(strict_query)  # integers written as integers, single values once (http/query.py)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None,
                           ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ProblemOut"] = ProblemOut.model_json_schema()
        components["ErrorsOut"] = {
            "title": "ErrorsOut",
            "description": ErrorsOut.__doc__,
            "type": "object",
            "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemOut"}}},
            "required": ["errors"],
        }
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorsOut"}}}
        for methods in schema.get("paths", {}).values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                statuses = dict(DOCUMENTED)
                if method in ("post", "put", "patch"):
                    statuses[TOO_LARGE[0]] = TOO_LARGE[1]
                for status, description in statuses.items():
                    responses[str(status)] = {"description": description, "content": content}
        return schema
