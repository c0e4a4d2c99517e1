from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Agency supervision by 双随机、一公开 (DOMAIN §4): the directories of agencies and inspectors,
    inspection items and annual plans, spot-check tasks with a draw anyone can verify, results
    and follow-ups, and their publication."""

    name = "enforcement.supervision"
    label = "supervision"
    verbose_name = "代理机构双随机抽查"

    def ready(self):
        from casemgmt.org.models import Role
        from casemgmt.workflow.registry import Queue, register_workflow

        from . import effects
        from .models import SpotCheck
        from .selectors import spot_checks_visible_to

        register_workflow(
            key="spot_check",
            model=SpotCheck,
            label="双随机抽查任务",
            selector=spot_checks_visible_to,
            api_prefix="spot-checks",
            queues=[
                Queue("待确认的抽取", {"state": "drawn"}, frozenset({Role.AGENCY_HEAD})),
                Queue("待公示的抽查结果", {"state": "results_entered"}, frozenset({Role.LEGAL_REVIEWER})),
                Queue("我的抽查任务", {"mine": "1"}, frozenset({Role.OFFICER})),
            ],
        )
        effects.declare()
