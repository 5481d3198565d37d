"""The ``<id:pk>`` path converter: a row's id in an address.

Django's ``<int:...>`` takes any number of digits, and a number past a database bigint makes
PostgreSQL refuse the query (a server error) instead of finding nothing. An id here is 1 to 19
digits below 2**63 (some ids are random 63-bit numbers), so a made-up address is simply not
found: a ValueError from ``to_python`` means "this pattern does not match"."""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number >= 2**63:
            raise ValueError("Not an id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
