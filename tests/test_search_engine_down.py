"""With the search engine stopped, creating and transitioning a case still works; once the
engine is back the outbox drains and `search_check` finds no drift."""

from django.core.management import call_command

from casemgmt.org.models import Role
from casemgmt.search.models import IndexOutbox
from casemgmt.search.services import search_for_user
from casemgmt.search.tasks import drain_outbox
from casemgmt.workflow.services import fire_transition
from cases.models import AssistanceRequest

from .factories import CITY, assistance_request
from .search_helpers import unreachable_url

pytest_plugins = ["tests.search_fixtures"]


def test_cases_are_created_and_transitioned_while_the_engine_is_down_and_the_index_catches_up(
    es_backend, settings, make_user, django_capture_on_commit_callbacks, capsys
):
    head = make_user(Role.CENTRE_HEAD, CITY)
    engine = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = unreachable_url()  # the engine is stopped

    # Each write commits and runs its after-commit work (the outbox drain) without raising.
    with django_capture_on_commit_callbacks(execute=True):
        request = assistance_request(title="蓝宝石衬底切割设备发明专利被仿制")
    with django_capture_on_commit_callbacks(execute=True):
        request = fire_transition(request, "accept", actor=head, reason="材料齐全，予以受理")

    assert AssistanceRequest.objects.get(pk=request.pk).state == "accepted"
    assert set(IndexOutbox.objects.values_list("doc_type", "object_id")) == {("assistance_request", request.pk)}

    settings.ELASTICSEARCH_URL = engine  # the engine is back
    drain_outbox.delay()

    assert not IndexOutbox.objects.exists()
    call_command("search_check")  # raises CommandError on any drift
    assert capsys.readouterr().out.rstrip().endswith("索引与数据库一致。")
    [hit] = search_for_user(head, q="蓝宝石衬底").hits
    assert (hit.type, hit.id, hit.state) == ("assistance_request", request.pk, "accepted")
