"""The REST API root (/api/v1/): mounts each room's router; OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from carbonpeak.accounting.api import router as accounting_router
from carbonpeak.indicators.api import router as indicators_router
from carbonpeak.jobs.api import router as jobs_router
from carbonpeak.monitoring.api import router as monitoring_router
from carbonpeak.people.models import ApiToken
from carbonpeak.plan.api import router as plan_router
from carbonpeak.review.api import router as review_router
from carbonpeak.roadmap.api import router as roadmap_router
from carbonpeak.supervision.api import router as supervision_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cp_…` for machines; the token acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


def _auth() -> list[Any]:
    return [TokenAuth(), django_auth]


api = NinjaAPI(
    title="CarbonPeak API",
    version="1",
    description="碳达峰实施管理平台 / CarbonPeak: plan, tasks, departments, indicators, energy and carbon accounting.",
    urls_namespace="api",
    auth=_auth(),
)
api.add_router("/", plan_router)
api.add_router("/", indicators_router)
api.add_router("/", accounting_router)
api.add_router("/", supervision_router)
api.add_router("/", review_router)
api.add_router("/", monitoring_router)
api.add_router("/", roadmap_router)
api.add_router("/", jobs_router)
