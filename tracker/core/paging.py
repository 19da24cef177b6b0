"""The `page` query parameter, read the same way by every list: the pages, the feeds' pages and the API.

One rule everywhere: a `page` that is not a whole number from 1 to MAX_PAGE is a 400 that says so;
a page past the end is a 404 that links to the last page. Lists shown whole (feeds) have one
page, so they follow the same rule with a last page of 1.
"""

from dataclasses import dataclass, field

from flask import render_template, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

MAX_PAGE = 100_000


@dataclass
class Page:
    """One page of results."""

    items: list
    page: int
    per_page: int
    total: int
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages

    @property
    def first(self) -> int:
        """The place in the whole list of this page's first item (from 1)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The place in the whole list of this page's last item."""
        return self.first + len(self.items) - 1


def page_of(items: list, number: int, per_page: int) -> Page:
    """Page `number` of a list already in memory."""
    start = (number - 1) * per_page
    return Page(items=items[start : start + per_page], page=number, per_page=per_page, total=len(items))


def page_problem() -> str:
    """The message for a malformed page number."""
    return _("The page number must be a whole number from 1 to %(max)s, such as page=2.", max=MAX_PAGE)


def requested_page(args: MultiDict) -> int | None:
    """The page asked for (1 when none); None when the value is not a page number."""
    raw = args.get("page", "")
    if raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        return None
    return int(raw)


def past_the_end_message(page: int, last_page: int) -> str:
    """The message for a page after the last one."""
    return _("There is no page %(page)s: the last page is %(last)s.", page=page, last=last_page)


def last_page_url(endpoint: str, last_page: int, **values) -> str:
    """The address of a list's last page; the first page's carries no page number."""
    return url_for(endpoint, **values, **({"page": last_page} if last_page > 1 else {}))


def past_the_end(page: int, last_page: int, last_url: str):
    """A 404 page that links to the last page."""
    return render_template(
        "errors/past_the_end.html", message=past_the_end_message(page, last_page), last_url=last_url
    ), 404


def malformed_page():
    """A 400 page that says what a page number is."""
    return render_template("errors/past_the_end.html", message=page_problem(), last_url=None, status=400), 400
