"""schemathesis over the whole API, in-process (Django's WSGI app), as the office and as a department.

Every operation of /api/v1/openapi.json gets a bounded number of generated requests, valid ones
(positive) and invalid ones (negative), sent with an office token and with a department's token.
Each answer must not be a 5xx, must have a documented status, content type and body (errors in the
one contract, `{"errors": [{field, reason, row?}]}`), and a request the schema forbids must be refused.
The run is deterministic (derandomized) and bounded: at most EXAMPLES requests per operation, mode and
token, and a time budget after which the remaining operations are tried with one example each (never
silently skipped). It prints how many operations and requests it made, and lists every finding before
failing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from carbonpeak.people.models import ApiToken
from carbonpeak.wsgi import application
from tests.conftest import UserGetter

EXAMPLES = 12  # per operation, generation mode and token
BUDGET_S = 150.0  # after this, one example per remaining operation, mode and token
# Not positive_data_acceptance: a request the schema allows may still be refused by a rule (a round due in the
# past, an unknown job), which is right. negative_data_rejection: a request the schema forbids is refused (an
# integer query parameter written "+0.0", a single value sent twice: http/query.py).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
# Operations whose work is heavy by design (Monte Carlo runs of the roadmap): fewer examples.
HEAVY = ("/roadmap/run", "/roadmap/progress", "/roadmap/export")


@dataclass
class Tally:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    findings: dict[tuple[str, str], str] = field(default_factory=dict)  # (operation, first line) → request

    def record(self, label: str, error: BaseException, case: Any) -> None:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        self.findings.setdefault((label, first[:300]), case.as_curl_command())


def _exercise(operation: Any, mode: GenerationMode, headers: dict[str, str], examples: int, tally: Tally) -> None:
    label = operation.label

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        tally.requests += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as error:  # every finding is listed, then the test fails
            for one in getattr(error, "exceptions", [error]):
                tally.record(label, one, case)

    try:
        run()
    except Unsatisfiable:  # nothing to vary: no parameters to make invalid (negative mode)
        return
    except (Exception, BaseExceptionGroup) as error:  # a case that could not even be generated or sent
        tally.findings.setdefault((label, f"{type(error).__name__}: {str(error)[:300]}"), "")


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """Requests go to the WSGI app, not through Django's test client, so do what the client does: a request's end
    must not close the test's database connection in the middle of its transaction (PostgreSQL would lose it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept")
def test_no_request_makes_a_5xx_or_breaks_the_schema(user: UserGetter, capsys: pytest.CaptureFixture[str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    tokens = {who: ApiToken.issue(user(who), "schemathesis")[1] for who in ("office", "eco")}
    tally = Tally()
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        tally.operations.add(operation.label)
        heavy = any(part in operation.path for part in HEAVY)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for token in tokens.values():
                over = time.monotonic() - started > BUDGET_S
                examples = 1 if over else (2 if heavy else EXAMPLES)
                _exercise(operation, mode, {"Authorization": f"Bearer {token}"}, examples, tally)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nschemathesis: {len(tally.operations)} operations, {tally.requests} requests, "
              f"{elapsed:.0f} s, {len(tally.findings)} findings")
        for (label, message), curl in sorted(tally.findings.items()):
            print(f"  {label}: {message}\n    {curl}")
    assert len(operations) >= 40  # the whole API, not a part of it
    assert not tally.findings

