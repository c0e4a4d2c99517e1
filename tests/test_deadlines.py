"""Legal deadlines attached to objects: opening, suspension, extension, closing, the scan,
calendar recomputation, selectors and the /api/deadlines/ list."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casemgmt.calendar.api import DeadlineSerializer
from casemgmt.calendar.counting import Rule, compute_due
from casemgmt.calendar.models import CalendarDay, Deadline
from casemgmt.calendar.selectors import deadlines_for, group_by_urgency, my_deadlines, past_due_q
from casemgmt.calendar.services import (
    deadline_assign,
    deadline_cancel,
    deadline_extend,
    deadline_mark_met,
    deadline_open,
    deadline_recompute,
    deadline_resume,
    deadline_suspend,
    deadlines_for_object_close,
)
from casemgmt.calendar.sweep import deadlines_scan
from casemgmt.calendar.tasks import scan_deadlines
from casemgmt.errors import Invalid
from casemgmt.notifications.models import Notification
from casemgmt.org.models import Role
from casemgmt.parties.models import Party
from casemgmt.web.deadline_rows import deadline_rows

from .calendar_fixtures import NOTICE_2027_HOLIDAYS, NOTICE_2027_WORKDAYS, d, fresh_calendar_cache, notice_form  # noqa: F401
from .factories import CITY, GAOPING, ZEZHOU, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Deadline.Status


def today() -> dt.date:
    return timezone.localdate()


def open_on(obj, *, start, rule=Rule.CALENDAR_DAYS, amount=90, kind="decision", **kwargs) -> Deadline:
    return deadline_open(
        obj,
        kind=kind,
        label="作出处理决定",
        legal_basis="《专利行政执法办法》",
        start=start,
        rule=rule,
        amount=amount,
        **kwargs,
    )


@pytest.fixture
def party():
    return OrganizationFactory()


@pytest.fixture
def head(make_user):
    return make_user(Role.AGENCY_HEAD, CITY)


# --- opening -------------------------------------------------------------------------------


def test_opening_computes_due_and_copies_the_objects_jurisdiction(make_user):
    """The due date is computed at once; an object with jurisdiction_id lends it to the deadline."""
    target = make_user(Role.OFFICER, ZEZHOU)

    deadline = open_on(target, start=d("2026-09-24"), rule=Rule.WORKING_DAYS, amount=5)

    assert deadline.due == d("2026-10-09")
    assert deadline.jurisdiction_id == ZEZHOU
    assert deadline.content_object == target
    assert not deadline.provisional


def test_opening_on_an_object_without_jurisdiction_leaves_it_empty(party):
    """A Party has no jurisdiction; the deadline is stored without one."""
    deadline = open_on(party, start=d("2026-03-03"))

    assert deadline.jurisdiction_id is None
    assert deadline.due == d("2026-06-01")


def test_opening_with_bad_input_reports_every_field_and_writes_nothing(party):
    """Blank label, unknown rule and a non-positive amount are field errors; no row is created."""
    with pytest.raises(Invalid) as caught:
        deadline_open(party, kind="x", label=" ", legal_basis="", start="2026-13-01", rule="weeks", amount=0)

    assert set(caught.value.errors) == {"label", "start", "rule", "amount"}
    assert not Deadline.objects.exists()


# --- unknown years ---------------------------------------------------------------------------


def test_deadline_in_an_unknown_year_is_recomputed_when_an_administrator_enters_it(client, party):
    """10 WD from 2026-12-28 run into 2027: provisional, skipping 元旦; a day the administrator
    rules off moves the due date, and entering the 2027 notice settles it."""
    deadline = open_on(party, start=d("2026-12-28"), rule=Rule.WORKING_DAYS, amount=10)
    assert (deadline.due, deadline.provisional) == (d("2027-01-12"), True)
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    response = client.post(reverse("admin:calendar_calendarday_add"), {"date": "2027-01-04", "name": "地方假日"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due, deadline.provisional) == (d("2027-01-13"), True)

    response = client.post(
        reverse("admin:calendar_holidaynotice_add") + "?year=2027",
        notice_form(
            2027,
            number="国办发明电〔2026〕X号",
            issued_on="2026-11-20",
            holidays=NOTICE_2027_HOLIDAYS,
            workdays=NOTICE_2027_WORKDAYS,
        ),
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due, deadline.provisional) == (d("2027-01-13"), False)


def test_management_command_recomputes_after_calendar_rows_change(party):
    """Rows loaded outside the admin take effect on deadlines after `recompute_deadlines YEAR`."""
    deadline = open_on(party, start=d("2026-12-28"), rule=Rule.WORKING_DAYS, amount=10)
    CalendarDay.objects.create(date=d("2027-01-11"), is_workday=False, name="测试假日")
    deadline.refresh_from_db()
    assert deadline.due == d("2027-01-12")

    call_command("recompute_deadlines", "2027")

    deadline.refresh_from_db()
    assert deadline.due == d("2027-01-13")


# --- suspension -----------------------------------------------------------------------------


def test_suspension_moves_a_calendar_day_limit_by_exactly_the_suspended_days(party, head):
    """A 90-day limit from 2026-03-03 (due 1 Jun) suspended 1–10 Apr (10 days) ends 10 days later."""
    deadline = open_on(party, start=d("2026-03-03"), amount=90)
    assert deadline.due == d("2026-06-01")

    deadline_suspend(deadline, start=d("2026-04-01"), reason="专利权评价报告", actor=head)
    deadline = deadline_resume(deadline, end=d("2026-04-10"), actor=head)

    assert deadline.due == d("2026-06-11")
    assert deadline.suspended_days == 10
    assert not deadline.is_suspended


def test_suspension_moves_a_working_day_limit_by_the_suspended_working_days(party, head):
    """Suspending Mon 9 – Sun 15 Mar 2026 (5 working days) adds exactly 5 working days."""
    deadline = open_on(party, start=d("2026-03-02"), rule=Rule.WORKING_DAYS, amount=20)

    deadline_suspend(deadline, start=d("2026-03-09"), reason="公告送达", actor=head)
    deadline_resume(deadline, end=d("2026-03-15"), actor=head)
    deadline.refresh_from_db()

    assert deadline.suspended_days == 5
    assert deadline.due == compute_due(d("2026-03-02"), Rule.WORKING_DAYS, 25).due


def test_a_running_suspension_stops_the_clock_and_is_never_overdue(party, head):
    """While suspended the due date keeps moving with the calendar and the scan never marks it overdue;
    once resumed, the scan marks it overdue after the moved due date."""
    deadline = open_on(party, start=today() - dt.timedelta(days=20), amount=30)
    deadline = deadline_suspend(deadline, start=today() - dt.timedelta(days=5), reason="中止调查", actor=head)
    assert deadline.is_suspended
    assert deadline.suspended_days == 6  # five days ago up to and including today

    later = today() + dt.timedelta(days=200)
    deadlines_scan(today=later)
    deadline.refresh_from_db()
    assert deadline.status == Status.OPEN
    assert deadline.due > later

    deadline = deadline_resume(deadline, end=today(), actor=head)
    deadlines_scan(today=later)
    deadline.refresh_from_db()
    assert deadline.suspended_days == 6
    assert deadline.status == Status.OVERDUE


@pytest.mark.parametrize(
    ("action", "field"),
    [
        (lambda dl, user: deadline_resume(dl, end=d("2026-03-31"), actor=user), "end"),
        (
            lambda dl, user: deadline_suspend(dl, start=d("2026-04-02"), reason="再次中止", actor=user),
            "non_field_errors",
        ),
        (lambda dl, user: deadline_suspend(dl, start=d("2026-04-02"), reason="", actor=user), "reason"),
    ],
)
def test_suspension_mistakes_are_field_errors(party, head, action, field):
    """Resuming before the suspension began, suspending twice or without a reason is refused."""
    deadline = open_on(party, start=d("2026-03-03"))
    deadline_suspend(deadline, start=d("2026-04-01"), reason="鉴定", actor=head)

    with pytest.raises(Invalid) as caught:
        action(deadline, head)

    assert field in caught.value.errors
    assert deadline.suspensions.count() == 1


def test_resuming_without_a_running_suspension_is_refused(party, head):
    """deadline_resume needs a suspension to close."""
    deadline = open_on(party, start=d("2026-03-03"))

    with pytest.raises(Invalid) as caught:
        deadline_resume(deadline, end=d("2026-04-01"), actor=head)

    assert "non_field_errors" in caught.value.errors


def test_suspension_cannot_start_before_the_limit_or_overlap_an_earlier_one(party, head):
    """The suspension must start within the limit and after earlier suspensions."""
    deadline = open_on(party, start=d("2026-03-03"))
    deadline_suspend(deadline, start=d("2026-04-01"), reason="鉴定", actor=head)
    deadline_resume(deadline, end=d("2026-04-10"), actor=head)

    for start in (d("2026-03-01"), d("2026-04-05")):
        with pytest.raises(Invalid) as caught:
            deadline_suspend(deadline, start=start, reason="再次中止", actor=head)
        assert "start" in caught.value.errors


# --- extension ------------------------------------------------------------------------------


def test_extension_runs_on_from_the_due_date_and_sets_extended_to(party, head):
    """60 days from 2026-03-03 end on 6 May (1–5 May are 劳动节); a 30-day extension ends 5 Jun."""
    deadline = open_on(party, start=d("2026-03-03"), amount=60)
    assert deadline.due == d("2026-05-06")

    deadline = deadline_extend(deadline, amount=30, reason="案情复杂，经负责人批准", approved_by=head)

    assert deadline.due == d("2026-06-05")
    assert deadline.extended_to == d("2026-06-05")
    extension = deadline.extensions.get()
    assert (extension.rule, extension.approved_by) == (Rule.CALENDAR_DAYS, head)


def test_extension_may_use_its_own_rule(party, head):
    """A working-day extension of a calendar-day limit counts working days from the old due date."""
    deadline = open_on(party, start=d("2026-09-21"), amount=10)
    assert deadline.due == d("2026-10-08")

    deadline = deadline_extend(deadline, amount=2, rule=Rule.WORKING_DAYS, reason="补正材料", approved_by=head)

    assert deadline.due == d("2026-10-10")  # Saturday 10 Oct is a make-up working day


@pytest.mark.parametrize("amount", [0, -30, 4000, "30"])
def test_extension_amount_must_be_a_positive_integer(party, head, amount):
    """Non-positive, huge or non-integer extension amounts are refused and nothing is stored."""
    deadline = open_on(party, start=d("2026-03-03"))

    with pytest.raises(Invalid) as caught:
        deadline_extend(deadline, amount=amount, reason="延长", approved_by=head)

    assert "amount" in caught.value.errors
    assert not deadline.extensions.exists()


# --- closing --------------------------------------------------------------------------------


def test_closing_the_workflow_step_marks_only_the_named_kinds_met(party):
    """deadlines_for_object_close marks the open deadlines of the given kinds met, leaving others."""
    decision = open_on(party, start=today() - dt.timedelta(days=3), kind="decision")
    filing = open_on(party, start=today() - dt.timedelta(days=3), kind="filing", rule=Rule.WORKING_DAYS, amount=5)

    assert deadlines_for_object_close(party, kinds=["filing"]) == 1

    decision.refresh_from_db()
    filing.refresh_from_db()
    assert (decision.status, filing.status) == (Status.OPEN, Status.MET)
    assert filing.met_at == today()


def test_a_met_deadline_stays_met_and_cannot_be_cancelled(party):
    """Marking met twice is harmless; cancelling a met deadline is refused."""
    deadline = open_on(party, start=d("2026-03-03"))
    deadline_mark_met(deadline, on=d("2026-05-20"))
    deadline_mark_met(deadline)

    with pytest.raises(Invalid):
        deadline_cancel(deadline, reason="撤回申请")

    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_at) == (Status.MET, d("2026-05-20"))


def test_cancelled_deadlines_are_left_alone_by_the_scan(party, make_user):
    """A cancelled deadline keeps its status even when its due date has passed."""
    officer = make_user(Role.OFFICER, CITY)
    deadline = open_on(party, start=today() - dt.timedelta(days=60), amount=30, responsible=officer)
    deadline_cancel(deadline, reason="当事人撤回申请")

    deadlines_scan()

    deadline.refresh_from_db()
    assert deadline.status == Status.CANCELLED
    assert not Notification.objects.exists()


# --- scan -----------------------------------------------------------------------------------


def test_scan_marks_lapsed_deadlines_overdue_and_warns_once(party, make_user, settings):
    """The scan marks an overdue deadline, warns its responsible officer of it and of one due soon;
    running it again sends nothing new."""
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 3
    officer = make_user(Role.OFFICER, CITY)
    lapsed = open_on(party, start=today() - dt.timedelta(days=60), amount=30, responsible=officer)
    Deadline.objects.filter(pk=lapsed.pk).update(status=Status.OPEN)  # as if the scan had not run yet
    soon = open_on(party, start=today(), rule=Rule.WORKING_DAYS, amount=1, kind="filing", responsible=officer)
    later = open_on(party, start=today(), rule=Rule.WORKING_DAYS, amount=30, kind="report", responsible=officer)

    first = scan_deadlines.delay().get()
    second = deadlines_scan()

    assert first["marked_overdue"] == 1
    assert (first["due_soon_notified"], first["overdue_notified"]) == (1, 1)
    assert (second["marked_overdue"], second["due_soon_notified"], second["overdue_notified"]) == (0, 0, 0)
    levels = sorted(Notification.objects.filter(recipient=officer).values_list("level", flat=True))
    assert levels == [Notification.Level.DANGER, Notification.Level.WARNING]
    for deadline in (lapsed, soon, later):
        deadline.refresh_from_db()
    assert lapsed.status == Status.OVERDUE and lapsed.overdue_notified_at is not None
    assert soon.due_soon_notified_at is not None
    assert later.due_soon_notified_at is None


def test_a_partys_own_period_lapses_instead_of_becoming_overdue_and_counts_against_nobody(party, make_user):
    """The party's 60 days to apply for review run out: that is the party's right lapsing, not a
    limit the bureau missed. Opened already run out or marked by the scan, it is 已届满 — never
    overdue, never in an overdue list or warning — while the bureau's own limit beside it is."""
    officer = make_user(Role.OFFICER, CITY)
    start = today() - dt.timedelta(days=90)
    review = open_on(party, start=start, amount=60, kind="review_period", party_period=True)
    bureau_limit = open_on(party, start=start, amount=60, kind="decision", responsible=officer)
    assert (review.status, bureau_limit.status) == (Status.LAPSED, Status.OVERDUE)
    assert not review.is_active

    Deadline.objects.filter(pk__in=[review.pk, bureau_limit.pk]).update(status=Status.OPEN)  # before the scan
    not_yet_swept = list(Deadline.objects.filter(pk__in=[review.pk, bureau_limit.pk]))
    assert [d.pk for d in group_by_urgency(not_yet_swept).overdue] == [bureau_limit.pk]
    past_due = Deadline.objects.filter(past_due_q())
    assert set(past_due.values_list("pk", flat=True)) == {bureau_limit.pk}

    counts = deadlines_scan()

    review.refresh_from_db()
    bureau_limit.refresh_from_db()
    assert (review.status, bureau_limit.status) == (Status.LAPSED, Status.OVERDUE)
    assert counts["overdue_notified"] == 1
    assert not Notification.objects.exclude(recipient=officer).exists()
    [row] = [r for r in deadline_rows([review, bureau_limit]) if r.deadline.pk == review.pk]
    assert (row.urgency_label, row.countdown) == ("已届满", "")


