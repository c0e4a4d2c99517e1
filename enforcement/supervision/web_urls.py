"""Staff pages of agency supervision, included by casemgmt/urls.py under "supervision/" in the
"web" namespace (e.g. web:supervision-agency)."""

from django.urls import path

from .web import directory, plans, spot_checks

urlpatterns = [
    # 检查对象名录
    path("agencies/", directory.agency_list, name="supervision-agencies"),
    path("agencies/new/", directory.agency_create, name="supervision-agency-create"),
    path("agencies/import/", directory.agency_import, name="supervision-agency-import"),
    path("agencies/<int:pk>/", directory.agency_detail, name="supervision-agency"),
    path("agencies/<int:pk>/edit/", directory.agency_edit, name="supervision-agency-edit"),
    # 检查人员名录
    path("inspectors/", directory.inspector_list, name="supervision-inspectors"),
    path("inspectors/new/", directory.inspector_create, name="supervision-inspector-create"),
    path("inspectors/import/", directory.inspector_import, name="supervision-inspector-import"),
    path("inspectors/<int:pk>/", directory.inspector_detail, name="supervision-inspector"),
    path("inspectors/<int:pk>/edit/", directory.inspector_edit, name="supervision-inspector-edit"),
    path("inspectors/<int:pk>/conflicts/", directory.inspector_conflict, name="supervision-inspector-conflict"),
    # 抽查事项清单、年度抽查计划
    path("items/", plans.item_list, name="supervision-items"),
    path("items/new/", plans.item_create, name="supervision-item-create"),
    path("items/<int:pk>/edit/", plans.item_edit, name="supervision-item-edit"),
    path("plans/", plans.plan_list, name="supervision-plans"),
    path("plans/new/", plans.plan_create, name="supervision-plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="supervision-plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="supervision-plan-edit"),
    path("plans/<int:pk>/file/", plans.plan_file, name="supervision-plan-file"),
    # 抽查任务
    path("spot-checks/new/", spot_checks.spot_check_create, name="supervision-spot-check-create"),
    path("spot-checks/<int:pk>/", spot_checks.spot_check_detail, name="supervision-spot-check"),
    path("spot-checks/<int:pk>/draw/", spot_checks.spot_check_draw, name="supervision-spot-check-draw"),
    path("spot-checks/<int:pk>/verify/", spot_checks.spot_check_verify, name="supervision-spot-check-verify"),
    path(
        "spot-checks/<int:pk>/targets/<int:target_id>/result/",
        spot_checks.target_result,
        name="supervision-spot-check-result",
    ),
    path(
        "spot-checks/<int:pk>/targets/<int:target_id>/follow-up/",
        spot_checks.target_follow_up,
        name="supervision-spot-check-follow-up",
    ),
    path(
        "spot-checks/<int:pk>/targets/<int:target_id>/redraw/",
        spot_checks.spot_check_redraw,
        name="supervision-spot-check-redraw",
    ),
]
