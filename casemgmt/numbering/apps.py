from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "casemgmt.numbering"
    label = "numbering"
    verbose_name = "文号"
