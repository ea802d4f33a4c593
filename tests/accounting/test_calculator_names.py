"""The calculator takes 电力, 原煤, 天然气 and Chinese units and columns, and shows what it accepts."""

from __future__ import annotations

import pytest

from tests.conftest import ClientFactory

URL = "/accounting/calculate/"


def test_the_page_lists_the_accepted_names_in_the_reader_language(client_as: ClientFactory) -> None:
    zh = client_as("enterprise").get(URL).content.decode()
    assert "电力、热力、蒸汽、原煤" in zh and "千瓦时、兆瓦时" in zh and "燃料、原料" in zh
    assert "主体、期间、能源品种、数量、计量单位" in zh
    assert "energy_type" not in zh  # the example and the lists are in Chinese too
    en = client_as("enterprise", "en").get(URL).content.decode()
    assert "Electricity、Heat" in en and "entity、period、energy type" in en


def test_chinese_records_are_calculated(client_as: ClientFactory) -> None:
    text = "主体,期间,能源品种,数量,计量单位\n甲,2023,电力,1,万千瓦时\n甲,2023,原煤,2,吨\n甲,2023,天然气,3,万立方米\n"
    html = client_as("eco").post(URL, {"csv": text}).content.decode()
    assert 'id="result"' in html
    assert "3 条记录" in html or "3 records" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_unknown_name_is_refused_with_the_list(client_as: ClientFactory, language: str) -> None:
    text = "entity,period,energy_type,quantity,unit\nA,2023,煤气,1,t\n"
    html = client_as("enterprise", language).post(URL, {"csv": text}).content.decode()
    assert 'id="result"' not in html
    # In the reader's language only: the column by its name, the accepted energy types by theirs.
    if language == "en":
        assert "energy type: unknown energy type" in html and "煤气" in html and "Electricity, Heat" in html
        assert "可填" not in html
    else:
        assert "能源品种：未知能源品种「煤气」，可填：电力、热力" in html and "accepted:" not in html
    errors = html[html.index('class="card errors"'):]
    assert "energy_type" not in errors[:errors.index("</section>")]
