"""Log filters shared by the project's logging configuration."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused or missing page (403, 404, 405) is the visitor's mistake, not the service's:
    log it as one line, and keep tracebacks for server errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
