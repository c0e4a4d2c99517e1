"""The history cannot be rewritten: rows keep their actor as they were at the time (renaming a user
rewrites nothing shown), PostgreSQL itself refuses UPDATE and DELETE of the log tables, rows written
before the snapshot columns are backfilled by the migration, and the publication API writes only
through its transitions, one history row each."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from rest_framework.test import APIClient

from casemgmt.org.models import Role
from casemgmt.publication.models import Publication, PublicationVersion
from casemgmt.web.timeline import timeline
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .enforcement_factories import bureau
from .factories import CITY, UserFactory, assistance_request
from .publication_factories import decided_case, published_case

OLD_NAME, NEW_NAME = "张受理", "李改名"


def rows_of(obj) -> int:
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).count()


def rename(user, *, username: str, full_name: str) -> None:
    user.username, user.full_name = username, full_name
    user.save()


# ---------- the actor as they were ----------


@pytest.mark.django_db
def test_renaming_a_user_changes_no_name_shown_in_past_history(api, make_user):
    head = make_user(Role.CENTRE_HEAD, username="zhangshouli", full_name=OLD_NAME)
    colleague = make_user(Role.CENTRE_HEAD, full_name="另一位主任")
    request = fire_transition(assistance_request(actor=head), "accept", actor=head, reason="材料齐全")

    rename(head, username="lichangming", full_name=NEW_NAME)

    rows = api.as_user(colleague).get(f"/api/assistance-requests/{request.pk}/history/").json()
    assert [(r["transition"], r["actor"], r["actor_name"]) for r in rows] == [
        ("create", "zhangshouli", OLD_NAME),
        ("accept", "zhangshouli", OLD_NAME),
    ]
    assert [entry.actor for entry in timeline(request) if entry.kind == "transition"] == [OLD_NAME, OLD_NAME]

    model_admin = admin.site._registry[AssistanceRequest]
    shown = str(model_admin.transition_history(request))
    assert OLD_NAME in shown and NEW_NAME not in shown
    log_admin = admin.site._registry[TransitionLog]
    assert {log_admin.actor_shown(log) for log in history_of(request)} == {OLD_NAME}

    client = Client()
    client.force_login(colleague)
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    history_section = html[html.index('<ol class="timeline">') :]
    history_section = history_section[: history_section.index("</ol>")]
    # Both history rows (creation, acceptance) on the page name the actor as they were. (The case's
    # own 登记人 field and the issued notice's 制作人 are the user as they are now, not history rows.)
    assert history_section.count(f"{OLD_NAME} ·") == 2


@pytest.mark.django_db
def test_the_system_and_the_public_are_named_by_their_rows():
    request = assistance_request()  # submitted online: no user
    [log] = history_of(request)
    assert (log.actor, log.actor_role, log.actor_display) == (None, "public", log.actor_name)
    assert log.actor_name


# ---------- the database refuses rewrites (PostgreSQL) ----------


def refused(sql: str, params) -> bool:
    """The statement fails, refused by the append-only trigger (not by some other error)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_refuses_update_and_delete_of_history_rows(make_user):
    request = assistance_request(actor=make_user(Role.INTAKE_CLERK))
    log = history_of(request).get()
    assert refused("UPDATE workflow_transitionlog SET reason = %s WHERE id = %s", ["改写", log.pk])
    assert refused("UPDATE workflow_transitionlog SET actor_name = %s", ["别人"])
    assert refused("DELETE FROM workflow_transitionlog WHERE id = %s", [log.pk])
    assert TransitionLog.objects.values_list("reason", "actor_name").get(pk=log.pk) == (log.reason, log.actor_name)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_refuses_update_and_delete_of_publication_versions():
    decided = published_case(bureau(CITY))
    version = PublicationVersion.objects.get(publication=decided.publication)
    assert refused("UPDATE publication_publicationversion SET published_text = %s WHERE id = %s", ["假", version.pk])
    assert refused("DELETE FROM publication_publicationversion WHERE id = %s", [version.pk])
    assert PublicationVersion.objects.get(pk=version.pk).published_text == version.published_text


@pytest.mark.postgres
@pytest.mark.django_db
def test_appending_still_works_on_postgresql(make_user):
    clerk = make_user(Role.INTAKE_CLERK)
    request = assistance_request(actor=clerk)
    fire_transition(request, "request_correction", actor=make_user(Role.CENTRE_HEAD), reason="请补正")
    assert rows_of(request) == 2


