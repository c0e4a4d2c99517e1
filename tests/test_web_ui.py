"""The staff web UI: sign-in, role navigation, the dashboard, deadlines, notifications, search and
the generic workflow pages (actions, forms, timeline), checked through the Django test client."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.notifications.models import Notification
from casemgmt.notifications.services import notification_create
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import CITY, ZEZHOU, assistance_request

pytestmark = pytest.mark.django_db

TYPE = "assistance_request"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default hasher costs a noticeable fraction of a second per user created.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail_url(obj) -> str:
    return f"/w/{TYPE}/{obj.pk}/"


def transition_url(obj, name) -> str:
    return f"/w/{TYPE}/{obj.pk}/transition/{name}/"


def log_count(obj) -> int:
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).count()


def html(response) -> str:
    return response.content.decode()


# ---------- sign-in and access ----------


def test_login_with_the_demo_password_signs_in_and_lands_on_the_dashboard(make_user):
    user = make_user(Role.INTAKE_CLERK)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in html(page)
    token = page.cookies["csrftoken"].value

    response = client.post(
        "/login/",
        {"username": user.username, "password": settings.DEMO_PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "工作台" in html(home) and user.display_name in html(home)


def test_login_with_a_wrong_password_stays_on_the_login_page(make_user):
    user = make_user(Role.INTAKE_CLERK)
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "alert-error" in html(response)


@pytest.mark.parametrize(
    "path", ["/", "/deadlines/", "/notifications/", "/search/?q=专利", "/workflows/", f"/w/{TYPE}/", f"/w/{TYPE}/1/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_logout_is_post_only_and_ends_the_session(make_user):
    client = signed_in(make_user(Role.INTAKE_CLERK))
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/")["Location"].startswith("/login/")


def test_navigation_shows_only_the_workflows_and_tools_of_the_role(make_user):
    """Centre staff and auditors see 维权援助申请; an enforcement officer does not; only staff
    accounts see 系统管理."""
    clerk_page = html(signed_in(make_user(Role.INTAKE_CLERK)).get("/"))
    auditor_page = html(signed_in(make_user(Role.AUDITOR)).get("/"))
    officer_page = html(signed_in(make_user(Role.OFFICER)).get("/"))
    admin_page = html(signed_in(make_user(Role.ADMINISTRATOR, is_staff=True)).get("/"))

    list_link = f'href="/w/{TYPE}/"'
    assert list_link in clerk_page and list_link in auditor_page
    assert list_link not in officer_page
    for page in (clerk_page, auditor_page, officer_page):
        assert "我的期限" in page and "全文检索" in page and "流程图" in page
        assert 'href="/admin/"' not in page
    assert 'href="/admin/"' in admin_page


def test_a_role_outside_a_workflow_gets_404_on_its_pages(make_user):
    request = assistance_request()
    officer = signed_in(make_user(Role.OFFICER))
    assert officer.get(f"/w/{TYPE}/").status_code == 404
    assert officer.get(detail_url(request)).status_code == 404
    assert officer.get("/w/no_such_type/").status_code == 404


# ---------- dashboard ----------


def test_dashboard_lists_a_request_awaiting_the_centre_head_and_not_an_unassigned_handler(make_user):
    request = assistance_request()
    head_page = html(signed_in(make_user(Role.CENTRE_HEAD)).get("/"))
    handler_page = html(signed_in(make_user(Role.HANDLER)).get("/"))

    assert "我的待办" in head_page
    assert request.tracking_code in head_page and detail_url(request) in head_page
    assert request.tracking_code not in handler_page


def test_dashboard_shows_latest_notifications_and_the_unread_count(make_user):
    user = make_user(Role.HANDLER)
    notification_create(recipient=user, title="新指派：测试案件", url="/")
    page = html(signed_in(user).get("/"))
    assert "新指派：测试案件" in page
    assert 'class="bell-count">1<' in page


# ---------- object pages ----------


def test_list_shows_visible_requests_and_filters_by_state(make_user):
    head = make_user(Role.CENTRE_HEAD)
    submitted = assistance_request(title="仍待受理的申请")
    accepted = fire_transition(assistance_request(title="已经受理的申请"), "accept", actor=head)
    client = signed_in(head)

    everything = html(client.get(f"/w/{TYPE}/"))
    assert submitted.title in everything and accepted.title in everything

    filtered = html(client.get(f"/w/{TYPE}/?state=accepted"))
    assert accepted.title in filtered and submitted.title not in filtered
    assert "badge-active" in filtered  # 已受理 is drawn as a case in progress


def test_object_page_shows_fields_diagram_deadline_and_history(make_user):
    request = assistance_request()
    page = html(signed_in(make_user(Role.CENTRE_HEAD)).get(detail_url(request)))
    assert request.tracking_code in page and request.facts in page
    assert "知识产权类型" in page and "专利" in page  # label from verbose_name, value from choices
    assert 'data-current-state="submitted"' in page and 'data-state="submitted"' in page
    assert "受理审查时限" in page
    assert "创建" in page and "登记申请" in page


def test_action_buttons_appear_only_for_users_allowed_to_act(make_user):
    request = assistance_request()
    head_page = html(signed_in(make_user(Role.CENTRE_HEAD)).get(detail_url(request)))
    auditor_response = signed_in(make_user(Role.AUDITOR)).get(detail_url(request))
    handler_page = html(signed_in(make_user(Role.HANDLER)).get(detail_url(request)))

    assert f'href="{transition_url(request, "accept")}"' in head_page
    assert 'data-transition="reject"' in head_page
    assert auditor_response.status_code == 200
    assert "data-transition" not in html(auditor_response)
    assert "data-transition" not in handler_page


def test_firing_a_transition_through_the_form_changes_the_state_and_adds_a_timeline_entry(make_user):
    head = make_user(Role.CENTRE_HEAD)
    handler = make_user(Role.HANDLER, full_name="赵承办")
    request = fire_transition(assistance_request(), "accept", actor=head)
    client = signed_in(head)
    rows_before = log_count(request)

    form = html(client.get(transition_url(request, "assign")))
    assert f'<option value="{handler.pk}"' in form and "承办人" in form

    response = client.post(transition_url(request, "assign"), {"handler": handler.pk, "reason": "按轮班指派"})

    assert response.status_code == 302 and response["Location"] == detail_url(request)
    request.refresh_from_db()
    assert (request.state, request.handler) == (AssistanceRequest.State.ASSIGNED, handler)
    assert log_count(request) == rows_before + 1
    page = html(client.get(detail_url(request)))
    assert "已完成“指派承办人”" in page
    assert "指派承办人" in page and "按轮班指派" in page and "赵承办" in page


def test_a_missing_required_reason_rerenders_the_form_with_the_error_and_changes_nothing(make_user):
    request = assistance_request()
    client = signed_in(make_user(Role.CENTRE_HEAD))
    rows_before = log_count(request)

    response = client.post(transition_url(request, "reject"), {"reason": "  "})

    assert response.status_code == 400
    assert "请填写理由。" in html(response) and "has-error" in html(response)
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.SUBMITTED and log_count(request) == rows_before


def test_a_payload_the_serializer_refuses_is_shown_on_its_field_and_changes_nothing(make_user):
    """A handler of another county is not offered, and forcing it in is refused on the field."""
    head = make_user(Role.CENTRE_HEAD)
    county_handler = make_user(Role.HANDLER, jurisdiction=ZEZHOU)
    request = fire_transition(assistance_request(jurisdiction_code=CITY), "accept", actor=head)
    client = signed_in(head)
    rows_before = log_count(request)

    assert f'<option value="{county_handler.pk}"' not in html(client.get(transition_url(request, "assign")))
    response = client.post(transition_url(request, "assign"), {"handler": county_handler.pk})

    assert response.status_code == 400
    assert "该承办人不负责本案所属区划。" in html(response)
    request.refresh_from_db()
    assert (request.state, request.handler) == (AssistanceRequest.State.ACCEPTED, None)
    assert log_count(request) == rows_before


def test_an_unticked_checkbox_is_submitted_as_false_and_refused(make_user):
    head = make_user(Role.CENTRE_HEAD)
    request = assistance_request()
    for step, payload in [("accept", {}), ("assign", {"handler": make_user(Role.HANDLER).pk}), ("start", {})]:
        request = fire_transition(request, step, actor=head, payload=payload)

    response = signed_in(head).post(
        transition_url(request, "refer"), {"referral_target": "mediation", "referral_unit": "市人民调解委员会"}
    )

    assert response.status_code == 400 and "转交须经申请人同意。" in html(response)
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.IN_PROGRESS


def test_a_transition_the_role_may_never_fire_is_forbidden(make_user):
    request = assistance_request()
    client = signed_in(make_user(Role.INTAKE_CLERK))
    assert client.get(transition_url(request, "accept")).status_code == 403
    assert client.post(transition_url(request, "accept")).status_code == 403
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.SUBMITTED


def test_a_transition_from_the_wrong_state_explains_why_and_changes_nothing(make_user):
    head = make_user(Role.CENTRE_HEAD)
    request = fire_transition(assistance_request(), "accept", actor=head)
    client = signed_in(head)

    assert "当前状态“已受理”下不能执行“受理”" in html(client.get(transition_url(request, "accept")))
    response = client.post(transition_url(request, "accept"))
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.ACCEPTED


def test_a_blocking_condition_is_explained_on_the_form(make_user):
    request = assistance_request(respondent=False)
    response = signed_in(make_user(Role.CENTRE_HEAD)).get(transition_url(request, "accept"))
    assert response.status_code == 409
    assert "申请未列明明确的对方当事人，不能受理。" in html(response)


def test_a_county_user_gets_404_for_a_city_case_and_cannot_fire_on_it(make_user):
    request = assistance_request(jurisdiction_code=CITY)
    client = signed_in(make_user(Role.CENTRE_HEAD, jurisdiction=ZEZHOU))

    page = client.get(detail_url(request))
    assert page.status_code == 404 and "未找到" in html(page)
    assert client.get(transition_url(request, "accept")).status_code == 404
    assert client.post(transition_url(request, "accept")).status_code == 404
    assert request.tracking_code not in html(client.get(f"/w/{TYPE}/"))
    request.refresh_from_db()
    assert request.state == AssistanceRequest.State.SUBMITTED


def test_an_unknown_transition_name_is_404(make_user):
    request = assistance_request()
    assert signed_in(make_user(Role.CENTRE_HEAD)).get(transition_url(request, "explode")).status_code == 404


# ---------- deadlines ----------


def test_deadlines_page_marks_overdue_and_provisional_deadlines(make_user):
    request = assistance_request()
    today = timezone.localdate()
    Deadline.objects.filter(object_id=request.pk, kind="acceptance_decision").update(
        due=today - dt.timedelta(days=2), status=Deadline.Status.OVERDUE, provisional=True
    )

    page = html(signed_in(make_user(Role.CENTRE_HEAD)).get("/deadlines/"))

    assert "受理审查时限" in page and request.tracking_code in page
    assert 'class="urgency-overdue"' in page and "逾期 2 天" in page
    assert "tag-provisional" in page


def test_deadlines_page_marks_a_deadline_due_within_the_warning_window(make_user):
    request = assistance_request()
    Deadline.objects.filter(object_id=request.pk, kind="acceptance_decision").update(
        due=timezone.localdate(), status=Deadline.Status.OPEN, provisional=False
    )
    page = html(signed_in(make_user(Role.CENTRE_HEAD)).get("/deadlines/"))
    assert 'class="urgency-due_soon"' in page and "今日届满" in page
    assert "tag-provisional" not in page


def test_deadlines_of_other_peoples_work_are_not_listed_for_a_clerk(make_user):
    assistance_request()
    page = html(signed_in(make_user(Role.INTAKE_CLERK)).get("/deadlines/"))
    assert "受理审查时限" not in page and "没有需要您负责的未完成期限" in page


# ---------- notifications ----------


def test_notifications_can_be_marked_read_one_by_one_or_all(make_user):
    user = make_user(Role.HANDLER)
    other = make_user(Role.HANDLER)
    first = notification_create(recipient=user, title="第一条")
    second = notification_create(recipient=user, title="第二条")
    foreign = notification_create(recipient=other, title="别人的")
    client = signed_in(user)

    page = html(client.get("/notifications/"))
    assert "第一条" in page and "第二条" in page and "别人的" not in page

    assert client.post("/notifications/read/", {"ids": [first.pk, foreign.pk]}).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 2  # second and foreign
    client.post("/notifications/read/", {"all": "1"})
    second.refresh_from_db()
    foreign.refresh_from_db()
    assert second.read_at is not None and foreign.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_only_local_links(make_user):
    user = make_user(Role.HANDLER)
    local = notification_create(recipient=user, title="本站", url="/deadlines/")
    external = notification_create(recipient=user, title="外站", url="https://evil.example/")
    client = signed_in(user)

    assert client.get(f"/notifications/{local.pk}/")["Location"] == "/deadlines/"
    assert client.get(f"/notifications/{external.pk}/")["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert signed_in(make_user(Role.HANDLER)).get(f"/notifications/{local.pk}/").status_code == 404


def test_marking_read_needs_post(make_user):
    assert signed_in(make_user(Role.HANDLER)).get("/notifications/read/").status_code == 405


# ---------- search and diagrams ----------


def test_search_page_shows_highlighted_hits_the_user_may_open(make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = assistance_request(title="蓝宝石衬底外观设计被仿制")
    head_page = signed_in(make_user(Role.CENTRE_HEAD)).get("/search/", {"q": "蓝宝石"})
    county_page = signed_in(make_user(Role.CENTRE_HEAD, jurisdiction=ZEZHOU)).get("/search/", {"q": "蓝宝石"})

    assert head_page.status_code == 200
    assert request.get_absolute_url() in html(head_page) and "<mark>" in html(head_page)
    assert "维权援助申请" in html(head_page)  # the type facet
    assert county_page.status_code == 200 and request.get_absolute_url() not in html(county_page)


def test_search_with_bad_filters_answers_400_with_the_message(make_user):
    response = signed_in(make_user(Role.CENTRE_HEAD)).get(
        "/search/", {"q": "专利", "date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期。" in html(response)


def test_search_page_without_a_query_shows_the_form(make_user):
    response = signed_in(make_user(Role.CENTRE_HEAD)).get("/search/")
    assert response.status_code == 200 and 'name="q"' in html(response)


def test_workflows_page_shows_each_diagram_and_who_may_act(make_user):
    page = html(signed_in(make_user(Role.AUDITOR)).get("/workflows/"))
    assert "维权援助申请" in page and "<svg" in page
    assert "指派承办人" in page and "分中心负责人" in page and "承办人" in page


def test_static_stylesheet_is_served():
    from django.contrib.staticfiles import finders

    assert finders.find("casemgmt/app.css") and finders.find("casemgmt/app.js")


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_form_for_that_account(client, make_user):
    """LOGIN_FAILURES_ALLOWED (10) failures: the tenth is answered with the lockout, and then even the
    right password is refused; another account name from the same address is not affected."""
    make_user(Role.INTAKE_CLERK, username="guessme")
    for _ in range(9):
        assert client.post("/login/", {"username": "guessme", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "guessme", "password": "wrong"}).status_code == 429
    refused = client.post("/login/", {"username": "guessme", "password": settings.DEMO_PASSWORD})
    assert refused.status_code == 429 and "次数过多" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post("/login/", {"username": "someone-else", "password": "wrong"})
    assert other.status_code == 200


@pytest.mark.django_db
def test_search_page_offers_a_year_facet_that_filters_by_the_year(
    client, make_user, django_capture_on_commit_callbacks
):
    from .factories import assistance_request

    with django_capture_on_commit_callbacks(execute=True):
        request = assistance_request(title="光学镜片商标侵权咨询")
    client.force_login(make_user(Role.CENTRE_HEAD))
    year = request.created_at.year
    page = client.get("/search/", {"q": "光学镜片"}).content.decode()
    assert f"{year}年" in page and f"date_from={year}-01-01" in page
    filtered = client.get("/search/", {"q": "光学镜片", "date_from": f"{year + 1}-01-01"}).content.decode()
    assert request.tracking_code not in filtered
