"""From a spot-check task's generic page (flow diagram, full record) to its own page: the draw and
its explanation, the teams, the results and what the user may do there."""

from django.urls import reverse

from casemgmt.web.object_links import ObjectLink, register_object_links

from .models import SpotCheck


def task_page_links(spot_check: SpotCheck, user) -> list[ObjectLink]:
    url = reverse("web:supervision-spot-check", args=[spot_check.pk])
    return [ObjectLink("抽查任务办理", url, hint="随机抽取、核验、检查组与检查结果", primary=True)]


register_object_links(SpotCheck, task_page_links)
