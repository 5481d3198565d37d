"""The service's URLs plus the ceiling: the least a signed-in page can cost on this stack."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from coproduce.urls import handler403, handler404, handler500
from coproduce.urls import urlpatterns as service_urls

CEILING_TABLE = "bench_ceiling"


@require_POST
def ceiling(request: HttpRequest) -> HttpResponse:
    """One authenticated read (the session's person, through the whole middleware stack) and
    one insert: no templates, no services."""
    if not request.user.is_authenticated:
        return HttpResponse("Sign in first.", status=403, content_type="text/plain")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CEILING_TABLE} (user_id, at) VALUES (%s, now())",  # noqa: S608
            [request.user.pk],
        )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *service_urls]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
