from .spot_checks import spot_checks_visible_to, targets_with_teams, team_conflicts

__all__ = ["spot_checks_visible_to", "targets_with_teams", "team_conflicts"]
from .directory import (  # noqa: E402
    DIRECTORY_READERS,
    agencies_visible_to,
    agency_search,
    inspector_search,
    inspectors_visible_to,
    may_read_directories,
)
from .plans import annual_plans_visible_to, inspection_items_visible_to  # noqa: E402

__all__ += [
    "DIRECTORY_READERS",
    "agencies_visible_to",
    "agency_search",
    "annual_plans_visible_to",
    "inspection_items_visible_to",
    "inspector_search",
    "inspectors_visible_to",
    "may_read_directories",
]
