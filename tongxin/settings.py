"""tongxin settings: one file, driven by the environment (see README §Configuration).

SQLite in WAL mode under TONGXIN_DATA_DIR is the embedded default; DATABASE_URL naming
PostgreSQL switches to the production database. TONGXIN_ENV=production turns on the secure
cookie/header settings and refuses to generate keys.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tongxin.lib.env import env_bool, env_int, env_list, env_str
from tongxin.lib.key_material import load_key_material

BASE_DIR = Path(__file__).resolve().parent
TONGXIN_ENV = env_str("TONGXIN_ENV", "development")
if TONGXIN_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("TONGXIN_ENV must be development, production or test")
PRODUCTION = TONGXIN_ENV == "production"

DATA_DIR = Path(env_str("TONGXIN_DATA_DIR", "./var") or "./var").resolve()
KEYS = load_key_material(DATA_DIR, allow_generate=not PRODUCTION)

SECRET_KEY = KEYS.secret_key
DEBUG = env_bool("TONGXIN_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "TONGXIN_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("TONGXIN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "huey.contrib.djhuey",
    "tongxin.organisation",
    "tongxin.audit",
    "tongxin.people",
    "tongxin.programs",
    "tongxin.support",
    "tongxin.rosters",
    "tongxin.dedup",
    "tongxin.accounts",
    "tongxin.api",
    "tongxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongxin.accounts.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: the sign-out notice is a message.
    "tongxin.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected, vendored assets; in development runserver serves them itself.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongxin.accounts.context_processors.memberships",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name PostgreSQL (postgres://…)")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("TONGXIN_SQLITE_PATH") or str(DATA_DIR / "tongxin.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
                # busy timeout instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and security ---------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes locks by IP only and forever by default; we lock the (username, IP) pair and
# let the lock expire, so nobody can lock a named officer or a whole office out for good.
AXES_FAILURE_LIMIT = env_int("TONGXIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TONGXIN_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("TONGXIN_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

# Sessions end after this many minutes without a request (MLPS level 3: idle timeout).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("TONGXIN_SESSION_IDLE_MINUTES", 15)
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TONGXIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TONGXIN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Field encryption (tongxin.lib.field_crypto) -------------------------------------------
TONGXIN_FIELD_KEYS = KEYS.field_keys
TONGXIN_FIELD_KEY_ID = KEYS.current_field_key_id
TONGXIN_BLIND_INDEX_KEY = KEYS.blind_index_key
TONGXIN_AUDIT_KEY = KEYS.audit_chain_key

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files (all vendored: government intranets have no internet) ---------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Background tasks (huey) ---------------------------------------------------------------
# SQLite storage in the data directory by default; Redis when REDIS_URL is set. "immediate" is
# always explicit: djhuey otherwise runs tasks inline whenever DEBUG is on, and periodic tasks
# then never run.
REDIS_URL = env_str("REDIS_URL")
HUEY: dict[str, object] = (
    {"huey_class": "huey.RedisHuey", "name": "tongxin", "url": REDIS_URL, "immediate": False}
    if REDIS_URL
    else {
        "huey_class": "huey.SqliteHuey",
        "name": "tongxin",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
)

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TONGXIN_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Province overrides of the program defaults ([L]/[M] rules): a JSON file, see programs/rules.py.
TONGXIN_PROGRAM_RULES_FILE = env_str("TONGXIN_PROGRAM_RULES_FILE")

# People list page size in the UI.
PEOPLE_PAGE_SIZE = 50
