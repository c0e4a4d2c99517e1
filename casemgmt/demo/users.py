"""Demo accounts (created only by the demo loader; the password comes from DEMO_PASSWORD)."""

from django.conf import settings

from casemgmt.org.models import Department, Role, User

# username, full name, role, jurisdiction, department kind, certificate number
DEMO_USERS = [
    ("clerk", "王丽", Role.INTAKE_CLERK, "140500", "assistance_centre", ""),
    ("mediator", "赵敏", Role.HANDLER, "140500", "assistance_centre", ""),
    ("centre_head", "陈建国", Role.CENTRE_HEAD, "140500", "assistance_centre", ""),
    ("officer_city", "李强", Role.OFFICER, "140500", "market_supervision", "14050019001"),
    ("officer_city2", "张伟", Role.OFFICER, "140500", "market_supervision", "14050019002"),
    ("officer_zezhou", "郭鹏", Role.OFFICER, "140525", "market_supervision", "14052519003"),
    ("reviewer", "刘芳", Role.LEGAL_REVIEWER, "140500", "market_supervision", ""),
    ("bureau_head", "杨志刚", Role.AGENCY_HEAD, "140500", "market_supervision", ""),
    ("credit_officer", "孙娜", Role.CREDIT_OFFICER, "140500", "market_supervision", ""),
    ("auditor", "周涛", Role.AUDITOR, "140500", "market_supervision", ""),
    ("admin", "系统管理员", Role.ADMINISTRATOR, "140500", "market_supervision", ""),
    # A partner agency of joint punishment: only the partner API (is this party listed?).
    ("partner", "晋城市发展和改革委员会（信用办）", Role.PARTNER, "140500", "", ""),
]


def load_demo_users() -> dict[str, User]:
    users = {}
    for username, full_name, role, jurisdiction, kind, certificate in DEMO_USERS:
        department = Department.objects.filter(kind=kind, jurisdiction_id=jurisdiction).first() if kind else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "jurisdiction_id": jurisdiction,
                "department": department,
                "certificate_number": certificate,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
                "is_active": True,
                "email": f"{username}@example.invalid",
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users[username] = user
    return users
