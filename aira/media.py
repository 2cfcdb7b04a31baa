"""Serving uploaded files (/media/) so that nothing uploaded can run as a page or script.

Used in every mode (runserver, gunicorn): the type a file is served as comes from its
content (aira/uploads.py), never from its name, and only recordings and pictures are
shown inline; anything else, such as a file stored before uploads were checked, is
a download. Each response carries its own policy that forbids scripts and puts any
document in a sandbox. A proxy that serves /media/ itself must send the same headers
(README, "Uploads").

<audio> seeks with Range requests (Safari will not play without them), which Django's
FileResponse does not answer, so single ranges are handled here.
"""

import os
import re

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from aira.uploads import HEAD_BYTES, sniff

MEDIA_POLICY = "default-src 'none'; sandbox"
CHUNK_BYTES = 64 * 1024
# Stored names are unique, but an editor may delete a file and upload another under the
# same name, so browsers check back now and then rather than keeping a copy for good.
CACHE_CONTROL = "public, max-age=3600"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@require_safe
def serve(request, path):
    try:
        if not default_storage.exists(path):
            raise Http404("No such file.")
        file = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404("No such file.") from None
    try:
        size = file.size
        modified = int(default_storage.get_modified_time(path).timestamp())
        found = sniff(file.read(HEAD_BYTES))
        file.seek(0)
    except (OSError, NotImplementedError):
        file.close()
        raise Http404("No such file.") from None

    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        file.close()
        return protect(HttpResponseNotModified(), modified)

    content_type = found.mime if found else "application/octet-stream"
    byte_range = requested_range(request, size, modified)
    if byte_range == "unsatisfiable":
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return protect(response, modified)
    if byte_range:
        start, end = byte_range
        response = StreamingHttpResponse(
            read_range(file, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not found, filename=os.path.basename(path)
    )
    return protect(response, modified)


def protect(response, modified):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def requested_range(request, size, modified):
    """(start, end) of a single satisfiable byte range, "unsatisfiable", or None for the
    whole file (no Range, one we do not handle such as several ranges, or an If-Range
    for another version of the file)."""
    header = request.META.get("HTTP_RANGE", "")
    match = _RANGE.fullmatch(header.strip())
    if not match or not (match[1] or match[2]):
        return None
    if_range = request.META.get("HTTP_IF_RANGE")
    if if_range and if_range != http_date(modified):
        return None
    if match[1]:
        start = int(match[1])
        end = int(match[2]) if match[2] else size - 1
        if match[2] and end < start:
            return None  # not a valid range: answer with the whole file
        if start >= size:
            return "unsatisfiable"
        return start, min(end, size - 1)
    suffix = int(match[2])
    if suffix == 0 or size == 0:
        return "unsatisfiable"
    return max(0, size - suffix), size - 1


def read_range(file, start, end):
    try:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()
