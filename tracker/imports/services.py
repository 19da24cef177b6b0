"""CSV import of prisoner lists: parse, check every row against the records, then apply all rows or none."""

import csv
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from tracker.core.forms import PlainForm
from tracker.core.spreadsheet import FORMULA_PREFIXES
from tracker.core.text import clean_text
from tracker.core.validators import http_url, not_before_1900, not_in_future, select_choices
from tracker.extensions import db
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.forms import parse_articles, validate_articles
from tracker.prisoners.models import GENDER_LABELS, REGION_LABELS, EventKind, Gender, Prisoner, Region
from tracker.prisoners.names import search_key

logger = logging.getLogger(__name__)

NAME_COLUMNS = ("name_be", "name_ru", "name_be_latn", "name_en")
TEXT_COLUMNS = (*NAME_COLUMNS, "aliases", "sentence", "detention_place", "postal_address", "biography", "private_notes")
# The record's text in other languages ("biography_be"), and the place's name ("detention_place_uk").
TRANSLATED_TEXT = {"sentence": 300, "biography": 10000, "detention_place": 200}
TRANSLATION_COLUMNS = {
    f"{field}_{language}": (field, language) for field in TRANSLATED_TEXT for language in ("be", "uk", "ru")
}
DATE_COLUMNS = ("birth_date", "expected_release_on", "last_verified_on")
# ISO dates, and the day.month.year that partner lists from Belarus usually use.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
BOOLEAN_COLUMNS = ("address_hidden", "name_withheld")
# Columns that map straight onto Prisoner fields; articles, sources and detained_on are handled apart.
FIELD_COLUMNS = (
    *TEXT_COLUMNS,
    *TRANSLATION_COLUMNS,
    *DATE_COLUMNS,
    *BOOLEAN_COLUMNS,
    "gender",
    "region",
    "term_months",
)
COLUMNS = ("id", *FIELD_COLUMNS, "articles", "sources", "detained_on")
REQUIRED_COLUMNS = ("birth_date",)
# One source address must fit Source.url, as in the record form (the whole cell may hold several).
SOURCE_URL_MAX_LENGTH = 1000
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TRUE_WORDS = {"yes", "true", "1", "y"}
FALSE_WORDS = {"no", "false", "0", "n"}


class ImportFileError(ValueError):
    """A file that cannot be read as a prisoner list at all; str() is for the editor."""


class RowForm(PlainForm):
    """One CSV row's values, checked and cleaned with the same rules as the record form.

    Multi-line columns are text areas, as in the record form, so they keep their line breaks.
    """

    name_be = StringField(validators=[Length(max=200)])
    name_ru = StringField(validators=[Length(max=200)])
    name_be_latn = StringField(validators=[Length(max=200)])
    name_en = StringField(validators=[Length(max=200)])
    aliases = TextAreaField(validators=[Length(max=2000)])
    birth_date = DateField(format=DATE_FORMATS, validators=[Optional(), not_in_future, not_before_1900])
    gender = SelectField(choices=select_choices(GENDER_LABELS), validators=[Optional(strip_whitespace=False)])
    region = SelectField(choices=select_choices(REGION_LABELS), validators=[Optional(strip_whitespace=False)])
    articles = StringField(validators=[Length(max=300), validate_articles])
    sentence = StringField(validators=[Length(max=300)])
    term_months = IntegerField(validators=[Optional(), NumberRange(min=0, max=1200)])
    expected_release_on = DateField(format=DATE_FORMATS, validators=[Optional(), not_before_1900])
    detention_place = StringField(validators=[Length(max=200)])
    postal_address = TextAreaField(validators=[Length(max=1000)])
    biography = TextAreaField(validators=[Length(max=10000)])
    last_verified_on = DateField(format=DATE_FORMATS, validators=[Optional(), not_in_future, not_before_1900])
    private_notes = TextAreaField(validators=[Length(max=10000)])
    sources = StringField(validators=[Length(max=5000)])
    detained_on = DateField(format=DATE_FORMATS, validators=[Optional(), not_in_future, not_before_1900])

    def validate_sources(self, field) -> None:
        """Every whitespace-separated source must be a full http(s) address that fits a record's source."""
        for url in (field.data or "").split():
            source = SimpleNamespace(data=url, gettext=field.gettext, ngettext=field.ngettext)
            Length(max=SOURCE_URL_MAX_LENGTH)(self, source)
            http_url(self, source)


