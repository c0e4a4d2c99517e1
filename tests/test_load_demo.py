"""`manage.py load_demo` loads the kernel's demo accounts and every app's registered demo cases,
once (idempotent), and `--cases N` adds N synthetic cases; the apps register their demo data with
the kernel's registry, which runs the loaders in order."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from casemgmt.demo import registry
from casemgmt.org.models import User
from cases.models import ArbitrationReferral, AssistanceRequest, MediationCase
from creditlist.models import CreditEntry
from enforcement.models import EnforcementCase
from enforcement.supervision.models import Agency, SpotCheck

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "assistance": AssistanceRequest.objects.count(),
        "mediation": MediationCase.objects.count(),
        "referrals": ArbitrationReferral.objects.count(),
        "enforcement": EnforcementCase.objects.count(),
        "credit": CreditEntry.objects.count(),
    }


def test_load_demo_creates_the_accounts_and_each_apps_cases_once_and_adds_synthetic_cases():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    report = out.getvalue()
    assert "演示数据已就绪（新增演示案件 82 件）。" in report
    assert "  clerk            王丽" in report and "  admin            系统管理员" in report
    assert "县级执法演示账号（同一密码）：\n  officer_city3      王磊" in report  # listed by the enforcement demo
    first = _counts()
    assert first == {"users": 24, "assistance": 13, "mediation": 18, "referrals": 4, "enforcement": 27, "credit": 13}
    # The list's demo: one entry in every state of its workflow.
    assert set(CreditEntry.objects.values_list("state", flat=True)) == set(CreditEntry.State.values)
    # Agency supervision's demo: agencies of every risk class, a task in every state of its workflow.
    assert set(Agency.objects.values_list("risk_class", flat=True)) == set(Agency.RiskClass.values)
    assert set(SpotCheck.objects.values_list("state", flat=True)) == set(SpotCheck.State.values)
    assert User.objects.get(username="officer_zezhou2").check_password("demo-pass-2026")

    out = io.StringIO()
    call_command("load_demo", cases=5, stdout=out)
    assert "新增演示案件 0 件" in out.getvalue()
    assert _counts() == {**first, "assistance": first["assistance"] + 5}


def test_every_apps_demo_is_registered_in_the_order_that_keeps_the_data():
    assert [loader.name for loader in registry.demo_loaders()] == [
        "assistance",
        "mediation",
        "enforcement",
        "supervision",
        "creditlist",
    ]
    assert [generator.name for generator in registry.synthetic_generators()] == ["assistance"]


def test_loaders_run_in_registration_order_each_after_those_it_names(monkeypatch):
    monkeypatch.setattr(registry, "_registry", registry._Registry())
    calls = []
    for name, after in [("late", ("early", "absent")), ("first", ()), ("early", ())]:
        registry.register_demo(name, lambda users, rng, name=name: calls.append(name) or 1, after=after)
    assert [loader.name for loader in registry.demo_loaders()] == ["first", "early", "late"]

    registry.register_demo("early", lambda users, rng: 0, after=("late",))
    with pytest.raises(ImproperlyConfigured, match="wait for each other"):
        registry.demo_loaders()
