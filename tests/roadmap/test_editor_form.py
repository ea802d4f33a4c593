"""The editor's posted fields ↔ the scenario mapping, and issue fields ↔ the inputs they belong to."""

from __future__ import annotations

from carbonpeak.common.issues import InputIssue
from carbonpeak.roadmap import forms
from carbonpeak.roadmap.scenario import measure_kinds

KINDS = {k.kind: k for k in measure_kinds()}


def test_read_overrides_and_own_measures() -> None:
    post = {"id": "x", "name_zh": "甲", "name_en": "", "parent": "plan", "description": "", "measure_count": "2",
            "o:growth.decay": "0.03", "o:measure.pv_new.capacity_mw_2025": "1,000", "o:grid.factor_change": "",
            "m0:id": "gas", "m0:kind": "fuel_shift", "m0:enabled": "1", "m0:p:fraction": "0.4",
            "m0:p:to_fuel": "natural_gas", "m0:p:full_year": "",
            "m1:id": "gone", "m1:kind": "sink", "m1:remove": "1"}
    form = forms.read(post, KINDS)
    assert form.data["overrides"] == {"growth.decay": 0.03, "measure.pv_new.capacity_mw_2025": 1000.0}
    (measure,) = form.data["measures"]
    assert measure == {"id": "gas", "kind": "fuel_shift", "label_zh": "", "label_en": "",
                       "params": {"fraction": 0.4, "to_fuel": "natural_gas"}, "enabled": True}


def test_text_that_is_not_a_number_is_passed_on_as_typed() -> None:
    form = forms.read({"o:growth.decay": "fast", "measure_count": "0"}, KINDS)
    assert form.data["overrides"] == {"growth.decay": "fast"}


def test_initial_and_read_round_trip() -> None:
    scenario = {"id": "x", "name_zh": "甲", "name_en": "A", "parent": "plan", "description": "d",
                "overrides": {"growth.decay": 0.03},
                "measures": [{"id": "gas", "kind": "fuel_shift", "label_zh": "气", "label_en": "Gas",
                              "params": {"fraction": 0.4, "to_fuel": "natural_gas"}, "enabled": False}]}
    form = forms.initial(scenario)
    again = forms.read({**form.values, "measure_count": str(form.measure_count)}, KINDS).data
    assert again == scenario


def test_issue_fields_map_to_inputs() -> None:
    assert forms.input_name("overrides.growth.decay") == "o:growth.decay"
    assert forms.input_name("measures[2].params.fraction") == "m2:p:fraction"
    assert forms.input_name("measures[0].kind") == "m0:kind"
    assert forms.input_name("parent") == "parent"
    errors = forms.errors_by_input([InputIssue("情景 / scenario", "overrides.x", "bad / 坏")])
    assert errors == {"o:x": ["bad / 坏"]}
