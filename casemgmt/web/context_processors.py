"""The left navigation and header facts of every staff page, chosen by the user's role."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from casemgmt.notifications.selectors import unread_count
from casemgmt.org.models import Role
from casemgmt.parties.selectors import parties_visible_to
from casemgmt.workflow.registry import workflow_types


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    icon: str
    active: bool = False
    badge: int = 0


def visible_workflow_types(user) -> list:
    """Workflow types the user's role may read. A selector answers `.none()` for roles outside the
    workflow, which is known without a query, so an empty area still shows its entry."""
    return [wf for wf in workflow_types() if not wf.selector(user).query.is_empty()]


def _sees_parties(user) -> bool:
    return not parties_visible_to(user).query.is_empty()


def _is_active(full_path: str, url: str) -> bool:
    if "?" in url or url == "/":
        return full_path == url
    path = full_path.split("?", 1)[0]
    return path.startswith(url) and full_path == path


def _queue_url(queue, list_url: str) -> str:
    """A queue is the type's list filtered by its params, or a page of its own (`url_name`)."""
    url = reverse(queue.url_name) if queue.url_name else list_url
    return f"{url}?{urlencode(queue.params)}" if queue.params else url


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = unread_count(user)
    path = request.get_full_path()
    work = [
        ("工作台", reverse("web:home"), "home", 0),
        ("我的期限", reverse("web:deadlines"), "clock", 0),
        ("通知", reverse("web:notifications"), "bell", unread),
    ]
    business = []
    for wf in visible_workflow_types(user):
        list_url = reverse("web:object-list", args=[wf.key])
        business += [(q.label, _queue_url(q, list_url), "inbox", 0) for q in wf.queues if user.role in q.roles]
        business.append((wf.label, list_url, "folder", 0))
    tools = [
        ("统计看板", reverse("web:dashboard"), "chart", 0),
        *([("当事人名录", reverse("web:party-list"), "folder", 0)] if _sees_parties(user) else []),
        ("全文检索", reverse("web:search"), "search", 0),
        ("流程图", reverse("web:workflows"), "flow", 0),
    ]
    if user.is_staff:
        tools.append(("系统管理", reverse("admin:index"), "settings", 0))

    def entries(items):
        return [NavEntry(label, url, icon, _is_active(path, url), badge) for label, url, icon, badge in items]

    groups = [("工作", entries(work)), ("业务办理", entries(business)), ("工具", entries(tools))]
    return {
        "nav_groups": [(title, items) for title, items in groups if items],
        "unread_notifications": unread,
        "user_role_label": Role(user.role).label if user.role in Role.values else user.role,
        "read_only_user": user.role == Role.AUDITOR,
    }
