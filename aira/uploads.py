"""What editors may upload, told by a file's first bytes rather than its name.

A file's name and the content type a browser sends are the uploader's word; an HTML page
or a script renamed "calm.mp3" would otherwise be stored, and served from our own origin
it could run as a page or pass `script-src 'self'`. So every upload is recognised by its
signature (the "magic bytes"), refused unless it is an audio recording or a picture of a
kind browsers play or show, capped in size, and stored under the extension of what it
really is. aira/media.py serves stored files with the same recognition.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Enough for every signature below (Opus names itself at byte 28 of an Ogg file).
HEAD_BYTES = 64

AUDIO = "audio"
IMAGE = "image"


@dataclass(frozen=True)
class FileType:
    name: str
    mime: str
    extension: str
    kind: str


MP3 = FileType("MP3", "audio/mpeg", ".mp3", AUDIO)
AAC = FileType("AAC", "audio/aac", ".aac", AUDIO)
M4A = FileType("M4A", "audio/mp4", ".m4a", AUDIO)
OGG = FileType("Ogg", "audio/ogg", ".ogg", AUDIO)
OPUS = FileType("Opus", "audio/ogg", ".opus", AUDIO)
WAV = FileType("WAV", "audio/wav", ".wav", AUDIO)
WEBM = FileType("WebM", "audio/webm", ".webm", AUDIO)
JPEG = FileType("JPEG", "image/jpeg", ".jpg", IMAGE)
PNG = FileType("PNG", "image/png", ".png", IMAGE)
WEBP = FileType("WebP", "image/webp", ".webp", IMAGE)
AVIF = FileType("AVIF", "image/avif", ".avif", IMAGE)

# MP4 brands of files an <audio> element plays (an AVIF picture is an "ftyp" file too).
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"dash"}


def _is_id3(head):
    # "ID3", a major version 2-4, then a size in four 7-bit bytes.
    return (
        head[:3] == b"ID3"
        and len(head) >= 10
        and head[3] in (2, 3, 4)
        and all(b < 0x80 for b in head[6:10])
    )


def _mpeg_frame(head):
    """MP3 or ADTS AAC from the 11/12-bit frame sync at the very start, or None."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    layer = (head[1] >> 1) & 0b11
    if layer == 0:
        return AAC if head[1] & 0xF6 == 0xF0 else None
    version = (head[1] >> 3) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    if version == 0b01 or bitrate == 0xF or sample_rate == 0b11:
        return None
    return MP3


def sniff(head: bytes) -> FileType | None:
    """The type of a file from its first HEAD_BYTES bytes, or None if it is not one we take."""
    if _is_id3(head):
        return MP3
    if frame := _mpeg_frame(head):
        return frame
    if head[:4] == b"OggS":
        return OPUS if head[28:36] == b"OpusHead" else OGG
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return WEBM
    if head[4:8] == b"ftyp":
        if head[8:12] in MP4_AUDIO_BRANDS:
            return M4A
        if head[8:12] in {b"avif", b"avis"}:
            return AVIF
        return None
    if head[:3] == b"\xff\xd8\xff":
        return JPEG
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    return None


def read_head(file) -> bytes:
    """The first bytes of an uploaded or stored file, leaving its position where it was."""
    if not getattr(file, "_committed", False):
        position = file.tell()
        file.seek(0)
        head = file.read(HEAD_BYTES)
        file.seek(position)
        return head
    # Already in storage: read it from there, and close it again.
    with file.storage.open(file.name, "rb") as stored:
        return stored.read(HEAD_BYTES)


def detect(file) -> FileType | None:
    return sniff(read_head(file))


# What each kind of field accepts, in the words editors see.
KINDS = {
    AUDIO: {
        "setting": "AIRA_MAX_RECORDING_MB",
        "refused": _(
            "This file is not an audio recording Aira can play. Upload an MP3, M4A (AAC), "
            "Ogg (Vorbis or Opus), WAV or WebM file. The file itself is checked, not its "
            "name, so renaming a file does not change what it is."
        ),
        "too_large": _(
            "This recording is %(size)s MB; the limit is %(limit)s MB. Export it again at a "
            "lower quality (a spoken MP3 at 64 to 96 kbps is plenty) and upload that."
        ),
    },
    IMAGE: {
        "setting": "AIRA_MAX_IMAGE_MB",
        "refused": _(
            "This file is not a JPEG, PNG, WebP or AVIF picture. The file itself is checked, "
            "not its name; drawings (SVG) and animations (GIF) are not accepted."
        ),
        "too_large": _(
            "This picture is %(size)s MB; the limit is %(limit)s MB. Save it smaller (about "
            "1600 pixels wide is enough) and upload that."
        ),
    },
}


def size_limit_bytes(kind):
    return getattr(settings, KINDS[kind]["setting"]) * 1024 * 1024


@deconstructible
class FileContentValidator:
    """Refuses a file that is not of `kind` (by content) or is over the size limit.

    A file already in storage is not re-measured (the limit may have changed since), but
    its content is still checked, so a file stored before these checks existed is
    flagged when its page is next saved.
    """

    def __init__(self, kind):
        if kind not in KINDS:
            raise ValueError(f"Unknown upload kind {kind!r}")
        self.kind = kind

    def __call__(self, file):
        if not file:
            return
        messages = KINDS[self.kind]
        if not getattr(file, "_committed", False):
            limit = size_limit_bytes(self.kind)
            if file.size > limit:
                raise ValidationError(
                    messages["too_large"],
                    code="file_too_large",
                    params={
                        "size": f"{file.size / 1024 / 1024:.1f}",
                        "limit": limit // 1024 // 1024,
                    },
                )
        elif not file.storage.exists(file.name):
            return  # missing from storage: nothing to check, and no reason to block an edit
        found = detect(file)
        if found is None or found.kind != self.kind:
            raise ValidationError(messages["refused"], code="file_type_refused")

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and other.kind == self.kind


class CheckedFileField(models.FileField):
    """A FileField that takes only `kind` files (audio or image), checked by content, and
    stores each under the extension of the type it really is."""

    def __init__(self, *args, kind, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        # An instance attribute, so the check is part of every form and full_clean()
        # without being written into migrations as a second validator.
        self.default_validators = [FileContentValidator(kind)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            # Also reached by code that saves without full_clean(): never store unchecked.
            FileContentValidator(self.kind)(file)
            file.name = stored_name(file.name, detect(file))
        return super().pre_save(model_instance, add)


def stored_name(original, file_type):
    """The uploaded name with its extension replaced by the detected type's.

    Dots left in the stem become dashes, so no server that reads every extension of
    "talk.php.mp3" can take the file for anything but what it is.
    """
    stem = os.path.splitext(os.path.basename(original))[0].replace(".", "-") or "upload"
    return stem + file_type.extension
