from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_templates(sender, using="default", **kwargs) -> None:
    # After every migrate: a fresh install has version 1 of each kind's Word template to edit.
    from django.db import connections

    from .models import DocumentTemplate
    from .services import document_templates_seed

    if DocumentTemplate._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back below this app's tables

    document_templates_seed()


class DocumentsConfig(AppConfig):
    name = "casemgmt.documents"
    label = "documents"
    verbose_name = "法律文书"

    def ready(self) -> None:
        from casemgmt.backup.archive import register_reference_data

        from .models import DocumentTemplate

        # A freshly migrated database holds version 1 of each template and is still "empty".
        register_reference_data(DocumentTemplate)
        post_migrate.connect(_seed_templates, sender=self, dispatch_uid="documents-seed-templates")
