"""What the generic object page prints as plain fields (casemgmt.web.presentation.field_rows)."""

import pytest

from casemgmt.publication.models import Publication
from casemgmt.web.presentation import field_rows

from .factories import CITY, jurisdiction

pytestmark = pytest.mark.django_db


def test_a_publication_page_prints_no_raw_json_of_its_pending_summary():
    # The 公示 page showed "变更后的摘要（待更新公示） {}" on every publication (and the dict's
    # code keys once a decision was changed); the changed text is shown, the summary is data.
    for summary in ({}, {"penalty": "罚款人民币30,000.00元"}):
        publication = Publication(
            jurisdiction=jurisdiction(CITY), source_text="决定书", published_text="决定书", replacement_summary=summary
        )
        rows = field_rows(publication)
        assert all(not row.value.startswith(("{", "[")) for row in rows)
        assert "变更后的摘要（待更新公示）" not in [row.label for row in rows]
        assert "变更后的决定书原文（待更新公示）" in [row.label for row in rows]  # the text stays
