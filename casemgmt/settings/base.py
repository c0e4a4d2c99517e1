"""Settings read from the environment, with embedded defaults that run anywhere.

Embedded defaults: SQLite, the embedded (database) search backend, Celery tasks run
eagerly in-process. Production: PostgreSQL (DATABASE_URL), Elasticsearch
(SEARCH_BACKEND=elasticsearch, ELASTICSEARCH_URL), Celery workers on Redis
(CELERY_BROKER_URL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CASEMGMT_VAR_DIR", BASE_DIR / "var"))

DEMO_SECRET_KEY = "demo-insecure-key-do-not-use-in-production"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("PRODUCTION")
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")


def check_production_settings() -> None:
    """Production mode refuses to start on demo credentials or with DEBUG on."""
    if not PRODUCTION:
        return
    problems = []
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32:
        problems.append("SECRET_KEY must be set to a private value of at least 32 characters")
    if DEBUG:
        problems.append("DEBUG must be off")
    if problems:
        raise ImproperlyConfigured("Production mode: " + "; ".join(problems))


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # API tokens that expire (security block below)
    "axes",  # one sign-in lockout policy (security block below)
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, not a CDN
    "django_filters",
    "casemgmt.org",
    "casemgmt.parties",
    "casemgmt.workflow",
    "casemgmt.calendar",
    "casemgmt.numbering",
    "casemgmt.notifications",
    "casemgmt.search",
    "casemgmt.files",
    "casemgmt.documents",
    "casemgmt.publication",
    "casemgmt.web",
    "casemgmt.demo",
    "cases",
    "enforcement",
    "enforcement.supervision",
    "creditlist",
    "dashboard",  # 统计看板 (issue 15 item 3): reads every workflow through its selector
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casemgmt.web.errors.DomainErrorMiddleware",
    "casemgmt.web.errors.DatabaseUnavailableMiddleware",  # 503, not 500, while the database is out of reach
    "casemgmt.web.partner.PartnerGateMiddleware",
    "casemgmt.privacy.RedactHtmlMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casemgmt.urls"
WSGI_APPLICATION = "casemgmt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casemgmt.web.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'casemgmt.sqlite3'}")
# Seconds a connection is kept for the next request (a new PostgreSQL connection costs more than
# a public lookup); checked before reuse, so a restarted server costs one failed check, not errors.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0))
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers
    # queue on the busy timeout instead of failing on a read-to-write lock upgrade.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "casemgmt" / "web" / "static"]
# Outside production WhiteNoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Security: the client's address, sign-in lockout, API tokens, HTTPS, CSP (issue 13) ---
# Proxies in front of the application that append to X-Forwarded-For (0: none, the header is
# ignored). casemgmt.client_address.client_address is the one reader; DRF and django-axes use it.
TRUSTED_PROXY_COUNT = max(0, int(os.environ.get("TRUSTED_PROXY_COUNT", 0)))

# One lockout for every way in (staff login form, /admin/login/, /api/auth/token/): after
# LOGIN_FAILURES_ALLOWED failures for one account name from one client address, that pair is
# refused for LOGIN_LOCKOUT_MINUTES (each further attempt meanwhile restarts the wait).
LOGIN_FAILURES_ALLOWED = int(os.environ.get("LOGIN_FAILURES_ALLOWED", 10))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 15))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # shared by all processes, listed in the admin
AXES_FAILURE_LIMIT = LOGIN_FAILURES_ALLOWED
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "casemgmt.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "casemgmt.org.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429

# API tokens (django-rest-knox): stored hashed, expire, revoked on logout. Staff tokens last a
# working day; partner agencies' systems fetch a fresh one for each daily import.
API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", 10))
PARTNER_API_TOKEN_HOURS = int(os.environ.get("PARTNER_API_TOKEN_HOURS", 24))
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS),
    "AUTH_HEADER_PREFIX": "Token",  # the contract's `Authorization: Token <key>`
    "AUTO_REFRESH": False,
}

# /api/docs/ and /api/schema/ need a signed-in account (on by default in production).
API_DOCS_REQUIRE_LOGIN = env_bool("API_DOCS_REQUIRE_LOGIN", PRODUCTION)

# Content-Security-Policy (django-csp), in every mode: scripts and styles come from our own
# static files only (no inline code, no CDN); Swagger UI's and the admin's icons are data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole registered domain into browsers for years: the domain
        # owner's decision (SECURE_HSTS_PRELOAD=true), not a default of this application.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if TRUSTED_PROXY_COUNT:
        # Only our own proxy may say the original request came over HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- end of the security block ---

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "casemgmt",
    }
}
if os.environ.get("CACHE_URL", "").startswith("redis://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }

# Seconds a public lookup's answer is kept (casemgmt.publication.public_cache; 0: never cached).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", 60))

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous caller's refusal a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casemgmt.api.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["casemgmt.api.permissions.StaffMember"],
    "DEFAULT_SCHEMA_CLASS": "casemgmt.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "casemgmt.api.pagination.StandardPagination",
    "EXCEPTION_HANDLER": "casemgmt.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "casemgmt.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "casemgmt.api.renderers.XLSXRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "public": os.environ.get("PUBLIC_RATE", "60/min"),
        "public_submit": os.environ.get("PUBLIC_SUBMIT_RATE", "5/hour"),
        "login": os.environ.get("LOGIN_RATE", "20/min"),
    },
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "casemgmt API — 晋城市知识产权保护案件管理系统",
    "DESCRIPTION": "维权援助、调解仲裁、执法办案、双随机监管与严重违法失信名单的统一接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files (works offline, under the CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReferralKindEnum": "cases.models.ArbitrationReferral.Kind",
        "PartyKindEnum": "casemgmt.parties.models.Party.Kind",
        "AttachmentKindEnum": "casemgmt.files.models.Attachment.Kind",
        "InspectionPersonRoleEnum": "enforcement.models.InspectionPerson.Role",
        "DeadlineStatusEnum": "casemgmt.calendar.models.Deadline.Status",
        "AgencyStatusEnum": "enforcement.supervision.models.choices.AgencyStatus",
        "PaymentArrangementKindEnum": "enforcement.choices.ArrangementKind",
        "RemedyKindEnum": "enforcement.choices.RemedyKind",
        "RemedyOutcomeEnum": "enforcement.choices.RemedyOutcome",
        "NationalMeasureEnum": "enforcement.choices.NationalMeasure",
        "SeizureMeasureEnum": "enforcement.models.Seizure.Measure",
        "PenaltyOutcomeEnum": "enforcement.choices.Outcome",
    },
}

# Celery: eager (in-process) unless a broker is configured.
_BROKER_FROM_ENV = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not _BROKER_FROM_ENV)
# Without a configured broker, tasks run in-process; the in-memory transport keeps Celery from
# guessing an AMQP server on localhost.
CELERY_BROKER_URL = _BROKER_FROM_ENV or "memory://localhost//"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", _BROKER_FROM_ENV or None)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "scan-deadlines": {
        "task": "casemgmt.calendar.tasks.scan_deadlines",
        "schedule": float(os.environ.get("DEADLINE_SCAN_SECONDS", 3600)),
    },
    "drain-search-outbox": {
        "task": "casemgmt.search.tasks.drain_outbox",
        "schedule": float(os.environ.get("SEARCH_OUTBOX_DRAIN_SECONDS", 60)),
    },
    "repack-search-index": {
        "task": "casemgmt.search.tasks.repack_embedded_index",
        "schedule": float(os.environ.get("SEARCH_EMBEDDED_REPACK_SECONDS", 300)),
    },
    "expire-publications": {
        "task": "casemgmt.publication.tasks.expire_publications",
        "schedule": float(os.environ.get("PUBLICATION_EXPIRY_SCAN_SECONDS", 3600)),
    },
    "expire-credit-entries": {
        "task": "creditlist.tasks.expire_credit_entries",
        "schedule": float(os.environ.get("CREDITLIST_EXPIRY_SCAN_SECONDS", 3600)),
    },
}

# Search
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "embedded")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "casemgmt")
SEARCH_ANALYZER = os.environ.get("SEARCH_ANALYZER", "cjk")  # cjk | ik_max_word | smartcn (needs the plugins)
SEARCH_ES_TIMEOUT = float(os.environ.get("SEARCH_ES_TIMEOUT", 10))
SEARCH_ES_REFRESH = os.environ.get("SEARCH_ES_REFRESH", "false")  # false | true | wait_for
SEARCH_ES_REPLICAS = int(os.environ.get("SEARCH_ES_REPLICAS", 0))
SEARCH_ES_CLIENT_OPTIONS: dict = {}  # extra Elasticsearch() options; credentials may go in ELASTICSEARCH_URL
# At most one drain wake-up per this many seconds per process (casemgmt.search.indexing).
SEARCH_DRAIN_WAKEUP_SECONDS = float(os.environ.get("SEARCH_DRAIN_WAKEUP_SECONDS", 1))
SEARCH_OUTBOX_BATCH_SIZE = int(os.environ.get("SEARCH_OUTBOX_BATCH_SIZE", 200))
# Embedded backend: where its packed index lives (local disk of the one machine it serves),
# and how many changed documents make the periodic task rebuild the packed index.
SEARCH_EMBEDDED_INDEX_DIR = Path(os.environ.get("SEARCH_EMBEDDED_INDEX_DIR", VAR_DIR / "search-index"))
SEARCH_EMBEDDED_REPACK_CHANGES = int(os.environ.get("SEARCH_EMBEDDED_REPACK_CHANGES", 1000))

# Deadlines: how many working days ahead a deadline counts as due soon.
DEADLINE_DUE_SOON_WORKING_DAYS = int(os.environ.get("DEADLINE_DUE_SOON_WORKING_DAYS", 3))

# Mail to applicants and staff: on the embedded defaults each message is written as a file to
# EMAIL_FILE_PATH (var/mail); production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# and the EMAIL_HOST… variables.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casemgmt@localhost")
# The address of the public portal as applicants reach it: the tracking links in e-mails start here.
PUBLIC_SITE_URL = os.environ.get("PUBLIC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Local service limits of the branch centre (DOMAIN §1: no national limit exists).
ASSISTANCE_ACCEPTANCE_WORKING_DAYS = int(os.environ.get("ASSISTANCE_ACCEPTANCE_WORKING_DAYS", 5))
ASSISTANCE_COMPLETION_WORKING_DAYS = int(os.environ.get("ASSISTANCE_COMPLETION_WORKING_DAYS", 30))

# Mediation and referral limits (DOMAIN §2; court-entrusted limits are local practice, verify).
MEDIATION_COURT_ENTRUSTED_DAYS = int(os.environ.get("MEDIATION_COURT_ENTRUSTED_DAYS", 30))
MEDIATION_COURT_ENTRUSTED_EXTENSION_DAYS = int(os.environ.get("MEDIATION_COURT_ENTRUSTED_EXTENSION_DAYS", 30))
MEDIATION_JUDICIAL_CONFIRMATION_DAYS = int(os.environ.get("MEDIATION_JUDICIAL_CONFIRMATION_DAYS", 30))
MEDIATION_COURT_REVIEW_DAYS = int(os.environ.get("MEDIATION_COURT_REVIEW_DAYS", 15))
MEDIATION_COURT_REVIEW_EXTENSION_DAYS = int(os.environ.get("MEDIATION_COURT_REVIEW_EXTENSION_DAYS", 10))
MEDIATION_COURT_REPORT_WORKING_DAYS = int(os.environ.get("MEDIATION_COURT_REPORT_WORKING_DAYS", 3))
REFERRAL_ARBITRATION_ACCEPTANCE_DAYS = int(os.environ.get("REFERRAL_ARBITRATION_ACCEPTANCE_DAYS", 5))
REFERRAL_LITIGATION_ACCEPTANCE_DAYS = int(os.environ.get("REFERRAL_LITIGATION_ACCEPTANCE_DAYS", 7))
REFERRAL_ADJUDICATION_ACCEPTANCE_WORKING_DAYS = int(os.environ.get("REFERRAL_ADJUDICATION_ACCEPTANCE_WORKING_DAYS", 5))

# Uploads: per-file limit; the whole body of a public submission is refused before it is read
# when larger; a phone number may submit only so many applications a day.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
PUBLIC_REQUEST_MAX_BYTES = int(os.environ.get("PUBLIC_REQUEST_MAX_BYTES", 25 * 1024 * 1024))
PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY = int(os.environ.get("PUBLIC_APPLICATIONS_PER_PHONE_PER_DAY", 3))

# Enforcement (DOMAIN §3a/§3b): provincial settings and limits marked (verify).
ENFORCEMENT_HEARING_THRESHOLD_PERSON = os.environ.get("ENFORCEMENT_HEARING_THRESHOLD_PERSON", "10000")
ENFORCEMENT_HEARING_THRESHOLD_ORGANIZATION = os.environ.get("ENFORCEMENT_HEARING_THRESHOLD_ORGANIZATION", "100000")
ENFORCEMENT_COLLECTIVE_DISCUSSION_FINE = os.environ.get("ENFORCEMENT_COLLECTIVE_DISCUSSION_FINE", "100000")
# Provincial patent-agency penalty powers (专利代理条例 arts. 25–27) delegated to these levels (verify).
ENFORCEMENT_PATENT_AGENCY_DELEGATED_LEVELS = os.environ.get("ENFORCEMENT_PATENT_AGENCY_DELEGATED_LEVELS", "city")
ENFORCEMENT_CRIMINAL_HINT_GAINS = os.environ.get("ENFORCEMENT_CRIMINAL_HINT_GAINS", "30000")
ENFORCEMENT_CRIMINAL_HINT_SALES = os.environ.get("ENFORCEMENT_CRIMINAL_HINT_SALES", "50000")
ENFORCEMENT_CRIMINAL_HINT_UNSOLD = os.environ.get("ENFORCEMENT_CRIMINAL_HINT_UNSOLD", "150000")
ADJUDICATION_FILING_WORKING_DAYS = int(os.environ.get("ADJUDICATION_FILING_WORKING_DAYS", 5))
ADJUDICATION_SERVICE_WORKING_DAYS = int(os.environ.get("ADJUDICATION_SERVICE_WORKING_DAYS", 5))
ADJUDICATION_ANSWER_DAYS = int(os.environ.get("ADJUDICATION_ANSWER_DAYS", 15))
ADJUDICATION_DECISION_MONTHS = int(os.environ.get("ADJUDICATION_DECISION_MONTHS", 3))
ADJUDICATION_EXTENSION_MONTHS = int(os.environ.get("ADJUDICATION_EXTENSION_MONTHS", 1))
ADJUDICATION_LAWSUIT_DAYS = int(os.environ.get("ADJUDICATION_LAWSUIT_DAYS", 15))

# Evidence files uploaded on site (photos, videos, documents).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 50 * 1024 * 1024))

# Publication of penalty decisions (DOMAIN §3c; low-fine thresholds are provincial settings, verify).
PUBLICATION_WORKING_DAYS = int(os.environ.get("PUBLICATION_WORKING_DAYS", 20))
PUBLICATION_WITHDRAWAL_WORKING_DAYS = int(os.environ.get("PUBLICATION_WITHDRAWAL_WORKING_DAYS", 3))
PUBLICATION_SHORT_PERIOD_MONTHS = int(os.environ.get("PUBLICATION_SHORT_PERIOD_MONTHS", 3))
PUBLICATION_PERIOD_MONTHS = int(os.environ.get("PUBLICATION_PERIOD_MONTHS", 36))
PUBLICATION_REPAIR_MIN_MONTHS = int(os.environ.get("PUBLICATION_REPAIR_MIN_MONTHS", 6))
PUBLICATION_LOW_FINE_PERSON = os.environ.get("PUBLICATION_LOW_FINE_PERSON", "10000")
PUBLICATION_LOW_FINE_ORGANIZATION = os.environ.get("PUBLICATION_LOW_FINE_ORGANIZATION", "100000")

# Agency supervision by 双随机、一公开 (DOMAIN §4): results published within 20 working days.
SPOT_CHECK_PUBLICATION_WORKING_DAYS = int(os.environ.get("SPOT_CHECK_PUBLICATION_WORKING_DAYS", 20))

# Serious-dishonesty list (DOMAIN §5; 《市场监督管理严重违法失信名单管理办法》 2021, limits marked verify).
# The level above's consent to county and city listing decisions (a 2025 draft drops it).
CREDITLIST_LEVEL_ABOVE_CONSENT = env_bool("CREDITLIST_LEVEL_ABOVE_CONSENT", True)
CREDITLIST_STATEMENT_WORKING_DAYS = int(os.environ.get("CREDITLIST_STATEMENT_WORKING_DAYS", 5))
CREDITLIST_PUBLICATION_WORKING_DAYS = int(os.environ.get("CREDITLIST_PUBLICATION_WORKING_DAYS", 20))
CREDITLIST_REVOCATION_WORKING_DAYS = int(os.environ.get("CREDITLIST_REVOCATION_WORKING_DAYS", 3))
CREDITLIST_REMOVAL_DECISION_WORKING_DAYS = int(os.environ.get("CREDITLIST_REMOVAL_DECISION_WORKING_DAYS", 15))
CREDITLIST_EARLY_REMOVAL_MIN_MONTHS = int(os.environ.get("CREDITLIST_EARLY_REMOVAL_MIN_MONTHS", 12))
CREDITLIST_PARTNER_CHANGES_MAX_DAYS = int(os.environ.get("CREDITLIST_PARTNER_CHANGES_MAX_DAYS", 366))


# --- issue 13, item 3 (sec-input): the API's JSON parser ---------------------------------------
# DRF's parsers with casemgmt's JSON parser, which refuses deep nesting (400 instead of a
# RecursionError) and applies DATA_UPLOAD_MAX_MEMORY_SIZE to JSON bodies too (413).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "casemgmt.api.parsers.JSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]

# --- Background jobs (issue 16, items 1 and 5; all of this block belongs to them) --------------------
# `make run` (scripts/run.py) starts a Redis broker, a Celery worker and beat next to the web
# server and exports CELERY_BROKER_URL and CACHE_URL for them; task dispatches go through the
# task outbox (casemgmt.jobs), which the beat's relay entry empties when a send failed; /healthz
# calls a periodic job late after interval × PERIODIC_LATE_MARGIN + PERIODIC_LATE_GRACE_SECONDS
# without a success.
INSTALLED_APPS += ["casemgmt.jobs", "casemgmt.backup"]  # backup: manage.py backup / restore
CELERY_BEAT_SCHEDULE["relay-task-outbox"] = {
    "task": "casemgmt.jobs.tasks.relay_task_outbox",
    "schedule": float(os.environ.get("TASK_OUTBOX_RELAY_SECONDS", 30)),
}
PERIODIC_LATE_MARGIN = float(os.environ.get("PERIODIC_LATE_MARGIN", 2))
PERIODIC_LATE_GRACE_SECONDS = float(os.environ.get("PERIODIC_LATE_GRACE_SECONDS", 60))

# --- Long jobs (issue 15, item 4) -----------------------------------------------------------------
# A staff list's Excel export of more rows than this runs as a background job with progress.
LIST_EXPORT_SYNC_MAX_ROWS = int(os.environ.get("LIST_EXPORT_SYNC_MAX_ROWS", 500))
# At most this many cases in one document batch (each is a numbered, audited issue).
DOCUMENT_BATCH_MAX_CASES = int(os.environ.get("DOCUMENT_BATCH_MAX_CASES", 500))
# A directory where issued documents' files are kept by what they are made of, so an identical
# document is laid out once (casemgmt.documents.render_cache). The test suite sets it; production
# does not need it.
DOCUMENT_RENDER_CACHE_DIR = os.environ.get("DOCUMENT_RENDER_CACHE_DIR", "")

# --- Faults (issue 16, item 4; all of this block belongs to it) --------------------------------------
# A task is acknowledged only once it finished (acks_late), and a task whose worker process died
# under it (SIGKILL, the OOM killer) goes back to the queue instead of being dropped
# (reject_on_worker_lost): so a task may run twice, never zero times, and every task's effect is
# idempotent (casemgmt.jobs.once for effects outside the database, such as mail).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task delivered again more often than this (its worker died under it each time) is set aside
# unrun, shown on /healthz, and queued again by an administrator (casemgmt.jobs.deliveries).
CELERY_TASK_MAX_REDELIVERIES = int(os.environ.get("CELERY_TASK_MAX_REDELIVERIES", 3))
# One task at a time per worker process: with late acks a prefetched task would wait behind a long one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a message nobody acknowledged (its whole worker was killed) after the visibility
# timeout; it must exceed the longest task and the longest retry countdown, or a task still running
# is delivered a second time. Workers look for such messages every CELERY_BROKER_RESTORE_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": float(os.environ.get("CELERY_BROKER_VISIBILITY_TIMEOUT", 3600)),
    "unacked_restore_interval": float(os.environ.get("CELERY_BROKER_RESTORE_SECONDS", 60)),
    "unacked_restore_throttle": 1,
}
# Persistent database connections (DATABASE_CONN_MAX_AGE, set with DATABASES above) are checked
# before a request reuses them, so after a database restart the next request opens a new one
# instead of failing on the dead one (and no app restart is needed).
