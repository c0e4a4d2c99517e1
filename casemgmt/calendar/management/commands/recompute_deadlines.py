from django.core.management.base import BaseCommand, CommandError

from casemgmt.calendar.services import calendar_changed
from casemgmt.errors import Invalid


class Command(BaseCommand):
    help = "日历（节假日/调休）变更后重新计算涉及指定年份的期限，例如：recompute_deadlines 2027"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int, help="年份")

    def handle(self, *args, years, **options):
        try:
            count = calendar_changed(years)
        except Invalid as exc:
            raise CommandError("；".join(m for messages in exc.field_errors().values() for m in messages)) from None
        self.stdout.write(self.style.SUCCESS(f"已重新计算 {count} 个期限。"))
