from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with each name's URL worked out once per process.

    Every page asks for the same half-dozen URLs (the stylesheet, scripts, icons), and
    each lookup (manifest, then URL joining) cost more than the rest of the page's head;
    the manifest cannot change under a running process. With DEBUG on, URLs point at the
    unhashed files, which the manifest does not decide, so nothing is remembered then.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = super().url(name)
            if not settings.DEBUG:
                self._urls[name] = url
            return url
