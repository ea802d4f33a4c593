"""POST /accounting/inventory/<year>/compile: the office compiles a year's inventory again."""

from __future__ import annotations

import pytest

from carbonpeak.accounting.models import Inventory
from carbonpeak.audit.models import ChangeRecord
from tests.conftest import ClientFactory, UserGetter

URL = "/accounting/inventory/2023/compile"


def test_office_compiles_and_is_sent_to_the_year(client_as: ClientFactory, user: UserGetter) -> None:
    count = Inventory.objects.filter(year=2023).count()
    records = ChangeRecord.objects.filter(entity="inventory", entity_key="2023").count()
    client = client_as("office", "en")
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounting/inventory/2023/"
    assert Inventory.objects.filter(year=2023).count() == count + 1
    new = Inventory.objects.filter(year=2023).order_by("-compiled_at", "-id").first()
    assert new is not None
    assert new.compiled_by == user("office") and new.compiled_by_label == "office"
    assert new.factor_set.startswith("shanghai@")
    change = ChangeRecord.objects.filter(entity="inventory", entity_key="2023").order_by("-id").first()
    assert ChangeRecord.objects.filter(entity="inventory", entity_key="2023").count() == records + 1
    assert change is not None and change.actor == user("office") and change.action == "created"
    assert change.after["total_co2e_t"] == pytest.approx(new.total_co2e_t)
    # Same data, same factors: the same total as the demo compilation; the page shows the new one.
    older = Inventory.objects.filter(year=2023).exclude(pk=new.pk).first()
    assert older is not None and new.total_co2e_t == pytest.approx(older.total_co2e_t)
    html = client.get(response["Location"]).content.decode()
    # The set by its name, not the label it is cited by (id@version#digest).
    assert "Inventory 2023 compiled with Shanghai current factors (" in html and f"with {new.factor_set}" not in html
    assert "by office" in html


def test_office_may_compile_a_year_not_yet_compiled(client_as: ClientFactory) -> None:
    response = client_as("office").post("/accounting/inventory/2019/compile")
    assert response.status_code == 302
    assert Inventory.objects.filter(year=2019).count() == 1
    assert client_as("office").get("/accounting/inventory/2019/").status_code == 200


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_others_may_not_compile(client_as: ClientFactory, username: str) -> None:
    count, records = Inventory.objects.count(), ChangeRecord.objects.count()
    assert client_as(username).post(URL).status_code == 403
    assert (Inventory.objects.count(), ChangeRecord.objects.count()) == (count, records)


def test_anonymous_may_not_compile(client_as: ClientFactory) -> None:
    count = Inventory.objects.count()
    response = client_as(None).post(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Inventory.objects.count() == count


def test_get_is_not_allowed(client_as: ClientFactory) -> None:
    count = Inventory.objects.count()
    assert client_as("office").get(URL).status_code == 405
    assert Inventory.objects.count() == count
