"""Turning a kit's HTML into a PDF with WeasyPrint, which may read the app's own files and nothing else.

WeasyPrint follows every URL a document names (fonts, images, stylesheets). A kit is built from
live data, so a stray address in a record or a template must never make the server fetch from the
network: the fetcher below answers only file:// addresses inside the folders it was given.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedFetch(ValueError):
    """A document named something outside the app's own files."""


class LocalFilesFetcher(URLFetcher):
    """Serves file:// URLs under the allowed folders; refuses every other URL and scheme."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file",))
        self._roots = [root.resolve() for root in roots]

    def local_path(self, url: str) -> Path:
        """The file a URL names, if it is one of the allowed files."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedFetch(f"kit documents read only local files, not {url[:80]}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self._roots) or not path.is_file():
            raise RefusedFetch(f"not an allowed local file: {path.name}")
        return path

    def fetch(self, url, headers=None):
        """The file's bytes; anything else raises, and WeasyPrint leaves that resource out."""
        path = self.local_path(url)
        return URLFetcherResponse(path.as_uri(), path.read_bytes())


def render_pdf(html: str, *, roots: list[Path]) -> bytes:
    """The PDF of a self-contained HTML document whose resources are files under `roots`."""
    base = roots[0].resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=LocalFilesFetcher(roots)).write_pdf()
