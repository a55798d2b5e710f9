"""SLA Portal settings, read from the environment.

The defaults boot a fresh clone with no server at all: SQLite under ``var/`` and a Celery broker
on the filesystem. Production sets ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SECRET_KEY`` and
``ALLOWED_HOSTS``; ``DEBUG`` is off unless asked for. The variables are listed in the README.
"""

import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SLAPORTAL_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The development key is marked insecure on purpose: `check --deploy` rejects it.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "ninja",  # serves its API docs' assets locally (no CDN)
    "django_tables2",
    "django_filters",
    "django_htmx",  # serves htmx itself (no CDN)
    "import_export",  # the lead admin's CSV import (leads/services/imports.py)
    "slaportal.org",
    "slaportal.health",
    "slaportal.charter",
    "slaportal.api",
    "slaportal.events",
    "leads",
    "pipeline",
    "escalations",
    "scoreboard",
    "workspaces",
    "slaportal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked `login_not_required`.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "slaportal.org.middleware.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "slaportal.urls"
WSGI_APPLICATION = "slaportal.wsgi.application"
ASGI_APPLICATION = "slaportal.asgi.application"

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
                "workspaces.context_processors.navigation",
                "workspaces.context_processors.notification_bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'slaportal.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates its file but not the folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat write to the same file: WAL lets readers run beside a writer, and
    # IMMEDIATE transactions queue writers instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short, or aggregates over indexed ranges: compiling them (JIT,
    # chosen by cost estimates) took longer than running them — 1 s of a 1.5 s scoreboard
    # query at 1,000,000 leads (bench/scoreboard_bench.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A charter version's admin page edits every row of the version at once (about 1,500 fields
# for v1); Django's default cap of 1,000 would refuse its save.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Close-date pushes are counted per fiscal quarter; 1 = the fiscal year is the calendar year.
FISCAL_YEAR_START_MONTH = env_int("FISCAL_YEAR_START_MONTH", 1)
# Business dates ("today", close dates, fiscal quarters) are taken in this zone; empty: the zone
# of the default business calendar (`slaportal/company.py`).
COMPANY_TIME_ZONE = env_str("COMPANY_TIME_ZONE")
if COMPANY_TIME_ZONE:
    try:
        ZoneInfo(COMPANY_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"COMPANY_TIME_ZONE={COMPANY_TIME_ZONE!r} is not an IANA zone") from error

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# HTTPS hardening is on whenever DEBUG is off; HTTPS=0 only behind a proxy that already
# redirects (it must then send X-Forwarded-Proto, see SECURE_PROXY_SSL_HEADER below).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# For the file-based backend (django.core.mail.backends.filebased.EmailBackend): a folder.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SLA Portal <sla-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where people open the portal: notifications link to it.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Slack notifications are off until a webhook is configured.
SLACK_WEBHOOK_URL = env_str("SLACK_WEBHOOK_URL")
SLACK_CHANNEL = env_str("SLACK_CHANNEL", "#revops-sla")

# Celery: with no CELERY_BROKER_URL the broker is a folder, so worker and beat run with no
# server; production points it at Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_FILESYSTEM_BROKER_DIR = Path(
    env_str("CELERY_FILESYSTEM_BROKER_DIR", str(VAR_DIR / "celery-broker"))
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        # Folders are polled: a short interval keeps task pick-up and worker pings quick.
        "polling_interval": 0.2,
    }
else:
    # Sending a task tries the broker a few times, then gives up: a request or a sweep is not
    # held up while Redis is down (what it wanted to send is relayed by the next sweep).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "socket_connect_timeout": 2,
    }
# The sweep has a queue of its own, which every worker also consumes (a worker takes from all
# of `task_queues` by default): a backlog of deliveries never holds up finding breaches.
CELERY_TASK_QUEUES = (Queue("sla", routing_key="sla"), Queue("celery", routing_key="celery"))
CELERY_TASK_ROUTES = {"escalations.tasks.sla_sweep": {"queue": "sla"}}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Beat sends a heartbeat task every HEARTBEAT_INTERVAL seconds; the health page calls beat
# unhealthy when the last one a worker executed is older than three intervals.
HEARTBEAT_INTERVAL = timedelta(seconds=env_int("HEARTBEAT_INTERVAL", 15))
# Beat starts an SLA sweep this often (seconds): the bound on how late a breach is seen.
SLA_SWEEP_INTERVAL = timedelta(seconds=env_int("SLA_SWEEP_INTERVAL", 2))
# A notification's delivery task runs at commit; the sweep relays what is still undelivered
# this long after (the broker was down), and takes over an attempt that held its row longer
# than the claim (its worker died).
SLA_RELAY_GRACE = timedelta(seconds=env_int("SLA_RELAY_GRACE_SECONDS", 30))
SLA_DELIVERY_CLAIM = timedelta(seconds=env_int("SLA_DELIVERY_CLAIM_SECONDS", 60))
# The scoreboard sums daily rollups for past days: how stale a past day's count may be.
SCOREBOARD_ROLLUP_INTERVAL = timedelta(seconds=env_int("SCOREBOARD_ROLLUP_INTERVAL", 900))
CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {
        "task": "slaportal.health.tasks.record_heartbeat",
        "schedule": HEARTBEAT_INTERVAL,
        # A heartbeat nobody ran in time is worthless: drop it rather than queue it up.
        "options": {"expires": HEARTBEAT_INTERVAL.total_seconds()},
    },
    # Speed to lead is the product: a breach is noticed within seconds of its deadline.
    "sla-sweep": {
        "task": "escalations.tasks.sla_sweep",
        "schedule": SLA_SWEEP_INTERVAL,
        # A sweep nobody ran in time is replaced by the next one.
        "options": {"expires": SLA_SWEEP_INTERVAL.total_seconds()},
    },
    # The scoreboard's daily rollups (past days; today is always counted live).
    "scoreboard-rollups": {
        "task": "scoreboard.tasks.refresh_rollups",
        "schedule": SCOREBOARD_ROLLUP_INTERVAL,
        "options": {"expires": SCOREBOARD_ROLLUP_INTERVAL.total_seconds()},
    },
    "charter-supersede-replaced-versions": {
        "task": "slaportal.charter.tasks.supersede_replaced_versions",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},
    },
}


def _refusal_without_traceback(record) -> bool:
    """A 403 is the portal answering as designed (“Forbidden (Permission denied): /path”), not
    a failure: one line, without the traceback Django attaches. Real errors keep theirs."""
    if getattr(record, "status_code", None) == 403:
        record.exc_info = record.exc_text = None
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusal_without_traceback": {
            "()": "django.utils.log.CallbackFilter",
            "callback": _refusal_without_traceback,
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["refusal_without_traceback"]},
        "django.db.backends": {"level": "INFO"},
        # A failing check is reported by /health/ itself; its traceback on every poll is noise.
        "health_check": {"level": "ERROR"},
    },
}
