"""Forms for prisoner records, their timelines and the public list filters."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.core.forms import PlainForm, TrackerForm, with_translations
from tracker.core.validators import http_url, not_before_1900, not_in_future, select_choices
from tracker.prisoners.models import (
    EVENT_LABELS,
    GENDER_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    EventKind,
    Gender,
    Region,
)

ARTICLE_PATTERN = re.compile(r"^\d{1,4}(?:[-.]\d{1,3}){0,2}$")


def parse_articles(text: str) -> list[str]:
    """Split a comma- or space-separated list of article numbers, dropping duplicates."""
    codes = [code.strip() for code in re.split(r"[,;\s]+", text or "") if code.strip()]
    return list(dict.fromkeys(codes))


def validate_articles(form, field) -> None:
    """Every article must look like 342, 361-1 or 130.3."""
    for code in parse_articles(field.data):
        if not ARTICLE_PATTERN.match(code):
            raise ValidationError(_l("“%(code)s” is not an article number such as 342 or 361-1.", code=code))


class SourceForm(PlainForm):
    """One source: a URL and its title."""

    url = StringField(_l("Source URL"), validators=[Optional(), Length(max=1000), http_url])
    title = StringField(_l("Source title"), validators=[Optional(), Length(max=300)])

    def validate_title(self, field) -> None:
        """A title needs its URL."""
        if field.data and field.data.strip() and not (self.url.data or "").strip():
            raise ValidationError(_l("Add the URL this title belongs to."))


class _PrisonerForm(TrackerForm):
    """Create or edit a prisoner record."""

    name_be = StringField(_l("Name in Belarusian (Cyrillic)"), validators=[Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[Length(max=200)])
    name_be_latn = StringField(_l("Name in Belarusian Latin (Łacinka)"), validators=[Length(max=200)])
    name_en = StringField(_l("Name in English transliteration"), validators=[Length(max=200)])
    aliases = TextAreaField(_l("Other spellings and aliases (one per line)"), validators=[Length(max=2000)])
    birth_date = DateField(_l("Date of birth"), validators=[Optional(), not_in_future, not_before_1900])
    gender = SelectField(_l("Gender"), choices=select_choices(GENDER_LABELS), coerce=Gender)
    region = SelectField(_l("Region"), choices=select_choices(REGION_LABELS), coerce=Region)
    articles = StringField(
        _l("Criminal-code articles (comma-separated)"), validators=[Length(max=300), validate_articles]
    )
    sentence = StringField(_l("Sentence"), validators=[Length(max=300)])
    term_months = IntegerField(_l("Term in months"), validators=[Optional(), NumberRange(min=0, max=1200)])
    expected_release_on = DateField(_l("Expected release date"), validators=[Optional(), not_before_1900])
    detention_place = StringField(_l("Place of detention"), validators=[Length(max=200)])
    postal_address = TextAreaField(_l("Postal address for letters"), validators=[Length(max=1000)])
    address_hidden = BooleanField(_l("Hide the postal address from public pages"))
    biography = TextAreaField(_l("Short biography"), validators=[Length(max=10000)])
    photo = FileField(_l("Photo (JPEG, PNG or WebP)"), validators=[FileSize(max_size=8 * 1024 * 1024)])
    remove_photo = BooleanField(_l("Remove the current photo"))
    last_verified_on = DateField(_l("Last verified on"), validators=[Optional(), not_in_future, not_before_1900])
    name_withheld = BooleanField(_l("Counted but not named (the family asked not to publish the name)"))
    private_notes = TextAreaField(_l("Private notes for editors"), validators=[Length(max=10000)])
    sources = FieldList(FormField(SourceForm), min_entries=3, max_entries=20)

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: at least one name."""
        valid = super().validate(extra_validators)
        names = [self.name_be, self.name_ru, self.name_be_latn, self.name_en]
        if not any((field.data or "").strip() for field in names):
            self.name_en.errors = [*self.name_en.errors, _l("Enter the name in at least one script.")]
            valid = False
        return valid

    def source_pairs(self) -> list[tuple[str, str]]:
        """The filled-in sources as (url, title)."""
        return [
            (entry.url.data.strip(), (entry.title.data or "").strip())
            for entry in self.sources
            if (entry.url.data or "").strip()
        ]


PrisonerForm = with_translations(_PrisonerForm, {"sentence": StringField, "biography": TextAreaField})


class _TimelineEntryForm(TrackerForm):
    """Add a dated entry to a prisoner's timeline."""

    kind = SelectField(_l("What happened"), choices=select_choices(EVENT_LABELS), coerce=EventKind)
    occurred_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date.")), not_before_1900])
    note = StringField(_l("Note"), validators=[Length(max=500)])
    published = BooleanField(_l("Show on public pages"), default=True)


TimelineEntryForm = with_translations(_TimelineEntryForm, {"note": StringField})


class _TimelineNoteForm(TrackerForm):
    """Change what an entry's note says, in every language; its kind and date stay as recorded."""

    note = StringField(_l("Note"), validators=[Length(max=500)])


TimelineNoteForm = with_translations(_TimelineNoteForm, {"note": StringField})


def _status_choices():
    return select_choices([("", _l("Any status")), *STATUS_LABELS.items()])


class PrisonerFilterForm(PlainForm):
    """Query-string filters of the public list; no CSRF, since it only reads."""

    q = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"), choices=_status_choices, validators=[Optional(strip_whitespace=False)])
    region = SelectField(
        _l("Region"),
        choices=lambda: select_choices([("", _l("Any region")), *REGION_LABELS.items()]),
        validators=[Optional(strip_whitespace=False)],
    )
    place = SelectField(_l("Place of detention"), choices=[], validators=[Optional(strip_whitespace=False)])
    article = StringField(_l("Article"), validators=[Optional(), Length(max=20)])
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])

    def validate_article(self, field) -> None:
        """An article filter must be an article number."""
        if field.data and not ARTICLE_PATTERN.match(field.data.strip()):
            raise ValidationError(_l("Enter an article number such as 342 or 361-1."))


class _PlaceForm(TrackerForm):
    """A place of detention, named in every language."""

    name = StringField(
        _l("Name in English"), validators=[InputRequired(_l("Enter the place's name.")), Length(max=200)]
    )


PlaceForm = with_translations(_PlaceForm, {"name": StringField})


def validate_article_code(form, field) -> None:
    """One article number such as 342 or 361-1."""
    if not ARTICLE_PATTERN.match((field.data or "").strip()):
        raise ValidationError(_l("“%(code)s” is not an article number such as 342 or 361-1.", code=field.data))


class _ArticleForm(TrackerForm):
    """A criminal-code article: number, what it is about, and where editors checked it."""

    code = StringField(_l("Article number"), validators=[InputRequired(), Length(max=20), validate_article_code])
    title = StringField(_l("What the article is about, in a few words"), validators=[Length(max=300)])
    source_title = StringField(
        _l("Source"), validators=[InputRequired(_l("Name the source you checked it against.")), Length(max=300)]
    )
    source_url = StringField(_l("Source URL"), validators=[Optional(), Length(max=1000), http_url])
    reviewed_on = DateField(
        _l("Last checked on"), validators=[InputRequired(_l("Enter the date.")), not_in_future, not_before_1900]
    )
    is_sample = BooleanField(_l("Sample text: to be checked before anyone relies on it"))


ArticleForm = with_translations(_ArticleForm, {"title": StringField})
