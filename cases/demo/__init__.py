"""The branch centre's demo data: assistance requests, mediation cases and arbitration/litigation
referrals in every state, and synthetic assistance requests for benchmarks. Registered with the
kernel's demo loader (`casemgmt.demo.registry`) by `CasesConfig.ready`; the modules (and the
services they call) are imported only when `load_demo` runs."""


def load_assistance(users, rng) -> int:
    from .assistance import load_demo_assistance

    return load_demo_assistance(users, rng)


def load_mediation(users, rng) -> int:
    from .mediation import load_demo_mediation

    return load_demo_mediation(users, rng)


def generate_synthetic(count: int) -> int:
    from .synthetic import load_synthetic_cases

    return load_synthetic_cases(count)


def register() -> None:
    from casemgmt.demo.registry import register_demo, register_synthetic

    register_demo("assistance", load_assistance)
    register_demo("mediation", load_mediation, after=("assistance",))
    register_synthetic("assistance", generate_synthetic)
