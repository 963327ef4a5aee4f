"""Settings for Sozial-Info, read from the environment in this one place (see .env.example)."""

import datetime
import os
import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env(name, default=""):
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


def env_bool(name, default):
    value = env(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_int(name, default, minimum=0):
    value = env(name, str(default))
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of {minimum} or more, not {value!r}."
        )
    return int(value)


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("DJANGO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


DEBUG = env_bool("DJANGO_DEBUG", True)


def secret_key():
    key = env("DJANGO_SECRET_KEY")
    if key:
        if not DEBUG and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured(
                "DJANGO_SECRET_KEY is too weak: use 50 or more random characters."
            )
        return key
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Development: one random key per checkout, kept out of git.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.forms",
    "django_filters",
    "import_export",
    "reversion",
    "axes",
    "partners",
    "schedule",
    "contacts",
    # Last, so its post_migrate hook sees every other app's permissions.
    "sozialinfo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sozialinfo.urls"
WSGI_APPLICATION = "sozialinfo.wsgi.application"
ASGI_APPLICATION = "sozialinfo.asgi.application"
SITE_ID = 1

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
                "sozialinfo.context_processors.info_point",
            ],
        },
    },
]

# Widget templates may live in templates/ too (the quick entry's chips).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sozialinfo.sqlite3'}"),
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses
    "partners.auth.MembershipBackend",  # partners only while a membership is active
]
# How long an invitation or password link works, in hours (default three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_HOURS", 72, minimum=1) * 3600

LANGUAGE_CODE = "de-at"
LANGUAGES = [("de-at", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Vienna"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # collectstatic writes here; whitenoise serves it
STATIC_ROOT.mkdir(exist_ok=True)
# Leaflet (the map) comes from the django-leaflet package as static files only: listing it in
# INSTALLED_APPS would load its admin widgets, which need GDAL.
LEAFLET_STATIC = Path(find_spec("leaflet").origin).parent / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", LEAFLET_STATIC)]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files need `collectstatic`; development serves straight from the sources.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "sozialinfo@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# The Sozialatlas map: a tile server with {z}, {x}, {y} in its URL, and its attribution (HTML).
# Visitors' browsers fetch tiles from there only after they agree to see the map.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env(
    "MAP_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
)
if not MAP_TILE_URL.startswith(("https://", "http://")) or not all(
    part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}")
):
    raise ImproperlyConfigured(
        f"MAP_TILE_URL must be an http(s) URL with {{z}}, {{x}} and {{y}}, not {MAP_TILE_URL!r}."
    )

# The contact log keeps single contacts this many years; `manage.py prune_contacts` (a daily
# cron job) then merges them into daily totals ("aggregate") or deletes them ("delete").
CONTACT_RETENTION_YEARS = env("CONTACT_RETENTION_YEARS", "3")
CONTACT_RETENTION_MODE = env("CONTACT_RETENTION_MODE", "aggregate")
if not CONTACT_RETENTION_YEARS.isdigit() or int(CONTACT_RETENTION_YEARS) < 1:
    raise ImproperlyConfigured(
        f"CONTACT_RETENTION_YEARS must be a whole number of 1 or more, not "
        f"{CONTACT_RETENTION_YEARS!r}."
    )
CONTACT_RETENTION_YEARS = int(CONTACT_RETENTION_YEARS)
if CONTACT_RETENTION_MODE not in {"aggregate", "delete"}:
    raise ImproperlyConfigured(
        f"CONTACT_RETENTION_MODE must be aggregate or delete, not {CONTACT_RETENTION_MODE!r}."
    )

# Importing needs the right to add rows, exporting the right to see them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"


# The public's suggestions and correction reports: how many one address (IPv4, or IPv6 /64) may
# send per hour. The counts live in the cache: set DJANGO_CACHE_DIR when several server
# processes run, so that they share one count (else each process counts on its own).
SUGGESTION_RATE_LIMIT = env_int("SUGGESTION_RATE_LIMIT", 5, minimum=1)
if env("DJANGO_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("DJANGO_CACHE_DIR"),
        }
    }

# Freshness: an entry nobody confirmed for ENTRY_STALE_MONTHS is stale; `manage.py
# remind_stale_entries` (a daily cron job) reminds its partners, again after ENTRY_REMINDER_DAYS.
ENTRY_STALE_MONTHS = env_int("ENTRY_STALE_MONTHS", 12, minimum=1)
ENTRY_REMINDER_DAYS = env_int("ENTRY_REMINDER_DAYS", 30, minimum=1)
# The site's address for links in e-mails sent without a request (the reminders).
SITE_URL = env("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")

# Brute-force protection for the login (django-axes): after AXES_FAILURE_LIMIT failed attempts
# the account and, separately, the address are locked for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during the lock do not extend it: it ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "sozialinfo.login.locked_out"
# Behind reverse proxies (nginx) the address comes from X-Forwarded-For: how many there are.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "sozialinfo.login.client_ip"
AXES_VERBOSE = False
# Keep only failed attempts (for the lock), no log of every successful login's address.
AXES_DISABLE_ACCESS_LOG = True
