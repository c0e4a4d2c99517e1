"""Who acts: a signed-in user, or the system applying a rule (a periodic task, a cascade, a
deadline's effect). The history keeps the actor as they were at the time."""

from dataclasses import dataclass

SYSTEM_NAME = "系统"


@dataclass(frozen=True)
class SystemActor:
    """The system acting by a rule, e.g. SystemActor("公示期满自动停止公示"). It passes no role's
    permission: only transitions and steps declared for the system (SystemOnly) accept it."""

    rule: str

    is_authenticated = True
    is_active = True
    is_system = True
    pk = None
    id = None
    role = ""
    username = ""
    jurisdiction_id = None
    display_name = SYSTEM_NAME

    def __post_init__(self):
        if not self.rule.strip():
            raise ValueError("A system actor names the rule it applies.")


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


@dataclass(frozen=True)
class ActorSnapshot:
    """The columns a history row keeps of its actor, frozen at the time of the act."""

    user: object  # the User, or None for the system and the public
    username: str
    name: str
    role: str
    system_rule: str


def snapshot(actor, *, public_name: str = "") -> ActorSnapshot:
    """The actor as the history records it. `actor` None is a member of the public (an online
    applicant), named by `public_name`."""
    if actor is None:
        return ActorSnapshot(None, "", public_name or "公众（网上提交）", "public", "")
    if is_system(actor):
        return ActorSnapshot(None, "", SYSTEM_NAME, "system", actor.rule)
    return ActorSnapshot(actor, actor.username, actor.display_name, actor.role or "", "")
