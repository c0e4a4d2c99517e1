"""Settings of the web benchmark's server: the product's settings, plus one bare view next to the
product's URLs (bench.urls), so both are served by the same gunicorn."""

from casemgmt.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
