from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "维权援助与调解"

    def ready(self):
        from casemgmt.org.models import Role
        from casemgmt.workflow.registry import Queue, register_workflow

        from . import (  # noqa: F401  (registers documents, search, timeline)
            documents,
            effects,
            imports,  # the Excel imports of historical cases (casemgmt.imports)
            links,  # from a case page to the records its referrals opened
            search,
            timeline,
            web_forms,  # noqa: F401  (registers the create and edit screens)
        )
        from .models import ArbitrationReferral, AssistanceRequest, EnforcementReferral, MediationCase
        from .selectors import (
            arbitration_referrals_visible_to,
            assistance_requests_visible_to,
            enforcement_referrals_visible_to,
            mediations_visible_to,
        )

        register_workflow(
            key="assistance_request",
            model=AssistanceRequest,
            label="维权援助申请",
            selector=assistance_requests_visible_to,
            api_prefix="assistance-requests",
            queues=[
                Queue("受理队列", {"state": "submitted"}, frozenset({Role.INTAKE_CLERK, Role.CENTRE_HEAD})),
                Queue("我承办的援助申请", {"mine": "1"}, frozenset({Role.HANDLER})),
            ],
        )
        register_workflow(
            key="enforcement_referral",
            model=EnforcementReferral,
            label="移送执法记录",
            selector=enforcement_referrals_visible_to,
            api_prefix="enforcement-referrals",
        )
        register_workflow(
            key="mediation",
            model=MediationCase,
            label="调解案件",
            selector=mediations_visible_to,
            api_prefix="mediations",
            queues=[
                Queue("调解受理队列", {"state": "applied"}, frozenset({Role.INTAKE_CLERK, Role.CENTRE_HEAD})),
                Queue("我主持的调解", {"mine": "1"}, frozenset({Role.HANDLER})),
                Queue(
                    "调解日程",
                    {},
                    frozenset({Role.INTAKE_CLERK, Role.HANDLER, Role.CENTRE_HEAD, Role.AUDITOR}),
                    url_name="web:mediation-calendar",
                ),
            ],
        )
        register_workflow(
            key="arbitration_referral",
            model=ArbitrationReferral,
            label="仲裁/诉讼转介",
            selector=arbitration_referrals_visible_to,
            api_prefix="arbitration-referrals",
            queues=[Queue("我跟进的转介", {"mine": "1"}, frozenset({Role.HANDLER}))],
        )
        effects.declare()

        from .demo import register as register_demo_data

        register_demo_data()  # demo cases for `manage.py load_demo`
