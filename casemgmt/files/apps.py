from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "casemgmt.files"
    label = "files"
    verbose_name = "附件"
