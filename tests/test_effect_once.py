"""An effect outside the database happens once per key, however often its task runs
(casemgmt.jobs.once); the applicant's mail is keyed by its history row."""

import pytest
from django.core import mail

from casemgmt.jobs.models import EffectDone
from casemgmt.jobs.once import once
from casemgmt.org.models import Role
from casemgmt.workflow.models import TransitionLog
from casemgmt.workflow.services import fire_transition
from cases.applicant_mail import applicant_mail_send

from .factories import assistance_request

pytestmark = pytest.mark.django_db


def test_an_effect_runs_once_per_key():
    done = []

    assert once("k", lambda: done.append(1)) is True
    assert once("k", lambda: done.append(2)) is False
    assert once("other", lambda: done.append(3)) is True

    assert done == [1, 3]


def test_an_effect_that_fails_is_not_recorded_and_runs_on_the_next_try():
    def fails():
        raise OSError("mail server down")

    with pytest.raises(OSError):
        once("k", fails)
    assert not EffectDone.objects.exists()
    assert once("k", lambda: None) is True


def test_the_applicants_mail_is_sent_once_when_its_task_runs_again(make_user, django_capture_on_commit_callbacks):
    request = assistance_request(contact_email="applicant@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        fire_transition(request, "accept", actor=make_user(Role.CENTRE_HEAD), reason="材料齐全，予以受理")
    log = TransitionLog.objects.get(transition="accept", object_id=request.pk)
    assert len(mail.outbox) == 1

    assert applicant_mail_send(request.pk, log.pk) is False  # the redelivered task

    assert len(mail.outbox) == 1
