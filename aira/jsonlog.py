"""One JSON object per log line, with nothing personal in it.

What a log line may say about a request is fixed here: its method, its path (never the
query string) and the response status. Never the body, the headers or the cookies: a
POST body holds ratings, private notes or an email address. Of an exception only its
type and where it was raised are kept, not its message: a database error's message can
quote the row it refused (PostgreSQL's "Failing row contains (...)" shows a note).
"""

import json
import logging
import traceback
from datetime import UTC, datetime

# Frames kept from the end of a traceback: where it failed, and a little of how it got there.
TRACEBACK_FRAMES = 12


def exception_summary(exc):
    """The exception's type, its chain's types, and its innermost frames; no messages."""
    chain = []
    current = exc
    while current is not None and len(chain) < 5:
        chain.append(f"{type(current).__module__}.{type(current).__qualname__}")
        current = current.__cause__ or current.__context__
    frames = traceback.extract_tb(exc.__traceback__)[-TRACEBACK_FRAMES:]
    return {
        "type": chain[0],
        "chain": chain[1:],
        "frames": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames],
    }


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        method = getattr(request, "method", None)
        if method is not None:
            entry["method"] = method
            # request.path has no query string, which may carry what a form sent.
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = exception_summary(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False)
