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


def notifications_create_many(notifications: list[Notification]) -> list[Notification]:
    """Create many unsaved notifications in bulk (a periodic sweep's warnings); those whose
    (recipient, dedupe key) already exists are left out. Returns the ones created."""
    keyed = [n for n in notifications if n.dedupe_key]
    existing = set()
    for start in range(0, len(keyed), 1000):
        batch = keyed[start : start + 1000]
        existing |= set(
            Notification.objects.filter(dedupe_key__in={n.dedupe_key for n in batch}).values_list(
                "recipient_id", "dedupe_key"
            )
        )
    fresh, seen = [], set()
    for notification in notifications:
        key = (notification.recipient_id, notification.dedupe_key)
        if notification.dedupe_key and (key in existing or key in seen):
            continue
        seen.add(key)
        fresh.append(notification)
    # ignore_conflicts: a sweep running at the same moment may have created one of them since.
    Notification.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    if settings.NOTIFY_BY_EMAIL:
        mails = [(n.title, f"{n.body}\n{n.url}", n.recipient.email) for n in fresh if n.recipient.email]
        transaction.on_commit(
            lambda: [send_mail(t, b, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=True) for t, b, to in mails]
        )
    return fresh


def notification_mark_read(*, user, ids=None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    return queryset.update(read_at=timezone.now())
