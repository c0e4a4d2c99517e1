from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = "执法办案"

    def ready(self):
        from casemgmt.org.models import Role
        from casemgmt.workflow.registry import Queue, register_workflow

        from . import (  # noqa: F401  (registers documents and search types)
            documents,
            effects,
            search,
            web_forms,  # noqa: F401  (registers the create and edit screens)
        )
        from .models import EnforcementCase
        from .selectors import enforcement_cases_visible_to

        register_workflow(
            key="enforcement_case",
            model=EnforcementCase,
            label="执法案件",
            selector=enforcement_cases_visible_to,
            api_prefix="enforcement-cases",
            queues=[
                Queue("待法制审核", {"state": "under_review"}, frozenset({Role.LEGAL_REVIEWER})),
                Queue("我的案件", {"mine": "1"}, frozenset({Role.OFFICER})),
                Queue("待核查线索", {"state": "clue"}, frozenset({Role.OFFICER, Role.AGENCY_HEAD})),
                Queue("待立案审查", {"state": "verifying"}, frozenset({Role.AGENCY_HEAD})),
                Queue("待集体讨论", {"state": "collective_discussion"}, frozenset({Role.AGENCY_HEAD})),
            ],
        )

        effects.declare()

        # The court-enforcement window moves with the party's periods when the calendar changes.
        from casemgmt.calendar.signals import deadline_due_moved

        from .services.execution import court_window_follow_remedy_periods

        deadline_due_moved.connect(court_window_follow_remedy_periods, dispatch_uid="enforcement-court-window")

        # Inspections, evidence and seizures on the case timeline; the raid page's entry on the case page.
        from . import execution_web, links, timeline  # noqa: F401
        from .services import case_import  # noqa: F401  (the Excel import of historical cases)

        execution_web.register()
        from .demo import register as register_demo_data

        register_demo_data()  # demo cases for `manage.py load_demo`
