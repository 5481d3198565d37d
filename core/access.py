"""The access log's one writer, and where a request comes from.

Every view or export of personal data by a lead or staff member, and every limit reached, is
recorded through ``access_log_record``. The network it came from is read by the middleware
(``AccessContextMiddleware``) and kept for the length of the request, so services that build
exports record it without being handed the request.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from core.models import AccessKind, AccessLog, AccessWhat

_network: ContextVar[str] = ContextVar("access_network", default="")

# How much of an address is kept: enough to see a run of requests from one network, not
# enough to single out a household.
IPV4_PREFIX = 24
IPV6_PREFIX = 48


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind TRUSTED_PROXY_COUNT proxies, the address the
    nearest proxy we trust saw (X-Forwarded-For read from the right, which a client cannot
    forge); with no proxies, the connection's own address."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def network_of(address: str) -> str:
    """203.0.113.7 -> 203.0.113.0/24; an IPv6 address -> its /48; anything else -> ""."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def current_network() -> str:
    return _network.get()


def set_current_network(request: HttpRequest) -> Any:
    """Called by the middleware at the start of each request; returns the token to reset."""
    return _network.set(network_of(client_address(request)))


def reset_current_network(token: Any) -> None:
    _network.reset(token)


def access_log_record(
    *,
    kind: AccessKind,
    what: AccessWhat,
    person: models.Model | None,
    subject: models.Model | None = None,
    file_format: str = "",
    row_count: int | None = None,
) -> AccessLog:
    """Record one view, export or limit reached. For an export, call it inside the
    transaction that builds the file, so a failed export leaves no entry."""
    return AccessLog.objects.create(
        kind=kind,
        what=what,
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
        person_id=person.pk if person is not None and person.pk else None,
        network=current_network(),
        file_format=file_format,
        row_count=row_count,
    )


def access_log_viewed(request: HttpRequest, *, what: AccessWhat, subject: models.Model) -> None:
    """Record that the signed-in person opened a page of personal data. Call it after the
    permission check, so refused requests are not recorded as views."""
    access_log_record(kind=AccessKind.VIEWED, what=what, person=request.user, subject=subject)  # type: ignore[arg-type]
