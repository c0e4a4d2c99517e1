from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "casemgmt.notifications"
    label = "notifications"
    verbose_name = "通知"
