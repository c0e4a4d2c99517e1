from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "维权援助与调解"
