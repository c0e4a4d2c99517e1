from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notification_create(
    *, recipient, title: str, body: str = "", url: str = "", level: str = "info", dedupe_key: str = ""
) -> Notification | None:
    """Create an in-app notification; with a dedupe key, a repeat is a no-op (returns None)."""
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, title=title, body=body, url=url, level=level, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return None
    if settings.NOTIFY_BY_EMAIL and recipient.email:
        transaction.on_commit(
            lambda: send_mail(
                title, f"{body}\n{url}", settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=True
            )
        )
    return notification


def notification_mark_read(*, user, ids=None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    return queryset.update(read_at=timezone.now())
