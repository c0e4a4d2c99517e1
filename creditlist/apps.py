from django.apps import AppConfig


class CreditlistConfig(AppConfig):
    name = "creditlist"
    verbose_name = "严重违法失信名单"
