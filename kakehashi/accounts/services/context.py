"""Who is acting, for the audit and security logs: the request, or the command being run.

The request-id middleware opens a context for each request; management commands and scripts
have none, and are recorded under the command's name with a run id for the whole process.
"""

import getpass
import re
import sys
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
PROCESS_RUN_ID = uuid.uuid4().hex


@dataclass
class ActingContext:
    request_id: str
    source: str
    request: object = None
    command: str = ""
    extra: dict = field(default_factory=dict)


_current: ContextVar[ActingContext | None] = ContextVar("kakehashi_acting", default=None)


def new_request_id(incoming: str | None = None) -> str:
    """An incoming X-Request-ID is kept when it is well-formed; otherwise a new one."""
    if incoming and REQUEST_ID_PATTERN.match(incoming):
        return incoming
    return uuid.uuid4().hex


def source_of(path: str) -> str:
    if path.startswith("/api/"):
        return "api"
    if "/admin/" in path:
        return "staff interface"
    return "page"


def command_name() -> str:
    """The management command this process runs ("kakehashi demo" → "demo"), else the script."""
    argv = sys.argv or [""]
    program = argv[0].rsplit("/", 1)[-1]
    if program in {"kakehashi", "manage.py", "django-admin"} and len(argv) > 1:
        return argv[1]
    return program or "python"


def current() -> ActingContext:
    context = _current.get()
    if context is not None:
        return context
    return ActingContext(request_id=PROCESS_RUN_ID, source="command", command=command_name())


@contextmanager
def acting(context: ActingContext):
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def command(name: str, **extra):
    """Record changes made inside as done by command `name` (for long-running jobs)."""
    with acting(ActingContext(uuid.uuid4().hex, "command", command=name, extra=extra)) as c:
        yield c


def current_request_id() -> str:
    """AUDITLOG_CID_GETTER: the correlation id of every audit log entry."""
    return current().request_id


def current_user():
    request = current().request
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def client_ip(request) -> str | None:
    if request is None:
        return None
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
