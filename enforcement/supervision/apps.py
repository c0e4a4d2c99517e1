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

        from . import documents, effects  # noqa: F401  (documents: registers the result notice)
        from .models import SpotCheck
        from .selectors import spot_checks_visible_to

        staff = frozenset({Role.OFFICER, Role.AGENCY_HEAD})

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
                Queue("检查对象名录", {}, staff, url_name="web:supervision-agencies"),
                Queue("检查人员名录", {}, staff, url_name="web:supervision-inspectors"),
                Queue("抽查计划", {}, staff, url_name="web:supervision-plans"),
            ],
        )
        effects.declare()

        # The task's own page from its generic page; agencies and tasks in full-text search;
        # demo data for `manage.py load_demo`.
        from . import links, search  # noqa: F401
        from .demo import register as register_demo_data

        register_demo_data()
