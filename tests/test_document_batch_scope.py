"""A document batch counts only the cases the requester may issue for. The city bureau's head sees
the counties' cases too, but each bureau issues its own documents: a batch of 送达回证 over the
whole list was titled "（5 件）" and then refused two of them in its 清单 (您无权批量制发送达回证)."""

import pytest
from django.test import Client

from casemgmt.jobs.models import FileJob

from .enforcement_factories import bureau, penalty_case_until
from .factories import CITY, ZEZHOU

pytestmark = pytest.mark.django_db


def test_a_batch_over_the_city_list_leaves_out_the_county_bureaus_cases(django_capture_on_commit_callbacks):
    city = bureau(CITY)
    own = penalty_case_until("serve", city)
    county = penalty_case_until("serve", bureau(ZEZHOU))
    client = Client()
    client.force_login(city.head)
    assert f'name="ids" value="{county.pk}"' in client.get("/w/enforcement_case/").content.decode()  # seen

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/w/enforcement_case/document-batch/", {"kind": "penalty_service_receipt", "all": "1", "query": ""}
        )
    job = FileJob.objects.get()
    assert response.status_code == 302
    assert job.params["ids"] == [own.pk] and "（1 件）" in job.title
    assert any("另有 1 件" in line for line in job.params["summary"])


def test_a_batch_of_only_other_bureaus_cases_is_refused_with_the_reason():
    city = bureau(CITY)
    county = penalty_case_until("serve", bureau(ZEZHOU))
    client = Client()
    client.force_login(city.head)
    response = client.post(
        "/w/enforcement_case/document-batch/", {"kind": "penalty_service_receipt", "ids": [county.pk]}, follow=True
    )
    assert not FileJob.objects.exists()
    assert "您无权为所选案件制发送达回证" in response.content.decode()
