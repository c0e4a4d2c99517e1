"""The bureaus' demo data, registered with the kernel's demo loader (`casemgmt.demo.registry`) by
`EnforcementConfig.ready`. Split by role: `staff` (the accounts it adds, each bureau's team),
`scenarios` (the cases and the path each takes), `steps` (who fires each step, with what payload,
when), `loader` (creates the cases through the real services and transitions; imported only when
`load_demo` runs)."""


def load_enforcement(users, rng) -> int:
    from .loader import load_demo_enforcement

    return load_demo_enforcement(users, rng)


def register() -> None:
    from casemgmt.demo.registry import register_demo

    from .staff import EXTRA_STAFF

    # After the branch centre's demo: the run shares one random generator, so the order keeps the data.
    register_demo(
        "enforcement",
        load_enforcement,
        after=("assistance", "mediation"),
        accounts_title="县级执法演示账号（同一密码）：",
        accounts=EXTRA_STAFF,
    )
