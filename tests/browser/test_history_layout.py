"""In Chromium: a history entry with a long field label (the decision's 证据（案卷中的现场检查笔录…）)
keeps its values readable. The label column took the label's full width and squeezed each value
to one character per line (决定日期 read 2 / 0 / 2 / 6 / 年 … down the page)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from ..enforcement_factories import bureau
from ..factories import CITY
from ..publication_factories import decided_case
from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_history_values_keep_their_width_beside_a_long_label(open_page, viewport):
    city = bureau(CITY)
    decided = decided_case(city, evidence="当事人询问笔录\n销售记录")
    page = open_page(viewport)
    page.goto("/login/")
    page.fill("#id_username", city.head.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(decided.case.get_absolute_url())

    entry = page.locator("li.timeline-item", has_text="作出决定").filter(has_text="证据").first
    expect(entry).to_be_visible()
    details = entry.locator("dl.timeline-details")
    list_width = details.bounding_box()["width"]
    widths = details.locator("dd").evaluate_all("dds => dds.map(dd => dd.getBoundingClientRect().width)")
    assert widths and min(widths) >= list_width * 0.4, (list_width, widths)