def test_a_lapsed_party_period_runs_again_when_a_recompute_moves_its_end_past_today(party):
    review = open_on(party, start=today() - dt.timedelta(days=10), amount=5, kind="review_period", party_period=True)
    assert review.status == Status.LAPSED
    review.amount = 30  # (as a calendar change would move its end)
    deadline_recompute(review)
    assert review.status == Status.OPEN and review.is_active


def test_scan_warns_again_when_an_extension_moves_the_due_date(party, make_user, head, settings):
    """A new due date is a new warning: after an extension and when it lapses again, the officer hears again."""
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 3
    officer = make_user(Role.OFFICER, CITY)
    deadline = open_on(party, start=today() - dt.timedelta(days=60), amount=30, responsible=officer)
    deadlines_scan()
    deadline_extend(deadline, amount=40, reason="延长审理期限", approved_by=head)

    deadlines_scan(today=today() + dt.timedelta(days=60))

    assert Notification.objects.filter(recipient=officer, level=Notification.Level.DANGER).count() == 2


def test_reassigning_a_deadline_warns_the_new_person(party, make_user):
    """After deadline_assign the next scan warns the new responsible person."""
    first, second = make_user(Role.OFFICER, CITY), make_user(Role.OFFICER, CITY)
    deadline = open_on(party, start=today() - dt.timedelta(days=60), amount=30, responsible=first)
    deadlines_scan()

    deadline_assign(deadline, responsible=second)
    deadlines_scan()

    assert Notification.objects.filter(recipient=first).count() == 1
    assert Notification.objects.filter(recipient=second).count() == 1


