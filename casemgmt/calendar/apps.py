from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "casemgmt.calendar"
    label = "calendar"
    verbose_name = "工作日与期限"

    def ready(self) -> None:
        from . import signals  # noqa: F401