# ---------- the migration keeps the names of rows written before it ----------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_snapshot_migration_fills_in_the_actor_of_existing_rows():
    user = UserFactory(username="laoyonghu", full_name="老用户", role=Role.CENTRE_HEAD)
    content_type = ContentType.objects.get_for_model(AssistanceRequest)
    before, after = [("workflow", "0001_initial")], [("workflow", "0002_history_actor_snapshot")]

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("workflow", "TransitionLog")
        by_user = old.objects.create(
            content_type_id=content_type.pk, object_id=1, transition="accept", source="a", target="b", actor_id=user.pk
        )
        by_system = old.objects.create(
            content_type_id=content_type.pk, object_id=1, transition="expire", source="b", target="c"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)

    rename(user, username="xinyonghu", full_name="新用户")
    logs = TransitionLog.objects.in_bulk([by_user.pk, by_system.pk])
    assert (logs[by_user.pk].actor_username, logs[by_user.pk].actor_name, logs[by_user.pk].actor_role) == (
        "laoyonghu",
        "老用户",
        Role.CENTRE_HEAD,
    )
    assert (logs[by_system.pk].actor_role, logs[by_system.pk].actor_display) == ("system", "系统")
    if connection.vendor == "postgresql":  # the trigger is back after the migration
        assert refused("DELETE FROM workflow_transitionlog WHERE id = %s", [by_user.pk])


# ---------- publications change only through their transitions ----------


@pytest.mark.django_db
def test_the_publication_api_creates_and_edits_nothing_directly(api):
    city = bureau(CITY)
    publication = decided_case(city).publication
    client = api.as_user(city.reviewer)
    rows, count = rows_of(publication), Publication.objects.count()
    assert client.post("/api/publications/", {"title": "新公示"}, format="json").status_code == 403
    assert client.patch(f"/api/publications/{publication.pk}/", {"title": "改"}, format="json").status_code == 403
    assert client.put(f"/api/publications/{publication.pk}/", {"title": "改"}, format="json").status_code == 403
    assert Publication.objects.count() == count and rows_of(publication) == rows
    publication.refresh_from_db()
    assert publication.title != "改" and publication.state == Publication.State.PENDING


@pytest.mark.django_db
def test_each_publication_transition_writes_one_row_with_actor_and_reason_and_a_refusal_none(api):
    city = bureau(CITY)
    publication = decided_case(city).publication
    client = api.as_user(city.reviewer)
    url = f"/api/publications/{publication.pk}/transitions"

    rows = rows_of(publication)
    assert client.post(f"{url}/publish/", {"reason": "已核对屏蔽内容"}, format="json").status_code == 200
    assert rows_of(publication) == rows + 1
    log = history_of(publication).last()
    assert (log.transition, log.actor, log.actor_name, log.reason) == (
        "publish",
        city.reviewer,
        city.reviewer.display_name,
        "已核对屏蔽内容",
    )

    assert client.post(f"{url}/correct/", {}, format="json").status_code == 400  # a correction needs a reason
    assert client.post(f"{url}/publish/", {}, format="json").status_code == 409
    officer = APIClient()
    officer.force_authenticate(city.officers[0])
    assert officer.post(f"{url}/correct/", {"reason": "笔误"}, format="json").status_code == 403
    assert rows_of(publication) == rows + 1

    assert client.post(f"{url}/correct/", {"reason": "决定书笔误已依法补正"}, format="json").status_code == 200
    assert rows_of(publication) == rows + 2
    assert history_of(publication).last().reason == "决定书笔误已依法补正"


@pytest.mark.django_db
def test_publication_versions_name_who_published_as_they_were(api):
    city = bureau(CITY)
    rename(city.reviewer, username="shenhe", full_name="审核员甲")
    publication = published_case(city).publication
    rename(city.reviewer, username="shenhe2", full_name="审核员乙")
    detail = api.as_user(city.head).get(f"/api/publications/{publication.pk}/").json()
    assert [(v["number"], v["created_by"]) for v in detail["versions"]] == [(1, "审核员甲")]
    history = api.as_user(city.head).get(f"/api/publications/{publication.pk}/history/").json()
    assert {r["actor_name"] for r in history if r["transition"] == "publish"} == {"审核员甲"}