# --- selectors ------------------------------------------------------------------------------


def test_deadlines_for_lists_an_objects_deadlines_by_due_date(party):
    """deadlines_for returns only that object's deadlines, soonest first."""
    late = open_on(party, start=d("2026-03-03"), amount=90)
    early = open_on(party, start=d("2026-03-03"), amount=10, kind="filing")
    open_on(OrganizationFactory(), start=d("2026-03-03"), amount=5)

    assert list(deadlines_for(party)) == [early, late]


def test_my_deadlines_covers_own_ones_and_for_heads_their_area(make_user):
    """An officer sees open deadlines assigned to them; a county head also sees every open one in the county."""
    officer = make_user(Role.OFFICER, ZEZHOU)
    colleague = make_user(Role.OFFICER, ZEZHOU)
    county_head = make_user(Role.AGENCY_HEAD, ZEZHOU)
    gaoping_officer = make_user(Role.OFFICER, GAOPING)
    mine = open_on(officer, start=today(), responsible=officer)
    theirs = open_on(colleague, start=today(), responsible=colleague)
    elsewhere = open_on(gaoping_officer, start=today(), responsible=gaoping_officer)
    done = open_on(officer, start=today(), kind="filing", responsible=officer)
    deadline_mark_met(done)

    assert list(my_deadlines(officer)) == [mine]
    assert set(my_deadlines(county_head)) == {mine, theirs}
    assert elsewhere not in my_deadlines(county_head)


