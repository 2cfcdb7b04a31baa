"""Uploaded media on S3-compatible object storage, for more than one app server.

On one machine uploads go to the local disk; a second app server would not see them, so
when AIRA_S3_BUCKET is set (aira/settings.py) they go to a bucket every server shares.
Only where the bytes live changes: uploads are checked by content as before
(aira/uploads.py), and people still fetch them from our own /media/ (aira/media.py),
which reads the object and answers with the headers that keep it from running. A link
straight to the bucket would be another origin, which the page's `media-src 'self'` and
`img-src 'self'` refuse, and it would be served with whatever type the bucket keeps.
Kept apart from aira/storage.py so boto3 is imported only where a bucket is configured.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    # Two uploads of "calm.mp3" must not replace each other (S3Storage's default does):
    # the second gets a new name, as on the local disk.
    file_overwrite = False
    # The bucket stays private: nothing is read from it but by the app.
    default_acl = "private"
    querystring_auth = False
    # A recording is read into a temporary file: in memory up to the size Django keeps
    # uploads in memory, on disk beyond, rather than 20 MB in memory per request.
    max_memory_size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE

    def url(self, name, parameters=None, expire=None, http_method=None):
        # The same URL the local disk's storage gives the same name.
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
