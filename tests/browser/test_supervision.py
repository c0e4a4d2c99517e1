"""End to end in Chromium, 双随机、一公开 (issue 10): from the filed annual plan an officer registers a
task and starts the draw, whose progress the page shows while the worker runs it; the head
confirms the drawn teams; an inspector drawn for the target enters the result on a phone; the
legal reviewer publishes; the public results page shows the result and the draw's seed."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casemgmt.org.models import Role
from enforcement.supervision.models import SpotCheck, TargetResult
from enforcement.supervision.services import spot_checks as draw_services

from .. import supervision_factories as sf
from ..factories import CITY, GAOPING, ZEZHOU, UserFactory, jurisdiction
from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(open_page, user, viewport=None):
    page = open_page(viewport)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def fire(page, name: str, reason: str):
    """Open a transition from the task page, give the reason and confirm; back on the task page."""
    page.locator(f'a[data-transition="{name}"]').click()
    page.locator("#f-reason").fill(reason)
    page.locator(".form-card button[type=submit]").click()
    expect(page.locator("#draw-title")).to_be_visible()


def test_plan_draw_confirm_phone_result_publish_and_the_public_page(open_page, monkeypatch):
    city = jurisdiction(CITY)
    head = UserFactory(role=Role.AGENCY_HEAD, jurisdiction=city)
    officer = UserFactory(role=Role.OFFICER, jurisdiction=city)
    reviewer = UserFactory(role=Role.LEGAL_REVIEWER, jurisdiction=city)
    agency = sf.agency(ZEZHOU, name="泽州县浏览器测试商标代理有限公司", risk_class="C")
    sf.agency(GAOPING, risk_class="B")
    inspectors = [
        sf.inspector(UserFactory(role=Role.OFFICER, jurisdiction=city), jurisdiction_code=code)
        for code in (GAOPING, GAOPING, "140502")
    ]
    plan = sf.annual_plan(CITY, counts={"C": 1}, title="2026年度浏览器测试双随机抽查计划")

    # The draw runs as a Celery task after the start commits; here the test plays the worker, so
    # that the page is seen while the draw is still running: the task is sent nowhere.
    from casemgmt.celery import app
    from enforcement.supervision import tasks as draw_tasks

    queued = []
    draw_task = app.tasks[draw_tasks.run_spot_check_draw.name]
    monkeypatch.setattr(draw_task, "apply_async", lambda args, kwargs, **options: queued.append(args[0]))

    page = log_in(open_page, officer)
    page.goto(f"/supervision/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name=plan.title)).to_be_visible()
    page.locator("summary", has_text="登记抽查任务").click()
    page.locator("#id_title").fill("2026年浏览器测试抽查任务")
    page.locator("#tasks form button[type=submit]").click()
    expect(page.get_by_role("heading", name="2026年浏览器测试抽查任务")).to_be_visible()
    task = SpotCheck.objects.get(title="2026年浏览器测试抽查任务")

    page.locator("[data-start-draw]").click()
    progress = page.locator("[data-draw-status-url]")
    expect(progress).to_be_visible()
    expect(page.locator("[data-commitment]")).to_have_text(SpotCheck.objects.get(pk=task.pk).commitment)
    assert queued == [task.pk]
    draw_services._Progress(task.pk).set(40, force=True)  # what the worker writes as it goes
    expect(page.locator("[data-draw-percent]")).to_have_text("40%")
    draw_services.spot_check_draw_run(task.pk)
    # The page sees the draw end and shows it, explained, with the seed now revealed.
    expect(page.get_by_role("heading", name="这次抽取是怎样进行的")).to_be_visible()
    task.refresh_from_db()
    expect(page.locator("[data-seed]")).to_have_text(task.seed)
    expect(page.locator("[data-target]")).to_have_count(1)
    page.locator("[data-verify]").click()
    expect(page.locator("#verification")).to_contain_text("核验一致")

    head_page = log_in(open_page, head)
    head_page.goto(task.get_absolute_url())
    fire(head_page, "confirm", "已核对抽取记录，抽取结果无误")
    expect(head_page.locator(".head-meta")).to_contain_text("已确认")

    page.goto(task.get_absolute_url())
    fire(page, "start_inspection", "检查组已通知到位")

    target = task.targets.get()
    inspector = next(i for i in inspectors if i.pk in set(target.team.values_list("inspector_id", flat=True)))
    phone = log_in(open_page, inspector.user, PHONE)
    phone.goto(task.get_absolute_url())
    phone.locator(f'[data-enter-result="{target.pk}"]').click()
    expect(phone.get_by_role("heading", name="录入检查结果")).to_be_visible()
    expect(phone.locator(".result-agency")).to_have_text(agency.name)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save = phone.get_by_role("button", name="保存检查结果")
    for control in (phone.locator(".option").first, save):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44
    expect(phone.locator('input[name="items"]').first).to_be_checked()
    phone.get_by_label("未发现问题").check()
    phone.locator("#id_description").fill("执业许可、备案和收费公示情况正常。")
    save.click()
    expect(phone.locator(f"#target-{target.pk} [data-result]")).to_contain_text("未发现问题")
    assert TargetResult.objects.get(target=target).entered_by == inspector.user

    page.goto(task.get_absolute_url())
    fire(page, "complete_results", "全部检查结果已录入")
    reviewer_page = log_in(open_page, reviewer)
    reviewer_page.goto(task.get_absolute_url())
    fire(reviewer_page, "publish", "检查结果经审核无误，依法公示")
    expect(reviewer_page.locator(".head-meta")).to_contain_text("已公示")

    public = open_page(PHONE)
    public.goto("/public/")
    public.get_by_role("link", name=re.compile("双随机抽查结果公示")).click()
    expect(public.get_by_role("heading", name="双随机抽查结果公示")).to_be_visible()
    result = public.locator("[data-spot-check-result]", has_text=agency.name)
    expect(result.locator("[data-finding]")).to_have_text("未发现问题")
    result.get_by_role("link", name="2026年浏览器测试抽查任务").click()
    expect(public.locator("[data-seed]")).to_have_text(task.seed)
    expect(public.locator("[data-result-row]", has_text=agency.name)).to_contain_text("未发现问题")
    assert inspector.user.display_name not in public.content()
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
