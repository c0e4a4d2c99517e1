from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from casemgmt.notifications.selectors import notifications_for
from casemgmt.notifications.services import notification_mark_read

PAGE_SIZE = 30


@login_required
@require_safe
def notifications(request):
    unread_only = request.GET.get("unread") == "1"
    queryset = notifications_for(request.user, unread_only=unread_only)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
@require_safe
def notification_open(request, pk):
    """Following a notification marks it read, then goes where it points (inside this site only)."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:notifications")


@login_required
@require_POST
def notifications_mark_read(request):
    """Marks the ticked notifications read, or all of them with all=1."""
    if request.POST.get("all") == "1":
        ids = None
    else:
        ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit() and len(value) < 19]
    count = notification_mark_read(user=request.user, ids=ids) if ids is None or ids else 0
    messages.success(request, f"已将 {count} 条通知标为已读。" if count else "没有需要标为已读的通知。")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:notifications")