def test_grouping_splits_overdue_due_soon_and_later(party, settings):
    """group_by_urgency puts lapsed ones in overdue, those within the working-day window in due soon."""
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 3
    overdue = open_on(party, start=today() - dt.timedelta(days=60), amount=30)
    soon = open_on(party, start=today(), rule=Rule.WORKING_DAYS, amount=1)
    later = open_on(party, start=today(), rule=Rule.WORKING_DAYS, amount=30)

    groups = group_by_urgency([later, soon, overdue])

    assert (groups.overdue, groups.due_soon, groups.later) == ([overdue], [soon], [later])


# --- API ------------------------------------------------------------------------------------


def test_deadline_serializer_has_the_contract_fields(party, head):
    """The per-object deadline rows carry the fields of API.md plus labels and history."""
    deadline = open_on(party, start=d("2026-03-03"), responsible=head)
    deadline_extend(deadline, amount=30, reason="延长", approved_by=head)

    row = DeadlineSerializer(deadlines_for(party), many=True).data[0]

    expected = {"kind", "label", "legal_basis", "start", "due", "status", "status_label", "suspended_days"}
    assert expected | {"extended_to", "provisional", "responsible", "suspensions", "extensions"} <= set(row)
    assert row["responsible"] == head.username
    assert row["extended_to"] == row["due"] == "2026-07-01"
    assert row["extensions"][0]["approved_by"] == head.username


