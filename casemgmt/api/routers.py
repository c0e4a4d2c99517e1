"""The API's router: a viewset offers create and update only where some role may use them."""

from rest_framework.routers import SimpleRouter

WRITE_ACTIONS = ("create", "update", "partial_update", "destroy")


class Router(SimpleRouter):
    """A SimpleRouter that leaves out the create/update/delete routes of a viewset whose
    `write_roles` name no role for them (e.g. records only transitions or other workflows
    create): such a route could never succeed, so it does not exist (405)."""

    def get_method_map(self, viewset, method_map):
        bound = super().get_method_map(viewset, method_map)
        roles = getattr(viewset, "write_roles", None)
        if roles is None:
            return bound
        return {method: action for method, action in bound.items() if action not in WRITE_ACTIONS or roles.get(action)}
