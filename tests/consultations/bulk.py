"""Many submitted responses at once, for query-count and benchmark tests."""

from __future__ import annotations

from consultations.demo import synthetic_responses as bulk_responses

__all__ = ["bulk_responses"]