def test_deadline_list_is_scoped_to_the_callers_county(api, make_user):
    """A county officer sees their county's deadlines (and any they are personally responsible for);
    other counties' deadlines are invisible, also by id. The city sees all."""
    county_officer = make_user(Role.OFFICER, ZEZHOU)
    gaoping_officer = make_user(Role.OFFICER, GAOPING)
    city_clerk = make_user(Role.INTAKE_CLERK, CITY)
    zezhou = open_on(county_officer, start=today())
    gaoping = open_on(gaoping_officer, start=today())
    assigned = open_on(gaoping_officer, start=today(), kind="filing", amount=120, responsible=county_officer)

    county_rows = api.as_user(county_officer).get("/api/deadlines/").json()
    city_rows = api.as_user(city_clerk).get("/api/deadlines/").json()

    assert [row["id"] for row in county_rows["results"]] == [zezhou.pk, assigned.pk]
    assert {row["id"] for row in city_rows["results"]} == {zezhou.pk, gaoping.pk, assigned.pk}
    assert county_rows["results"][0]["jurisdiction"] == ZEZHOU
    assert api.as_user(county_officer).get(f"/api/deadlines/{gaoping.pk}/").status_code == 404


def test_deadline_list_filters_by_status_and_mine(api, make_user):
    """?status= and ?mine=1 narrow the list; a bad filter value is a 400 field error."""
    officer = make_user(Role.OFFICER, CITY)
    target = make_user(Role.OFFICER, CITY)
    mine = open_on(target, start=today(), responsible=officer)
    other = open_on(target, start=today(), kind="filing")
    deadline_mark_met(other)
    client = api.as_user(officer)

    assert [row["id"] for row in client.get("/api/deadlines/", {"mine": "1"}).json()["results"]] == [mine.pk]
    assert [row["id"] for row in client.get("/api/deadlines/", {"status": "met"}).json()["results"]] == [other.pk]
    bad = client.get("/api/deadlines/", {"status": "late", "mine": "maybe"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "mine"}


def test_deadline_list_rows_name_the_object_and_link_to_it(api, city_clerk, party, monkeypatch):
    """Each row carries the object's type and label, and its URL when the model has get_absolute_url."""
    user_target = UserFactory()
    open_on(party, start=today())
    open_on(user_target, start=today(), kind="filing", amount=91)
    monkeypatch.setattr(Party, "get_absolute_url", lambda self: f"/parties/{self.pk}/", raising=False)

    rows = api.as_user(city_clerk).get("/api/deadlines/").json()["results"]

    by_type = {row["object_type"]: row for row in rows}
    assert by_type["parties.party"]["object_url"] == f"/parties/{party.pk}/"
    assert by_type["parties.party"]["object_label"] == party.name
    assert by_type["org.user"]["object_url"] is None


def test_deadline_list_exports_to_excel(api, city_clerk, party):
    """?format=xlsx returns the same list as an Excel workbook."""
    open_on(party, start=today())

    response = api.as_user(city_clerk).get("/api/deadlines/", {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_deadlines_are_read_only_in_the_admin(client, party):
    """The Deadline admin lists deadlines but offers no add or change."""
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    deadline = open_on(party, start=d("2026-03-03"))
    client.force_login(admin_user)

    assert client.get(reverse("admin:calendar_deadline_changelist")).status_code == 200
    assert client.get(reverse("admin:calendar_deadline_add")).status_code == 403
    response = client.post(reverse("admin:calendar_deadline_change", args=[deadline.pk]), {"due": "2030-01-01"})
    assert response.status_code == 403
    deadline.refresh_from_db()
    assert deadline.due == d("2026-06-01")
