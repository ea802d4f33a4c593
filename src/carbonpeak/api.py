"""The REST API root (/api/v1/): mounts each room's router; OpenAPI at /api/v1/openapi.json.

Every refusal is answered in one shape, `{"errors": [{"field", "reason", "row"?}]}` (`http.problems`,
docs/api-errors.md).
"""

from __future__ import annotations

from typing import Any

from ninja.security import django_auth

from carbonpeak.accounting.api import router as accounting_router
from carbonpeak.enterprise.api import router as enterprise_router
from carbonpeak.http.auth import BearerAuth
from carbonpeak.http.problems import ContractAPI
from carbonpeak.indicators.api import router as indicators_router
from carbonpeak.jobs.api import router as jobs_router
from carbonpeak.monitoring.api import router as monitoring_router
from carbonpeak.plan.api import router as plan_router
from carbonpeak.public.api import router as public_router
from carbonpeak.review.api import router as review_router
from carbonpeak.roadmap.api import router as roadmap_router
from carbonpeak.supervision.api import router as supervision_router


def _auth() -> list[Any]:
    return [BearerAuth(), django_auth]


api = ContractAPI(
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
api.add_router("/", enterprise_router)
api.add_router("/", roadmap_router)
api.add_router("/", jobs_router)
api.add_router("/", public_router)
