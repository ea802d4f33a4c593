"""Kept pages and read-models are never stale after a write: for each cached view, a write through the real
path (a service, a plan load, the readings ingest, the office's publishing), then the next read shows it.

These tests commit (transaction=True): the caches key on the data version, which moves when a transaction
commits, and inside a test's rolled-back transaction nothing is kept at all. Each also shows that the view
*is* kept, by a write the version does not see (the watch blinded): the page stays as it was until a counted
write, so a test here cannot pass with caching switched off by mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from carbonpeak.accounting.services import sync_bundled_factor_sets
from carbonpeak.caching import versions
from carbonpeak.cli import bundled_plan_path
from carbonpeak.indicators import evaluation
from carbonpeak.indicators.models import Indicator
from carbonpeak.indicators.services import enter_observation
from carbonpeak.plan.models import Plan, Task
from carbonpeak.plan.services import load_plan_from_path
from carbonpeak.public.services import set_publication
from tests.caching.support import client, load_district
from tests.monitoring.support import make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db(transaction=True)

INDICATOR = "new_pv_capacity"  # entered by hand, values not public by default
YEAR_2024 = re.compile(r"[（(]2024[）)]")  # the value's year, in the page language's brackets


@pytest.fixture
def plan() -> Plan:
    """The committed district every test starts from, with the bundled factor sets."""
    district = load_district()
    sync_bundled_factor_sets(actor_label="tests")
    return district


def page(c: Client, path: str) -> str:
    """The page's text, its CSRF tokens (masked afresh on every answer) left out."""
    response = c.get(path)
    assert response.status_code == 200, path
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@contextmanager
def unseen_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes the version does not count (as no real path writes): what is kept stays as it was."""
    with monkeypatch.context() as m:
        m.setattr(versions, "written", lambda *topics, using="default": None)
        yield


def light(html: str, code: str) -> str:
    found = re.search(rf'<a [^>]*data-indicator="{code}".*?</a>', html, re.S)
    assert found is not None, code
    return found.group(0)


def test_the_dashboard_and_the_indicator_status_follow_a_new_value(plan: Plan,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    leader, office = client("leader"), get_user_model().objects.get(username="office")
    indicator = Indicator.objects.get(plan=plan, code=INDICATOR)
    before = light(page(leader, "/dashboard/"), INDICATOR)
    assert not YEAR_2024.search(before)
    statuses = evaluation.evaluate_plan(plan)
    assert evaluation.evaluate_plan(plan) is statuses  # kept: the same answer, not computed again
    version = versions.current(versions.PAGES)
    page(client("office"), "/dashboard/")
    page(client("eco"), "/plan/tasks/")
    assert versions.current(versions.PAGES) == version  # reading moves no version

    with unseen_writes(monkeypatch):
        Indicator.objects.filter(pk=indicator.pk).update(name="未计数的名称")
    assert light(page(leader, "/dashboard/"), INDICATOR) == before  # kept until a counted write
    with unseen_writes(monkeypatch):
        Indicator.objects.filter(pk=indicator.pk).update(name=indicator.name)

    enter_observation(indicator, {"period": "2024", "value": "123.5", "unit": indicator.unit},
                      user=office, actor_label="tests")
    after = light(page(leader, "/dashboard/"), INDICATOR)
    assert YEAR_2024.search(after) and "123.5" in after
    fresh = evaluation.evaluate_plan(plan)
    assert fresh is not statuses
    status = next(s for s in fresh if s.indicator.code == INDICATOR)
    assert status.progress.latest is not None and status.progress.latest.label == "2024"


def test_the_task_list_follows_a_plan_load_and_is_kept_per_user(plan: Plan, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    eco, greening, office = client("eco"), client("greening"), client("office")
    mine, theirs = page(eco, "/plan/tasks/"), page(greening, "/plan/tasks/")
    assert mine != theirs  # each department its own tasks, its own name in the header
    assert "eco" in re.search(r'data-testid="who"[^>]*>([^<]*)<', mine).group(1)  # type: ignore[union-attr]
    assert "greening" in re.search(r'data-testid="who"[^>]*>([^<]*)<', theirs).group(1)  # type: ignore[union-attr]
    assert page(eco, "/plan/tasks/") == mine
    kept = page(office, "/plan/tasks/")

    task = Task.objects.filter(plan=plan, content__startswith="优化制造业结构").get()
    with unseen_writes(monkeypatch):
        Task.objects.filter(pk=task.pk).update(content="未计数的改动")
    assert page(office, "/plan/tasks/") == kept
    Task.objects.filter(pk=task.pk).update(content=task.content)

    changed = tmp_path / "plan.yaml"
    changed.write_text(bundled_plan_path().read_text(encoding="utf-8").replace(
        "优化制造业结构，推进低效土地资源转型升级", "优化制造业结构（修订）"), encoding="utf-8")
    assert load_plan_from_path(changed, actor_label="tests").changed
    assert "优化制造业结构（修订）" in page(office, "/plan/tasks/")


def test_the_task_list_follows_supervision_and_people_and_no_other_topic(plan: Plan,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The task list is kept per its own topics (plan.views.TASK_LIST_TOPICS): a change the version does not see
    stays hidden while other rooms write (an indicator value), and shows once a topic it reads moves on."""
    from carbonpeak.people.models import Profile
    from carbonpeak.supervision.models import Round

    office = client("office")
    task = Task.objects.filter(plan=plan, content__startswith="优化制造业结构").get()
    before = page(office, "/plan/tasks/")
    with unseen_writes(monkeypatch):
        Task.objects.filter(pk=task.pk).update(content="未计数的改动")
    indicator = Indicator.objects.get(plan=plan, code=INDICATOR)
    enter_observation(indicator, {"period": "2024", "value": "123.5", "unit": indicator.unit},
                      user=get_user_model().objects.get(username="office"), actor_label="tests")
    assert page(office, "/plan/tasks/") == before  # another room's write: still the kept page
    Round.objects.create(plan=plan, name="2026年第一季度", due_on="2026-04-15")  # supervision moves on
    assert "未计数的改动" in page(office, "/plan/tasks/")
    with unseen_writes(monkeypatch):
        Task.objects.filter(pk=task.pk).update(content="又一处未计数的改动")
    Profile.objects.filter(user__username="office").update(must_change_password=False)  # people moves on
    assert "又一处未计数的改动" in page(office, "/plan/tasks/")


