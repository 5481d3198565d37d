"""Email settings and unsubscribing in the access matrix (tests/access.py). The unsubscribe
link works for whoever holds it, signed in or not: the signed token is the permission."""

from __future__ import annotations

from tests.access import Route, changes, everyone, signed_in

ROUTES: dict[str, Route] = {
    "notifications:preferences": Route(
        signed_in("200"),
        post=signed_in(changes("->/notifications/")),
        data={
            "consultations": "weekly",
            "sessions": "immediately",
            "programme": "off",
            "news": "daily",
            "impact": "immediately",
            "digest_day": "2",
            "digest_time": "18:00",
            "quiet_from": "21:00",
            "quiet_until": "08:00",
        },
    ),
    "notifications:unsubscribe": Route(
        everyone("200"), {"token": "{unsubscribe_token}"}, post=everyone(changes("200"))
    ),
}
