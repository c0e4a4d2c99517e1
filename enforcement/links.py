"""From an enforcement case page to its on-site inspections: the "现场检查" button for officers who
may log a raid now, a plain link for other readers once the case has inspections or measures."""

from django.urls import reverse

from casemgmt.web.object_links import ObjectLink, register_object_links

from .models import EnforcementCase, Inspection, Seizure
from .rules.inspections import raid_refusal


def raid_links(case: EnforcementCase, user) -> list[ObjectLink]:
    url = reverse("web:enforcement-raid", args=[case.pk])
    if user.is_authenticated and raid_refusal(case, user) is None:
        return [ObjectLink("现场检查", url, hint="记录检查、拍照取证、查封扣押", primary=True)]
    if Inspection.objects.filter(case=case).exists() or Seizure.objects.filter(case=case).exists():
        return [ObjectLink("现场检查与查封扣押记录", url)]
    return []


register_object_links(EnforcementCase, raid_links)
