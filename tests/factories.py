"""Factories for tests. Jurisdictions and departments come from the reference-data migration."""

import random

import factory
from django.conf import settings

from casemgmt.org.models import Department, Jurisdiction, Role, User
from casemgmt.parties.codes import make_credit_code, make_id_number
from casemgmt.parties.models import Party

_rng = random.Random(20261128)

CITY = "140500"
ZEZHOU = "140525"
GAOPING = "140581"


def jurisdiction(code: str) -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.INTAKE_CLERK
    jurisdiction = factory.LazyFunction(lambda: jurisdiction(CITY))
    certificate_number = factory.LazyAttribute(
        lambda o: f"14050{_rng.randint(100000, 999999)}" if o.role == Role.OFFICER else ""
    )
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.lazy_attribute
    def department(self):
        kind = (
            "assistance_centre"
            if self.role in (Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD)
            else ("market_supervision")
        )
        return Department.objects.filter(kind=kind, jurisdiction=self.jurisdiction).first()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = Party.Kind.ORGANIZATION
    name = factory.Sequence(lambda n: f"晋城市测试光电科技有限公司{n}")
    credit_code = factory.LazyFunction(lambda: make_credit_code(_rng))
    address = "晋城市城区凤台东街1号"
    legal_representative = "张三"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = Party.Kind.PERSON
    name = factory.Sequence(lambda n: f"李四{n}")
    id_number = factory.LazyFunction(lambda: make_id_number(_rng))
    address = "晋城市泽州县南村镇1号"
    phone = "13803561234"


def assistance_request(*, jurisdiction_code: str = CITY, respondent: bool = True, actor=None, **fields):
    """A submitted assistance request registered through the service (history and deadline included)."""
    from cases.services.assistance import assistance_request_create

    applicant = OrganizationFactory.build()
    other = OrganizationFactory.build() if respondent else None
    defaults = {
        "title": "激光测距模组外观设计专利被仿制",
        "facts": "申请人发现被申请人销售的测距模组外观与其专利高度近似。",
        "ip_type": "patent",
        "assistance_type": "assessment_opinion",
        "contact_phone": "13903561234",
    }
    defaults.update(fields)
    return assistance_request_create(
        actor=actor,
        jurisdiction=jurisdiction(jurisdiction_code),
        applicant={"kind": "organization", "name": applicant.name, "credit_code": applicant.credit_code},
        respondent={"kind": "organization", "name": other.name, "credit_code": other.credit_code} if other else None,
        **defaults,
    )
