"""Settings, all from the environment (KAKEHASHI_*, DATABASE_URL) with safe demo defaults.

The demo runs on loopback with a well-known secret key. Serving any other host is
production: then the demo key and DEBUG are refused, and HTTPS settings are on.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kakehashi import environment as env

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env.get_str("KAKEHASHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_SECRET_KEY = "kakehashi-demo-only-not-secret"
SECRET_KEY = env.get_str("KAKEHASHI_SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env.get_bool("KAKEHASHI_DEBUG", False)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}
ALLOWED_HOSTS = env.get_list("KAKEHASHI_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
PUBLIC_HOSTING = any(host not in LOCAL_HOSTS for host in ALLOWED_HOSTS)

if PUBLIC_HOSTING:
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "KAKEHASHI_SECRET_KEY must be set to a random value of at least 40 characters "
            "when serving public hosts (KAKEHASHI_ALLOWED_HOSTS)."
        )
    if DEBUG:
        raise ImproperlyConfigured("KAKEHASHI_DEBUG must be off when serving public hosts.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "auditlog",
    "kakehashi.core",
    "kakehashi.registry.apps.RegistryConfig",
    "kakehashi.iati",
    "kakehashi.portal",
    "kakehashi.accounts",
    "kakehashi.api",
    "kakehashi.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Request id + acting context for the audit and security logs; logs 401/403.
    "kakehashi.accounts.middleware.RequestContextMiddleware",
    "kakehashi.accounts.middleware.SecurityHeadersMiddleware",
    "kakehashi.accounts.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ETag on every GET (detail views set their own) and 304 for conditional requests.
    "django.middleware.http.ConditionalGetMiddleware",
]

ROOT_URLCONF = "kakehashi.urls"
WSGI_APPLICATION = "kakehashi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kakehashi.accounts.context_processors.staff",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kakehashi.sqlite3'}",
        conn_max_age=env.get_int("KAKEHASHI_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a command writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.get_str("KAKEHASHI_TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders too, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = env.get_int("KAKEHASHI_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:tokens"
AUTHENTICATION_BACKENDS = ["kakehashi.accounts.backends.LockoutModelBackend"]
# Sign-in lockout: this many failures for one user name within the window lock it for the
# rest of the window (three times as many from one address lock the address).
KAKEHASHI_LOGIN_FAILURE_LIMIT = env.get_int("KAKEHASHI_LOGIN_FAILURE_LIMIT", 5)
KAKEHASHI_LOCKOUT_SECONDS = env.get_int("KAKEHASHI_LOCKOUT_SECONDS", 15 * 60)
KAKEHASHI_TOKEN_DAYS = env.get_int("KAKEHASHI_TOKEN_DAYS", 90)
KAKEHASHI_TOKEN_MAX_DAYS = 366
# Every request body (forms, JSON, file uploads) is capped; Django's own caps follow it.
KAKEHASHI_MAX_UPLOAD_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = min(DATA_UPLOAD_MAX_MEMORY_SIZE, 2_621_440)
KAKEHASHI_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # Swagger UI and the admin set style attributes; scripts stay external only.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Throttling counters live here: per-process memory by default, a table when
# KAKEHASHI_CACHE=database (run `kakehashi createcachetable` once).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kakehashi_cache"}
        if env.get_str("KAKEHASHI_CACHE", "memory") == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# HTTPS hardening whenever real hosts are served; the loopback demo runs on plain HTTP.
SECURE_HTTPS = env.get_bool("KAKEHASHI_HTTPS", PUBLIC_HOSTING)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env.get_bool("KAKEHASHI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.get_bool("KAKEHASHI_BEHIND_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env.get_list("KAKEHASHI_CSRF_TRUSTED_ORIGINS", [])

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_STORE_JSON_CHANGES = True
# The correlation id of every change is the request id (or a command's run id).
AUDITLOG_CID_GETTER = "kakehashi.accounts.services.context.current_request_id"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "kakehashi.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kakehashi.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kakehashi.api.permissions.RecordPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "kakehashi.api.throttling.AnonymousThrottle",
        "kakehashi.api.throttling.UserThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kakehashi.api.pagination.Cursor",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "kakehashi.api.exceptions.handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per client: anonymous clients by address, signed-in users and tokens by user.
KAKEHASHI_API_RATES = {
    "anonymous": env.get_str("KAKEHASHI_API_RATE_ANONYMOUS", "600/minute"),
    "user": env.get_str("KAKEHASHI_API_RATE_USER", "3000/minute"),
}
# Anonymous API lists are cached this long (0: off); any change starts a new generation.
KAKEHASHI_API_PUBLIC_CACHE_SECONDS = env.get_int("KAKEHASHI_API_PUBLIC_CACHE_SECONDS", 30)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kakehashi API",
    "DESCRIPTION": (
        "Japan's international S&T and development cooperation: organisations, "
        "contributions, activities (IATI 2.03), programmes, large projects, agreements, "
        "meetings and reference data. Public records are open; staff write with "
        "`Authorization: Token <key>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Bundled Swagger UI (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "kakehashi.registry.models.OrganisationKind",
        "ActivityKindEnum": "kakehashi.registry.models.RecordKind",
        "ContributionKindEnum": "kakehashi.registry.models.ContributionKind",
        "ProgrammeKindEnum": "kakehashi.registry.models.ProgrammeKind",
        "AgreementKindEnum": "kakehashi.registry.models.AgreementKind",
        "MeetingKindEnum": "kakehashi.registry.models.MeetingKind",
        "SecurityEventKindEnum": "kakehashi.accounts.models.SecurityEvent.Kind",
        "EvaluationStatusEnum": "kakehashi.evaluation.models.sheets.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("KAKEHASHI_LOG_LEVEL", "WARNING")},
}

# Where the IATI reference data (schemas, codelists) shipped with the package lives.
IATI_DATA_DIR = PACKAGE_DIR / "core" / "data" / "iati"
