"""The scenario editor: the office creates a child of a scenario, overrides a lever, adds a custom
measure, and sees errors under the fields with what was typed kept."""

from __future__ import annotations

import re
from typing import Any

from carbonpeak.roadmap.models import Scenario
from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import stored_child

NEW = {"id": "plan-wind", "name_zh": "风电加倍", "name_en": "Twice the wind", "parent": "plan", "description": "",
       "measure_count": "0", "action": "save"}


def _post(client_as: ClientFactory, url: str, data: dict[str, Any]) -> Any:
    return client_as("office", "en").post(url, data)


def test_the_new_form_starts_from_the_parent(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/roadmap/new/?parent=plan")
    assert response.status_code == 200
    values = response.context["values"]
    assert values["parent"] == "plan" and values["id"] == "plan-3"  # plan_slow and progress are its children
    inherited = {m.id: m for m in response.context["inherited_measures"]}
    (wind,) = [p for p in inherited["offshore_wind"].params if p.path == "measure.offshore_wind.capacity_mw"]
    assert (wind.input, wind.placeholder) == ("", "500")  # empty: inherit the plan's 500 MW
    assert 'name="o:measure.offshore_wind.capacity_mw"' in response.content.decode()


def test_create_a_child_overriding_one_lever(client_as: ClientFactory) -> None:
    response = _post(client_as, "/roadmap/new/", {**NEW, "o:measure.offshore_wind.capacity_mw": "1000",
                                                  "comment": "more wind"})
    assert response.status_code == 302 and response["Location"] == "/roadmap/s/plan-wind/"
    s = Scenario.objects.get(slug="plan-wind")
    assert s.overrides == {"measure.offshore_wind.capacity_mw": 1000.0} and s.parent.slug == "plan"  # type: ignore[union-attr]
    assert s.versions.get().comment == "more wind" and s.updated_by_label == "office"


def test_errors_sit_under_their_fields_and_keep_the_input(client_as: ClientFactory) -> None:
    response = _post(client_as, "/roadmap/new/", {**NEW, "o:measure.offshore_wind.capacity_mw": "99999",
                                                  "o:growth.decay": "abc", "name_zh": "", "name_en": ""})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert set(errors) == {"o:measure.offshore_wind.capacity_mw", "o:growth.decay", "name_zh"}
    html = response.content.decode()
    assert 'value="99999"' in html and 'value="abc"' in html
    assert "out of range" in html and "must be a number" in html
    assert not Scenario.objects.filter(slug="plan-wind").exists()


def test_switch_off_an_inherited_measure(client_as: ClientFactory) -> None:
    _post(client_as, "/roadmap/new/", {**NEW, "o:measure.wetland.enabled": "0"})
    assert Scenario.objects.get(slug="plan-wind").overrides == {"measure.wetland.enabled": 0.0}


def test_add_a_custom_measure_then_save_it(client_as: ClientFactory) -> None:
    added = _post(client_as, "/roadmap/new/", {**NEW, "action": "add_measure", "add_kind": "fuel_shift",
                                               "o:growth.decay": "0.03"})
    assert added.status_code == 200 and not Scenario.objects.filter(slug="plan-wind").exists()
    values = added.context["values"]
    assert values["measure_count"] == "1" and values["m0:kind"] == "fuel_shift" and values["m0:id"] == "fuel_shift"
    assert values["o:growth.decay"] == "0.03"  # kept while adding
    form = {k: v for k, v in values.items()}
    form |= {"action": "save", "m0:p:fraction": "0.3", "m0:p:from_fuel": "coal", "m0:p:to_fuel": "natural_gas"}
    saved = _post(client_as, "/roadmap/new/", form)
    assert saved.status_code == 302
    (measure,) = Scenario.objects.get(slug="plan-wind").measures
    assert measure["kind"] == "fuel_shift" and measure["params"]["fraction"] == 0.3
    assert measure["params"]["to_fuel"] == "natural_gas" and measure["enabled"] is True


def test_a_bad_custom_measure_parameter_is_marked(client_as: ClientFactory) -> None:
    form = {**NEW, "measure_count": "1", "m0:kind": "generation", "m0:id": "more-solar", "m0:enabled": "1",
            "m0:p:source": "solar", "m0:p:capacity_mw": "-5"}
    response = _post(client_as, "/roadmap/new/", form)
    assert response.status_code == 422
    assert "m0:p:capacity_mw" in response.context["errors"]
    (own,) = response.context["own_measures"]
    (cap,) = [p for p in own.params if p["name"] == "capacity_mw"]
    assert cap["value"] == "-5" and cap["errors"]


def test_edit_makes_a_new_version(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    page = client_as("office", "en").get("/roadmap/s/plan-more-pv/edit/")
    assert page.context["values"]["o:measure.pv_new.capacity_mw_2025"] == "600"
    form = {k: v for k, v in page.context["values"].items()} | {"o:measure.pv_new.capacity_mw_2025": "750",
                                                                 "action": "save",
                                                                 "measure_count": str(page.context["measure_count"])}
    response = _post(client_as, "/roadmap/s/plan-more-pv/edit/", form)
    assert response.status_code == 302
    s = Scenario.objects.get(slug="plan-more-pv")
    assert s.version == 2 and s.overrides == {"measure.pv_new.capacity_mw_2025": 750.0}


def test_a_bundled_scenario_has_no_editor(client_as: ClientFactory) -> None:
    assert client_as("office").get("/roadmap/s/plan/edit/").status_code == 404


def test_delete_from_the_page(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    stored_child(user, id="kid", parent="plan-more-pv")
    client = client_as("office", "en")
    refused = client.post("/roadmap/s/plan-more-pv/delete")
    assert refused.status_code == 302 and Scenario.objects.filter(slug="plan-more-pv").exists()
    assert client.post("/roadmap/s/kid/delete")["Location"] == "/roadmap/"
    assert not Scenario.objects.filter(slug="kid").exists()


def test_in_chinese_the_editor_names_parameters_and_choices(client_as: ClientFactory) -> None:
    """Paths and codes stay in tooltips and values; what a reader sees is named in Chinese."""
    page = client_as("office").get("/roadmap/new/?parent=plan").content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert "growth.gdp.petrochem" not in text and "measure.pv_new" not in text and "plan_slow" not in text
    assert "石化增加值年增速" in text and 'title="growth.gdp.petrochem"' in page
    added = client_as("office").post("/roadmap/new/", {**NEW, "action": "add_measure", "add_kind": "fuel_shift"})
    html = added.content.decode()
    assert '<option value="coal">煤炭</option>' in html and ">coal<" not in html
    assert "<legend>能源品种替代</legend>" in html
