"""Dates in page text read 2026年12月7日 (issue 14 item 4): the raid record page said 检查时间
2026-12-07 03:53, 记录于 2026-12-07 03:53 and its crumbs 2026-12-07 03:53. ISO stays in inputs."""

import re

import pytest
from django.test import Client

from .enforcement_factories import bureau, penalty_case_until
from .factories import CITY
from .test_enforcement_inspections import log_raid

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)  # attributes (datetime=, value=) go with the tags


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_raid_pages_write_dates_in_chinese(api):
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    response = log_raid(api, city.officers[0], case, city.officers[0], city.officers[1])
    assert response.status_code == 201, response.content.decode()
    client = Client()
    client.force_login(city.officers[0])
    for url in (f"/enforcement/cases/{case.pk}/raid/", f"/enforcement/cases/{case.pk}/raid/{response.json()['id']}/"):
        text = visible_text(client.get(url).content.decode())
        assert "年" in text and not ISO.findall(text), (url, ISO.findall(text))


def test_the_seizure_confirmation_gives_its_limit_in_chinese():
    city = bureau(CITY)
    case = penalty_case_until("start_investigation", city)
    client = Client()
    client.force_login(city.officers[0])
    body = {
        "measure": "seizure",
        "items": "假冒“丹河”商标树脂镜片",
        "quantity": "1200副",
        "place_kept": "本局罚没物品库",
    }
    response = client.post(f"/enforcement/cases/{case.pk}/raid/seizures/", body, follow=True)
    told = [str(m) for m in response.context["messages"]]
    assert any(re.search(r"期限届满日 20\d\d年\d{1,2}月\d{1,2}日。", m) for m in told), told
