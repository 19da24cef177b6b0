"""HTTP validators for generated documents (feeds), so pollers get a 304 instead of the body again."""

from flask import Response, request


def conditional(response: Response) -> Response:
    """A strong ETag from the body, "revalidate before reuse", and 304 for a matching If-None-Match.

    Only an ETag, no Last-Modified: an event removed from a feed leaves every remaining date
    unchanged, so a date-based validator would wrongly answer "not modified".
    """
    if "Cache-Control" not in response.headers:  # the shared page cache (tracker.core.pagecache) sets its own
        response.cache_control.public = True
        response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)
