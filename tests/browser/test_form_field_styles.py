"""Every kind of text input the forms use gets the form field style: the public application's
e-mail box was once a bare browser input beside full-width ones."""

import pytest

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def box(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        "e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();"
        " return {width: Math.round(r.width), height: Math.round(r.height), border: s.borderTopColor}; }",
    )


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_public_applications_email_and_phone_boxes_look_like_its_text_boxes(open_page, viewport):
    page = open_page(viewport)
    page.goto("/public/apply/")

    name = box(page, "#f-applicant-name")
    assert box(page, "#f-contact-email") == name
    assert box(page, "#f-contact-phone") == name
