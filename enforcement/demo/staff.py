"""The bureau staff of the enforcement demo: the accounts it adds next to the kernel's demo
accounts, and each bureau's officers, head and legal reviewer."""

from django.conf import settings

from casemgmt.org.models import Department, Role, User

CITY, ZEZHOU, GAOPING, YANGCHENG = "140500", "140525", "140581", "140522"

# Bureau staff the demo adds next to the shared demo accounts: a second (and third) officer where
# a team or panel needs one, and each county bureau's head and legal reviewer.
# username, full name, role, jurisdiction, certificate number
EXTRA_STAFF = [
    ("officer_city3", "王磊", Role.OFFICER, CITY, "14050019004"),
    ("officer_zezhou2", "冯军", Role.OFFICER, ZEZHOU, "14052519005"),
    ("head_zezhou", "韩建华", Role.AGENCY_HEAD, ZEZHOU, ""),
    ("reviewer_zezhou", "程丽", Role.LEGAL_REVIEWER, ZEZHOU, ""),
    ("officer_gaoping", "牛晓东", Role.OFFICER, GAOPING, "14058119006"),
    ("officer_gaoping2", "常斌", Role.OFFICER, GAOPING, "14058119007"),
    ("head_gaoping", "李志宏", Role.AGENCY_HEAD, GAOPING, ""),
    ("reviewer_gaoping", "毕娟", Role.LEGAL_REVIEWER, GAOPING, ""),
    ("officer_yangcheng", "田勇", Role.OFFICER, YANGCHENG, "14052219008"),
    ("officer_yangcheng2", "原晓燕", Role.OFFICER, YANGCHENG, "14052219009"),
    ("head_yangcheng", "吉国强", Role.AGENCY_HEAD, YANGCHENG, ""),
    ("reviewer_yangcheng", "卫敏", Role.LEGAL_REVIEWER, YANGCHENG, ""),
]


def extra_staff() -> dict[str, User]:
    staff = {}
    for username, full_name, role, code, certificate in EXTRA_STAFF:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "jurisdiction_id": code,
                "department": Department.objects.filter(kind="market_supervision", jurisdiction_id=code).first(),
                "certificate_number": certificate,
                "is_active": True,
                "email": f"{username}@example.invalid",
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        staff[username] = user
    return staff


def bureaus_of(users: dict) -> dict[str, dict]:
    return {
        CITY: {
            "officers": [users["officer_city"], users["officer_city2"], users["officer_city3"]],
            "head": users["bureau_head"],
            "reviewer": users["reviewer"],
        },
        ZEZHOU: {
            "officers": [users["officer_zezhou"], users["officer_zezhou2"]],
            "head": users["head_zezhou"],
            "reviewer": users["reviewer_zezhou"],
        },
        GAOPING: {
            "officers": [users["officer_gaoping"], users["officer_gaoping2"]],
            "head": users["head_gaoping"],
            "reviewer": users["reviewer_gaoping"],
        },
        YANGCHENG: {
            "officers": [users["officer_yangcheng"], users["officer_yangcheng2"]],
            "head": users["head_yangcheng"],
            "reviewer": users["reviewer_yangcheng"],
        },
    }
