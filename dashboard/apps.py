from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """统计看板: the programme office's figures per period and county (issue 15 item 3), read
    through each workflow's own selector; every number links to the staff list of its cases."""

    name = "dashboard"
    verbose_name = "统计看板"

    def ready(self):
        from casemgmt.web.list_filters import register_list_filter

        from .list_filter import dashboard_list_filter

        register_list_filter(dashboard_list_filter)  # the list behind each number
