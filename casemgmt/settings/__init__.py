from .base import *  # noqa: F401,F403
from .base import check_production_settings

check_production_settings()
