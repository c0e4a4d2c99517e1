from django.apps import AppConfig


class CreditlistConfig(AppConfig):
    name = "creditlist"
    verbose_name = "严重违法失信名单"

    def ready(self):
        from casemgmt.org.models import Role
        from casemgmt.workflow.registry import Queue, register_workflow

        from . import documents, effects, search  # noqa: F401  (registers documents and the search type)
        from .models import CreditEntry
        from .selectors import credit_entries_visible_to

        register_workflow(
            key="credit_entry",
            model=CreditEntry,
            label="严重违法失信名单",
            selector=credit_entries_visible_to,
            api_prefix="credit-list",
            queues=[
                Queue("提出列入建议", {}, frozenset({Role.CREDIT_OFFICER}), url_name="web:credit-propose"),
                Queue("拟列入", {"state": "candidate"}, frozenset({Role.CREDIT_OFFICER})),
                Queue("陈述申辩期", {"state": "notified"}, frozenset({Role.CREDIT_OFFICER})),
                Queue("待公示", {"state": "listed"}, frozenset({Role.CREDIT_OFFICER})),
                Queue("待审查同意列入", {"state": "awaiting_consent"}, frozenset({Role.AGENCY_HEAD})),
                Queue("待作出列入决定", {"state": "consented"}, frozenset({Role.AGENCY_HEAD})),
                Queue(
                    "待审查提前移出申请",
                    {"state": "removal_requested"},
                    frozenset({Role.LEGAL_REVIEWER, Role.AGENCY_HEAD}),
                ),
            ],
        )
        effects.declare()

        from casemgmt.backup.archive import register_reference_data

        from .models import CreditGround, JointMeasure

        register_reference_data(CreditGround, JointMeasure)  # the catalogues migration 0002 loads

        from .web import panel

        panel.register()  # the entry's panel and links on its workflow page

        from .demo import register as register_demo_data

        register_demo_data()  # demo entries for `manage.py load_demo`
