"""What the branch centre's services share: parties named by registry data, who may register a
new object, which fields an edit may touch, and who acts in a cascade (a write that follows a
transition, authorised by that transition's own permission)."""

from casemgmt.errors import Forbidden, Invalid
from casemgmt.org.scoping import may_see_jurisdiction
from casemgmt.parties.models import Party
from casemgmt.parties.services import party_get_or_create
from casemgmt.workflow.actors import SystemActor

JURISDICTION_FIXED = ("jurisdiction_code", "登记后不能更改区划。")


def party(value) -> Party | None:
    """A Party row as given, or the registry's party for a dict of its data (registered if new)."""
    if value is None or isinstance(value, Party):
        return value
    return party_get_or_create(**value)


def actor_of(log):
    """Who fired the transition a cascade follows: the user, or the system by its rule."""
    if log.actor_role == "system":
        return SystemActor(log.system_rule or "系统自动")
    return log.actor


def check_registration(instance, actor, permission, *, forbidden: str) -> None:
    """A new object is registered by a role `permission` allows, in an area the actor works in."""
    if actor is None or not permission(instance, actor) or not may_see_jurisdiction(actor, instance.jurisdiction_id):
        raise Forbidden(forbidden)


def editable_fields(obj, fields: dict, *, editable: set[str], fixed: dict[str, tuple[str, str]]) -> dict:
    """The part of `fields` an edit may change. A fixed field (the jurisdiction, the source) may
    be sent with its current value, which is dropped; another value, or a field that is not
    editable at all, is refused (Invalid, under the input's name)."""
    errors, result = {}, {}
    for name, value in fields.items():
        if name in fixed:
            if value != getattr(obj, name):
                key, message = fixed[name]
                errors[key] = [message]
        elif name in editable:
            result[name] = value
        else:
            errors[name] = ["该项不能修改。"]
    if errors:
        raise Invalid("输入有误。", errors)
    return result
