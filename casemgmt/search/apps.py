from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "casemgmt.search"
    label = "search"
    verbose_name = "检索"
