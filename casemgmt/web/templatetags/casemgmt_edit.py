"""The create and edit hooks the generic list and detail pages include: the 新建 button of a list,
the 修改 / upload block of a detail page. Each shows only what the user may do now."""

from django import template
from django.urls import reverse

from casemgmt.imports.kernel import import_spec, may_import
from casemgmt.web.editing import edit_spec
from casemgmt.web.staged_uploads import MAX_FILES
from casemgmt.web.views.edit import ATTACHABLE_KINDS

register = template.Library()


@register.inclusion_tag("web/_create_button.html", takes_context=True)
def create_button(context, wf):
    user = context["request"].user
    spec = edit_spec(wf.key)
    allowed = spec is not None and spec.may_create(user)
    return {
        "url": reverse("web:object-create", args=[wf.key]) if allowed else "",
        "label": spec.create_label if spec else "",
    }


@register.inclusion_tag("web/_edit_actions.html", takes_context=True)
def edit_actions(context, wf, obj):
    user = context["request"].user
    spec = edit_spec(wf.key)
    if spec is None:
        return {"show": False}
    may_edit = bool(spec.may_edit(obj, user))
    editable = may_edit and bool(spec.editable_now(obj))
    links = list(spec.extra_links(obj, user)) if spec.extra_links else []
    attach = spec.attach_allowed(obj, user)
    return {
        "show": editable or attach or bool(links),
        "edit_url": reverse("web:object-edit", args=[wf.key, obj.pk]) if editable else "",
        "noun": spec.noun,
        "links": links,
        "attach": attach,
        "wf": wf,
        "obj": obj,
        "kinds": ATTACHABLE_KINDS,
        "values": {},
        "errors": {},
        "max_files": MAX_FILES,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/_import_button.html", takes_context=True)
def import_button(context, wf):
    """The list's 导入历史案件 button (casemgmt.imports), for those who may import (who else
    would meet a 403)."""
    spec = import_spec(wf.key)
    allowed = spec is not None and may_import(spec, context["request"].user)
    return {"url": reverse(spec.page_url_name) if allowed else ""}
