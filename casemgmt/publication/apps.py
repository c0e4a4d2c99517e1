from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "casemgmt.publication"
    label = "publication"
    verbose_name = "信息公示"

    def ready(self):
        from casemgmt.org.models import Role
        from casemgmt.workflow.effects import declare_effects
        from casemgmt.workflow.registry import Queue, register_workflow

        from . import search  # noqa: F401  (registers the search type)
        from .models import Publication
        from .selectors import publications_visible_to
        from .services import EFFECTS

        register_workflow(
            key="publication",
            model=Publication,
            label="公示",
            selector=publications_visible_to,
            api_prefix="publications",
            queues=[Queue("待审核公示", {"state": Publication.State.PENDING}, frozenset({Role.LEGAL_REVIEWER}))],
        )
        declare_effects(Publication, EFFECTS)
