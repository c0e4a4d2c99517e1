"""Calendar rows changed by any path (admin, shell, loaddata): forget the cached years. And
`deadline_due_moved`, for limits that count from another limit's end.

The token is replaced at once, so the saving transaction itself recomputes with the new
rows, and again on commit, so a process that re-cached the old rows meanwhile does not keep them.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import CalendarDay, HolidayNotice, NoticeHoliday, NoticeWorkday
from .workdays import invalidate_calendar_cache


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=HolidayNotice)
@receiver(post_delete, sender=HolidayNotice)
@receiver(post_save, sender=NoticeHoliday)
@receiver(post_delete, sender=NoticeHoliday)
@receiver(post_save, sender=NoticeWorkday)
@receiver(post_delete, sender=NoticeWorkday)
def calendar_row_changed(sender, **kwargs) -> None:
    invalidate_calendar_cache()
    transaction.on_commit(invalidate_calendar_cache)


# Sent by a calendar change for each deadline whose due date it moved (`deadline`, `cause`). A limit
# counted from the end of another (the court-enforcement window from the end of the party's review
# and lawsuit periods) moves with it: the receiver moves it and returns the moved limits as
# [(deadline, old_due_text)], whose handlers are then told like those of the first.
deadline_due_moved = Signal()