def test_the_monitoring_overview_follows_an_ingest(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    make_meter(make_unit("U1"), "M1")
    send(records("M1", [10.0] * 8))
    office = client("office")

    def energy() -> str:
        html = page(office, "/monitoring/?year=2026")
        found = re.search(r'data-testid="energy-tce"><span>.*?</span><strong>(.*?)</strong>', html, re.S)
        assert found is not None
        return found.group(1)

    first = energy()
    assert energy() == first
    send(records("M1", [10.0] * 8, start=records_end(8)))  # the store path: raw SQL (COPY on PostgreSQL)
    second = energy()
    assert second != first
    with unseen_writes(monkeypatch):
        send(records("M1", [10.0] * 8, start=records_end(16)))
    assert energy() == second


def test_the_overview_completeness_follows_a_reading_and_a_new_unit(plan: Plan) -> None:
    """The overview's completeness is kept for all its viewers (monitoring/pages/overview.py) and is computed
    again after a reading (readings topic) and after a registry change (monitoring topic)."""
    from carbonpeak.monitoring.pages.overview import district_completeness

    make_meter(make_unit("U1"), "M1")
    send(records("M1", [10.0] * 8))
    first = district_completeness(2026, 3)
    assert district_completeness(2026, 3) is first  # kept: the same answer
    assert [(u.code, share is not None) for u, share in first] == [("U1", True)]
    send(records("M1", [10.0] * 8, start=records_end(8)))
    second = district_completeness(2026, 3)
    assert second is not first
    assert second[0][1] > first[0][1]  # type: ignore[operator]  # more readings received, same expectation
    make_meter(make_unit("U2"), "M2")
    assert sorted(u.code for u, _share in district_completeness(2026, 3)) == ["U1", "U2"]


def records_end(n: int) -> int:
    from tests.monitoring.support import STEP, T0

    return T0 + n * STEP


def test_public_pages_follow_publication_and_are_kept_per_language(plan: Plan,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    office = get_user_model().objects.get(username="office")
    indicator = Indicator.objects.get(plan=plan, code=INDICATOR)
    enter_observation(indicator, {"period": "2024", "value": "123.5", "unit": indicator.unit},
                      user=office, actor_label="tests")
    path = f"/public/indicators/{INDICATOR}/"
    zh, en = client(), client(language="en")
    first = page(zh, path)
    assert 'id="status"' not in first and '<html lang="zh-hans">' in first
    english = page(en, path)
    assert '<html lang="en">' in english and english != first
    with unseen_writes(monkeypatch):
        Indicator.objects.filter(pk=indicator.pk).update(name="未计数的名称")
    assert page(zh, path) == first  # kept: one page for every visitor
    with unseen_writes(monkeypatch):
        Indicator.objects.filter(pk=indicator.pk).update(name=indicator.name)

    set_publication("indicator_values", INDICATOR, True, user=office, actor_label="tests")
    assert 'id="status"' in page(zh, path) and 'id="status"' in page(en, path)
    assert INDICATOR in page(client(), "/public/")


def test_a_kept_public_page_carries_each_visitors_own_csrf_token(plan: Plan) -> None:
    cache.clear()  # the feedback rate limit's counts
    path = f"/public/indicators/{INDICATOR}/"
    page(client(), path)  # kept now
    for visitor in (client(csrf=True), client(csrf=True)):
        html = visitor.get(path).content.decode()
        token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]
        posted = visitor.post(path, {"csrfmiddlewaretoken": token, "text": "请公开更多数据"})
        assert posted.status_code == 302  # not 403: the token is this visitor's
        thanks = page(visitor, posted["Location"].split("#")[0])
        assert 'class="messages"' in thanks  # a page with a message to show is never served from the cache
        assert 'class="messages"' not in page(visitor, path)
