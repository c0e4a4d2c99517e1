"""Demo data the apps register with the kernel's loader (`manage.py load_demo`).

The kernel loads its own part first (jurisdictions and departments come with the migrations, the
demo accounts from `users.py`); each app registers its demo cases from `AppConfig.ready`:

    register_demo("mediation", load_demo_mediation, after=("assistance",))
    register_synthetic("assistance", load_synthetic_cases)

A demo loader is `load(users, rng) -> int`: it gets the demo accounts by username and the one
random generator of the run (shared, so the data are the same on every run), creates its cases
through the real services unless it already did (idempotent), and returns how many it created.
Loaders run in registration order, each after the ones its `after` names (names not registered
are ignored: an app's demo does not require another app). A synthetic generator is
`generate(count) -> int` for `load_demo --cases N`.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

DemoLoad = Callable[[dict, random.Random], int]
SyntheticGenerate = Callable[[int], int]


@dataclass(frozen=True)
class DemoAccounts:
    """Accounts a loader adds besides the kernel's, listed by `load_demo` under `title`:
    rows of (username, full name, role, jurisdiction code)."""

    title: str
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: DemoLoad
    after: tuple[str, ...] = ()
    accounts: DemoAccounts | None = None


@dataclass(frozen=True)
class SyntheticGenerator:
    name: str
    generate: SyntheticGenerate


@dataclass
class _Registry:
    loaders: dict[str, DemoLoader] = field(default_factory=dict)
    synthetic: dict[str, SyntheticGenerator] = field(default_factory=dict)


_registry = _Registry()


def register_demo(
    name: str,
    load: DemoLoad,
    *,
    after: Sequence[str] = (),
    accounts_title: str = "",
    accounts: Sequence[tuple] = (),
) -> None:
    """Register an app's demo loader under `name`; registering a name again replaces it in place."""
    listed = DemoAccounts(accounts_title, tuple(tuple(row[:4]) for row in accounts)) if accounts else None
    _registry.loaders[name] = DemoLoader(name=name, load=load, after=tuple(after), accounts=listed)


def register_synthetic(name: str, generate: SyntheticGenerate) -> None:
    """Register a generator of synthetic cases for `load_demo --cases N`."""
    _registry.synthetic[name] = SyntheticGenerator(name=name, generate=generate)


def demo_loaders() -> list[DemoLoader]:
    """The registered loaders in the order they run: registration order, each after those it names."""
    pending = list(_registry.loaders.values())
    ordered: list[DemoLoader] = []
    done: set[str] = set()
    while pending:
        ready = next(
            (
                loader
                for loader in pending
                if all(name in done or name not in _registry.loaders for name in loader.after)
            ),
            None,
        )
        if ready is None:
            names = ", ".join(loader.name for loader in pending)
            raise ImproperlyConfigured(f"demo loaders wait for each other: {names}")
        ordered.append(ready)
        done.add(ready.name)
        pending.remove(ready)
    return ordered


def synthetic_generators() -> list[SyntheticGenerator]:
    return list(_registry.synthetic.values())
