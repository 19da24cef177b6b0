"""Uploaded images: checked by content, re-encoded, stripped of all metadata."""

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600


class InvalidImage(ValueError):
    """An upload that is not an acceptable image; str() is a message for the user."""


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded JPEG with no metadata."""

    content: bytes
    width: int
    height: int


def clean_image(data: bytes, *, max_bytes: int, max_pixels: int) -> CleanImage:
    """Decode an upload, refuse non-images and oversize files, and re-encode it as a bare JPEG."""
    if len(data) > max_bytes:
        raise InvalidImage(_l("The image is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise InvalidImage(_l("Upload a JPEG, PNG, WebP or GIF image."))
            if probe.width * probe.height > max_pixels:
                raise InvalidImage(_l("The image has too many pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Apply the EXIF orientation before the EXIF block is thrown away.
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except InvalidImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidImage(_l("This file is not an image we can read.")) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image built from pixel data alone carries no EXIF, GPS, XMP or ICC data.
    bare = Image.new("RGB", upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), bare.width, bare.height)


def blurred(path: Path) -> CleanImage:
    """The stored image blurred so strongly that no face in it can be recognised."""
    with Image.open(path) as image:
        image.load()
        radius = max(12, max(image.size) // 12)
        soft = image.convert("RGB").filter(ImageFilter.GaussianBlur(radius))
    out = io.BytesIO()
    soft.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), soft.width, soft.height)


def store_image(image: CleanImage, folder: Path) -> str:
    """Write a cleaned image under a random name and return that name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    (folder / name).write_bytes(image.content)
    return name
