"""Who may use the staff API at all: signed-in members of the programme's staff. Partner
agencies of joint punishment sign in too, but only for the partner API, which names its own
permission; every other view refuses them (403)."""

from rest_framework.permissions import IsAuthenticated


class StaffMember(IsAuthenticated):
    message = "该账号仅可使用联合惩戒查询接口。"

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return not getattr(request.user, "is_partner", False)