RowForm = type(
    "RowForm",
    (RowForm,),
    {
        column: StringField(validators=[Length(max=TRANSLATED_TEXT[field])])
        for column, (field, _language) in TRANSLATION_COLUMNS.items()
    },
)


@dataclass
class Problem:
    """An error in one cell (or the whole row when column is empty)."""

    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """A likely duplicate: an existing record, or an earlier row of the same file."""

    prisoner_id: int | None
    other_row: int | None
    name: str


class RowAction(StrEnum):
    """What applying a row does to the records."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass
class RowPlan:
    """What applying one row will do."""

    row: int
    name: str
    action: RowAction
    prisoner_id: int | None = None
    values: dict = field(default_factory=dict)
    articles: list[str] | None = None
    sources: list[str] = field(default_factory=list)
    detained_on: date | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


@dataclass
class ImportReport:
    """The dry run: a plan per row and every problem found."""

    rows: list[RowPlan]
    problems: list[Problem]

    @property
    def creates(self) -> int:
        """Rows that add a record."""
        return sum(plan.action == RowAction.CREATE for plan in self.rows)

    @property
    def updates(self) -> int:
        """Rows that change an existing record."""
        return sum(plan.action == RowAction.UPDATE for plan in self.rows)

    @property
    def duplicate_rows(self) -> list[RowPlan]:
        """Rows that look like a person already on record or listed twice."""
        return [plan for plan in self.rows if plan.duplicates]

    @property
    def fingerprint(self) -> str:
        """A digest of the plan, so apply can tell the records changed since the editor read the report."""
        plan = [
            [p.row, p.action, p.prisoner_id, p.changes, [(d.prisoner_id, d.other_row) for d in p.duplicates]]
            for p in self.rows
        ]
        payload = json.dumps([plan, [(x.row, x.column, str(x.message)) for x in self.problems]], default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def read_csv(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode and split a CSV file into its header and (line number, cells) rows; raise ImportFileError."""
    text = _decoded(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        _check_header(header)
        rows = _data_rows(reader)
    except csv.Error as error:
        raise ImportFileError(
            _l("Line %(line)s is not valid CSV (%(error)s).", line=reader.line_num, error=str(error))
        ) from None
    return header, [(line, _cells(header, cells)) for line, cells in rows]


def _decoded(content: bytes) -> str:
    """The file's text, if it is a CSV text file of a size we take."""
    if not content.strip():
        raise ImportFileError(_l("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _l("The file is larger than %(mb)s MB; split it into smaller lists.", mb=MAX_BYTES // 2**20)
        )
    if b"\x00" in content:
        raise ImportFileError(_l("This is not a CSV text file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _l("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and upload it again.")
        ) from None
    if not text.strip():
        raise ImportFileError(_l("The file is empty."))
    return text


def _check_header(header: list[str]) -> None:
    """Raise ImportFileError unless every column is known, named once, and the required ones are there."""
    if unknown := [name for name in header if name not in COLUMNS]:
        raise ImportFileError(
            _l(
                "Unknown columns: %(names)s. The columns are: %(known)s.",
                names=", ".join(unknown),
                known=", ".join(COLUMNS),
            )
        )
    if repeated := sorted({name for name in header if header.count(name) > 1}):
        raise ImportFileError(_l("Columns appear twice: %(names)s.", names=", ".join(repeated)))
    if missing := [name for name in REQUIRED_COLUMNS if name not in header]:
        raise ImportFileError(_l("Missing required columns: %(names)s.", names=", ".join(missing)))
    if not any(name in header for name in NAME_COLUMNS):
        raise ImportFileError(_l("The file needs at least one name column: %(names)s.", names=", ".join(NAME_COLUMNS)))


def _data_rows(reader) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row that is not blank, up to MAX_ROWS."""
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_l("The file has more than %(max)s rows; split it.", max=MAX_ROWS))
        rows.append((reader.line_num, cells))
    return rows


def _cells(header: list[str], cells: list[str]) -> dict[str, str]:
    padded = cells + [""] * (len(header) - len(cells))
    result = dict(zip(header, padded, strict=False))
    if len(cells) > len(header):
        result[""] = "extra"
    return result


def _name_keys(names: list[str]) -> list[frozenset[str]]:
    keys = []
    for name in names:
        words = frozenset(search_key(name).split())
        if len(words) >= 2:
            keys.append(words)
    return keys


def _same_name(left: list[frozenset[str]], right: list[frozenset[str]]) -> bool:
    """Whether two people share a name in any script, word order and an added patronymic aside."""
    return any(a <= b or b <= a for a in left for b in right)


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def build_report(content: bytes, *, today: date) -> ImportReport:
    """The dry run: check every row and plan what it would change; writes nothing."""
    _header, rows = read_csv(content)
    existing = list(
        db.session.scalars(
            select(Prisoner).options(
                selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources)
            )
        )
    )
    by_id = {prisoner.id: prisoner for prisoner in existing}
    existing_keys = [
        (prisoner, _name_keys([getattr(prisoner, c) for c in NAME_COLUMNS] + prisoner.alias_list))
        for prisoner in existing
    ]
    problems: list[Problem] = []
    plans: list[RowPlan] = []
    new_rows: list[tuple[RowPlan, list[frozenset[str]], date | None]] = []
    for line, cells in rows:
        plan, row_problems = _plan_row(line, cells, by_id)
        problems += row_problems
        if plan is None:
            continue
        plans.append(plan)
        if plan.action != RowAction.CREATE:
            continue
        names = [plan.values.get(c, "") for c in NAME_COLUMNS] + (plan.values.get("aliases") or "").splitlines()
        keys = _name_keys(names)
        birth = plan.values.get("birth_date")
        for prisoner, prisoner_keys in existing_keys:
            if _same_name(keys, prisoner_keys) and (birth is None or prisoner.birth_date in (None, birth)):
                plan.duplicates.append(Duplicate(prisoner.id, None, prisoner.display_name("en")))
        for earlier, earlier_keys, earlier_birth in new_rows:
            if _same_name(keys, earlier_keys) and (birth is None or earlier_birth in (None, birth)):
                plan.duplicates.append(Duplicate(None, earlier.row, earlier.name))
        new_rows.append((plan, keys, birth))
    return ImportReport(rows=plans, problems=problems)


def _clean_cell(value: str) -> tuple[str, bool]:
    """The cell's text, and whether a spreadsheet would run it as a formula."""
    # A leading apostrophe is how our own exports (and spreadsheets) mark formula-like text as plain text.
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:].strip(), False
    risky = value.startswith(FORMULA_PREFIXES) or value.strip().startswith(FORMULA_PREFIXES)
    return value.strip(), risky and value.strip() != "-"


def _plan_row(line: int, cells: dict[str, str], by_id: dict[int, Prisoner]) -> tuple[RowPlan | None, list[Problem]]:
    """What one row would do, or None and the row's problems."""
    if "" in cells:
        return None, [Problem(line, "", str(_l("The row has more cells than the header.")))]
    clean, problems = _clean_cells(line, cells)
    if problems:
        return None, problems
    prisoner = None
    if "id" in clean:
        prisoner = _record_of(clean["id"], by_id)
        if prisoner is None:
            return None, [Problem(line, "id", str(_l("There is no record with id %(id)s.", id=clean["id"][:20])))]
    form = RowForm(MultiDict({key: value for key, value in clean.items() if key in _form_fields()}))
    values, problems = _field_values(line, clean, form)
    if prisoner is None and not any(values.get(c) for c in NAME_COLUMNS):
        problems.append(Problem(line, "name_en", str(_l("Enter the name in at least one script."))))
    detained_on = form.detained_on.data if "detained_on" in clean else None
    detained_on, detention_problems = _new_detention(line, detained_on, values, prisoner)
    problems += _loosened_consent(line, values, prisoner)
    if problems := problems + detention_problems:
        return None, problems
    articles = parse_articles(clean["articles"]) if "articles" in clean else None
    sources = clean.get("sources", "").split()
    name = next((values[c] for c in ("name_en", "name_be_latn", "name_be", "name_ru") if values.get(c)), "")
    if prisoner is None:
        return RowPlan(line, name, RowAction.CREATE, None, values, articles, sources, detained_on), []
    return _update_plan(line, name, prisoner, values, articles, sources, detained_on), []


def _loosened_consent(line: int, values: dict, prisoner: Prisoner | None) -> list[Problem]:
    """A row may withhold, never publish: naming a person or showing an address needs two editors."""
    if prisoner is None:
        return []
    return [
        Problem(line, column, str(_l("An import cannot make a record more public: use the record's Consent page.")))
        for column in ("name_withheld", "address_hidden")
        if column in values and getattr(prisoner, column) and not values[column]
    ]


def _clean_cells(line: int, cells: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    """The row's non-empty cells, cleaned, and a problem for every cell a spreadsheet would run as a formula."""
    clean: dict[str, str] = {}
    problems: list[Problem] = []
    for column, raw in cells.items():
        # Control characters go first, so a formula cannot hide behind one; the row form cleans again.
        value, risky = _clean_cell(clean_text(raw) if raw else raw)
        if risky:
            message = _l(
                "Starts with %(char)s like a spreadsheet formula; remove it or start the cell with an apostrophe.",
                char=value[:1] or raw[:1],
            )
            problems.append(Problem(line, column, str(message)))
        elif value:
            clean[column] = value
    return clean, problems


def _record_of(cell: str, by_id: dict[int, Prisoner]) -> Prisoner | None:
    """The existing record an id cell names, or None."""
    if not (cell.isascii() and cell.isdigit()):
        return None
    return by_id.get(int(cell))


def _field_values(line: int, clean: dict[str, str], form: RowForm) -> tuple[dict, list[Problem]]:
    """Prisoner field values of the row's cells, checked by the row form, and the problems found."""
    valid = form.validate()
    problems = [Problem(line, column, str(messages[0])) for column, messages in form.errors.items()]
    values: dict = {}
    for column in FIELD_COLUMNS:
        if column not in clean:
            continue
        if column in BOOLEAN_COLUMNS:
            word = clean[column].lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                problems.append(Problem(line, column, str(_l("Write yes or no."))))
                continue
            values[column] = word in TRUE_WORDS
        elif column == "gender":
            values[column] = Gender(form.gender.data) if valid else None
        elif column == "region":
            values[column] = Region(form.region.data) if valid else None
        elif column == "aliases":
            values[column] = "\n".join(part.strip() for part in clean[column].split(";") if part.strip())
        else:
            values[column] = getattr(form, column).data
    return values, problems


def _new_detention(
    line: int, detained_on: date | None, values: dict, prisoner: Prisoner | None
) -> tuple[date | None, list[Problem]]:
    """The detention date the row adds (None when it adds none), and why it cannot."""
    problems: list[Problem] = []
    birth = values.get("birth_date") or (prisoner.birth_date if prisoner else None)
    if detained_on and birth and detained_on < birth:
        problems.append(Problem(line, "detained_on", str(_l("This date is before the date of birth."))))
    if prisoner is None or not detained_on:
        return detained_on, problems
    detentions = [entry.occurred_on for entry in prisoner.timeline if entry.kind == EventKind.DETENTION]
    if detained_on in detentions:
        return None, problems
    if detentions:
        message = _l("The record has another detention date; change its timeline on the record's page.")
        problems.append(Problem(line, "detained_on", str(message)))
    return detained_on, problems


def _update_plan(
    line: int,
    name: str,
    prisoner: Prisoner,
    values: dict,
    articles: list[str] | None,
    sources: list[str],
    detained_on: date | None,
) -> RowPlan:
    """The plan of a row naming an existing record: only what differs from the record."""
    changes = [
        (column, _display(_current(prisoner, column)), _display(value))
        for column, value in values.items()
        if _current(prisoner, column) != value
    ]
    if articles is not None and articles != prisoner.article_codes:
        changes.append(("articles", ", ".join(prisoner.article_codes), ", ".join(articles)))
    known_urls = {source.url for source in prisoner.sources}
    new_sources = [url for url in dict.fromkeys(sources) if url not in known_urls]
    if new_sources:
        changes.append(("sources", "", " ".join(new_sources)))
    if detained_on:
        changes.append(("detained_on", "", detained_on.isoformat()))
    changed = {change[0] for change in changes}
    return RowPlan(
        line, name or prisoner.display_name("en"), RowAction.UPDATE if changes else RowAction.UNCHANGED, prisoner.id,
        {column: value for column, value in values.items() if column in changed},
        articles, new_sources, detained_on, changes,
    )  # fmt: skip


def _current(prisoner: Prisoner, column: str):
    """What the record holds for a column; translation columns read the record's or its place's text."""
    if column not in TRANSLATION_COLUMNS:
        return getattr(prisoner, column)
    field, language = TRANSLATION_COLUMNS[column]
    if field == "detention_place":
        return prisoner.place.translation("name", language) if prisoner.place else ""
    return prisoner.translation(field, language)


def _save(prisoner: Prisoner | None, values: dict, **lists) -> Prisoner:
    """Save a row's values; translations go to the record, and a place's names to its place (never cleared)."""
    fields = {column: value for column, value in values.items() if column not in TRANSLATION_COLUMNS}
    translations: dict[str, dict[str, str]] = {}
    place_names = {}
    for column, (text_field, language) in TRANSLATION_COLUMNS.items():
        if column not in values:
            continue
        if text_field == "detention_place":
            place_names[language] = values[column]
        else:
            translations.setdefault(text_field, {})[language] = values[column]
    prisoner = prisoner_services.save_prisoner(prisoner, translations=translations, **lists, **fields)
    if prisoner.place is not None and (names := {lang: name for lang, name in place_names.items() if name}):
        prisoner.place.set_translations("name", names)
    return prisoner


def _form_fields() -> set[str]:
    return {name for name in COLUMNS if hasattr(RowForm, name)}


def apply_report(report: ImportReport, *, today: date) -> tuple[int, int]:
    """Write every planned row; the caller commits once or rolls back. Returns (created, updated)."""
    if report.problems:
        raise ValueError("a report with problems cannot be applied")
    created = updated = 0
    for plan in report.rows:
        if plan.action == RowAction.UNCHANGED:
            continue
        if plan.action == RowAction.CREATE:
            prisoner = _save(
                None,
                plan.values,
                articles=plan.articles or [],
                sources=[(url, "") for url in dict.fromkeys(plan.sources)],
            )
            created += 1
        else:
            prisoner = db.session.get(Prisoner, plan.prisoner_id)
            existing_sources = [(source.url, source.title) for source in prisoner.sources]
            prisoner = _save(
                prisoner,
                plan.values,
                articles=plan.articles if plan.articles is not None else prisoner.article_codes,
                sources=existing_sources + [(url, "") for url in plan.sources],
            )
            updated += 1
        if plan.detained_on:
            prisoner_services.add_timeline_entry(
                prisoner, kind=EventKind.DETENTION, occurred_on=plan.detained_on, note="", published=True, today=today
            )
    logger.info("CSV import applied: %s created, %s updated", created, updated)
    return created, updated
