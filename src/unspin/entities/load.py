"""Reading registry files: the shipped TOML data, pycountry's states, users' TOML and CSV.

Shipped files live in ``unspin/data/registry`` and are read with ``importlib.resources``;
user files are given by path (stage option ``registry_files``). Both use the same entity
format, documented in ``docs/registry.md``.
"""

from __future__ import annotations

import csv
import gettext
import io
import logging
import re
import tomllib
from collections.abc import Callable, Collection, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .forms import demonym_forms
from .model import Entity, Name
from .normalise import name_tokens, slugify

log = logging.getLogger(__name__)

DATA_PACKAGE = "unspin.data.entities"
# Entity files shipped in the package, in priority order (the first file naming an alias wins).
ENTITY_FILES = ("people.toml", "armed_groups.toml", "organisations.toml", "media.toml",
                "regions.toml")
# Cities come last, from the places stage's curated spellings: one list of spellings per
# city, read by both stages (see ``city_entities``).
CITY_SPELLINGS = ("places", "variants.toml")
# Keys of an entity table that list names, and the form each gives.
NAME_KEYS = {"aliases": "name", "exact": "name", "demonyms": "demonym",
             "capitals": "capital", "nicknames": "nickname"}
_LANG_KEY = re.compile(r"^(aliases|exact|demonyms|capitals|nicknames)_([a-z]{2,3})$")
_ENTITY_FIELDS = {"id", "name", "type", "label", "country", "capital_city", "lang"}
# Marks the register of names listed under the other keys ("ricain", "le Grand Satan"):
# a pejorative name is a Name_Calling-Labeling cue (stage technique_spans).
PEJORATIVE_KEY = "pejorative"
_PEJORATIVE_LANG_KEY = re.compile(r"^pejorative_[a-z]{2,3}$")


_LEADING_LOWER_WORDS = re.compile(r"^(?:[a-z]+['\u2019 ])+")


def is_acronym(text: str) -> bool:
    """True for names written all in capitals ("ONU", "the USA", "G7"): matched case-exactly."""
    letters = [ch for ch in _LEADING_LOWER_WORDS.sub("", text) if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def make_names(texts: Iterable[str], form: str, exact: bool = False, lang: str | None = None,
               inflect_lang: str | None = None, pejorative: Collection[str] = ()) -> list[Name]:
    """Names of one form; demonyms are inflected in ``inflect_lang`` when given. Names
    whose slug is in ``pejorative`` (and all their inflections) get that register."""
    out: list[Name] = []
    for text in texts:
        variants = demonym_forms(text, inflect_lang) if form == "demonym" and inflect_lang else [text]
        register = "pejorative" if slugify(text) in pejorative else None
        for variant in variants:
            acronym = is_acronym(variant)
            kind = "acronym" if acronym and form == "name" else form
            out.append(Name(variant, kind, exact or acronym, lang, register))
    return out


def pejorative_slugs(table: dict[str, Any], where: str, listed: Iterable[str]) -> set[str]:
    """The slugs of the names that the ``pejorative`` key (and ``pejorative_<lang>``) of an
    entity table marks; each must be one of the names the table lists (``listed``)."""
    marked: set[str] = set()
    for key, value in table.items():
        if key == PEJORATIVE_KEY or key.startswith(PEJORATIVE_KEY + "_"):
            marked |= {slugify(t) for t in _strings(value, where, key)}
    unknown = marked - {slugify(t) for t in listed}
    if unknown:
        raise ConfigError(f"{where}: {PEJORATIVE_KEY!r} names {', '.join(sorted(unknown))}, "
                          "which the entity does not list; list the name (under aliases, "
                          "demonyms or nicknames) and mark it pejorative")
    return marked


def _strings(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where}: {key!r} must be a string or a list of strings")


def entity_from_table(table: dict[str, Any], where: str) -> Entity:
    """One entity from a TOML table (or a CSV row turned into one)."""
    unknown = [k for k in table if k not in _ENTITY_FIELDS and k not in NAME_KEYS
               and not _LANG_KEY.match(k) and k != PEJORATIVE_KEY
               and not _PEJORATIVE_LANG_KEY.match(k)]
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; an entity has id, "
            "name, type, label, country, aliases, exact, demonyms, capitals, nicknames, "
            "pejorative, capital_city (and aliases_<lang> …); see docs/registry.md"
        )
    name = str(table.get("name") or "").strip()
    etype = str(table.get("type") or "").strip()
    eid = str(table.get("id") or "").strip()
    if not eid:
        if not name:
            raise ConfigError(f"{where}: an entity needs an 'id' or a 'name'")
        eid = f"unspin:{etype or 'entity'}:{slugify(name)}"
    file_lang = table.get("lang")
    listed = [t for key, value in table.items()
              if key in NAME_KEYS or _LANG_KEY.match(key) for t in _strings(value, where, key)]
    pejorative = pejorative_slugs(table, where, listed)
    names: list[Name] = []
    for key, value in table.items():
        m = _LANG_KEY.match(key)
        base, lang = (m.group(1), m.group(2)) if m else (key, None)
        if base not in NAME_KEYS:
            continue
        names += make_names(_strings(value, where, key), NAME_KEYS[base], exact=base == "exact",
                            lang=lang, inflect_lang=lang or file_lang, pejorative=pejorative)
    if name and not names:  # the canonical name is a name only when no alias is listed
        names = make_names([name], "name")
    country = table.get("country") or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", str(country)):
        raise ConfigError(f"{where}: country {country!r} must be an ISO 3166-1 alpha-2 code like 'US'")
    label = str(table.get("label") or "")
    if label and label not in ("PER", "ORG", "LOC", "MISC"):
        raise ConfigError(f"{where}: label {label!r} must be one of PER, ORG, LOC, MISC")
    entity = Entity(id=eid, name=name, type=etype, label=label, country=country, names=names)
    city = table.get("capital_city")
    if isinstance(city, dict) and city.get("name"):
        entity.capital_city = _city(city, country)
    return entity


def _city(table: dict[str, Any], country: str | None) -> Entity:
    name = str(table["name"])
    return Entity(id=str(table.get("qid") or f"unspin:city:{slugify(name)}"), name=name,
                  type="city", country=country)


def entities_from_toml(data: dict[str, Any], where: str) -> list[Entity]:
    """The ``[[entity]]`` tables of a parsed registry TOML file."""
    tables = data.get("entity", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{where}: write entities as [[entity]] tables; see docs/registry.md")
    lang = data.get("lang")
    out = []
    for i, table in enumerate(tables, 1):
        if lang and "lang" not in table:
            table = {**table, "lang": lang}
        out.append(entity_from_table(table, f"{where} (entity {i})"))
    return out


CSV_LIST_SEPARATOR = "|"


def entities_from_csv(text: str, where: str) -> list[Entity]:
    """Entities from CSV text: a header row naming the columns, lists separated by ``|``."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not ({"id", "name"} & set(reader.fieldnames)):
        raise ConfigError(f"{where}: a registry CSV needs a header row with at least 'id' or "
                          "'name' (and e.g. type, country, aliases); see docs/registry.md")
    out = []
    for line, row in enumerate(reader, 2):
        table: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or not value.strip():
                continue
            key = key.strip()
            if key in NAME_KEYS or _LANG_KEY.match(key):
                table[key] = [v.strip() for v in value.split(CSV_LIST_SEPARATOR) if v.strip()]
            else:
                table[key] = value.strip()
        if table:
            out.append(entity_from_table(table, f"{where}:{line}"))
    return out


def read_user_file(path: str | Path) -> list[Entity]:
    """Entities of a user registry file (``.toml`` or ``.csv``), read at stage construction."""
    p = Path(path).expanduser()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: registry file not found; fix [stages.entities] registry_files") from None
    if p.suffix.lower() == ".csv":
        return entities_from_csv(text, str(p))
    if p.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc}); fix the file and retry") from None
        return entities_from_toml(data, str(p))
    raise ConfigError(f"{p}: a registry file must end in .toml or .csv")


def _shipped_toml(name: str) -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def shipped_files(prefix: str) -> list[str]:
    """Names of the shipped data files ``<prefix>.<lang>.toml``, sorted."""
    root = resources.files(DATA_PACKAGE)
    return sorted(f.name for f in root.iterdir()
                  if f.name.startswith(prefix + ".") and f.name.endswith(".toml")
                  and f.name.count(".") == 2)


def shipped_entities() -> list[Entity]:
    """Every entity shipped in the package: states first, then the curated files."""
    entities = country_entities()
    for name in ENTITY_FILES:
        entities += entities_from_toml(_shipped_toml(name), name)
    return entities + city_entities()


def city_entities() -> list[Entity]:
    """The cities that recur in conflict news, one entity each (type ``city``), so that
    "Mossoul" and "Mosul" share an id: the ``[[city]]`` entries of the places stage's
    ``data/places/variants.toml`` that name an ``entity``, with all their spellings."""
    folder, name = CITY_SPELLINGS
    text = resources.files("unspin").joinpath("data", folder, name).read_text(encoding="utf-8")
    tables = [{"name": c["entity"], "type": "city", "country": c["country"],
               "aliases": list(c["names"])}
              for c in tomllib.loads(text).get("city", []) if "entity" in c]
    return entities_from_toml({"entity": tables}, f"{folder}/{name}")


def _clean_iso_name(name: str) -> str | None:
    """An ISO name usable as an alias: None for inverted forms ("Iran, Islamic Republic of")."""
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    return None if "," in name or not name else name


def country_entities() -> list[Entity]:
    """One entity per ISO 3166-1 country (pycountry) with curated names in every language."""
    import pycountry

    facts = _shipped_toml("countries.toml")
    qids: dict[str, str] = facts.get("qid", {})
    canonical: dict[str, str] = facts.get("name", {})
    capitals: dict[str, dict[str, str]] = facts.get("capital", {})
    territories = set(facts.get("territories", []))
    ambiguous = {slugify(n) for n in facts.get("ambiguous", [])}
    translate: Callable[[str], str]
    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        translate = french.gettext
    except OSError:  # pycountry without its translations: curated French names still work
        log.warning("pycountry has no French translations; using curated French names only")
        translate = _same

    by_code: dict[str, Entity] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        iso_names = [country.name, getattr(country, "common_name", None),
                     getattr(country, "official_name", None)]
        texts = [t for t in iso_names if t]
        texts += [translate(t) for t in texts]
        aliases = [c for c in (_clean_iso_name(t) for t in texts) if c]
        name = canonical.get(code) or getattr(country, "common_name", None) or country.name
        by_code[code] = Entity(
            id=qids.get(code) or f"unspin:country:{code.lower()}", name=name,
            type="territory" if code in territories else "state", country=code,
            names=make_names(dict.fromkeys([name, *aliases]), "name"),
        )
    for code, extra in facts.get("extra", {}).items():
        by_code[code] = Entity(id=extra.get("qid") or f"unspin:country:{code.lower()}",
                               name=extra["name"], type=extra.get("type", "state"), country=code,
                               names=make_names([extra["name"]], "name"))
    for code, city in capitals.items():
        by_code[code].capital_city = _city(city, code)

    for file_name in shipped_files("countries"):
        data = _shipped_toml(file_name)
        lang = data.get("lang") or file_name.split(".")[1]
        for code, table in data.get("countries", {}).items():
            entity = by_code.get(code)
            if entity is None:
                raise ConfigError(f"{file_name}: unknown country code {code!r}")
            keys = {"names": "name", **NAME_KEYS}
            where = f"{file_name} ({code})"
            pejorative = pejorative_slugs(
                table, where, [t for k in keys for t in _strings(table.get(k, []), where, k)])
            for key, form in keys.items():
                entity.names += make_names(table.get(key, []), form, exact=key == "exact",
                                           inflect_lang=lang, pejorative=pejorative)
            if table.get("capitals") and entity.capital_city is None:
                entity.capital_city = _city({"name": table["capitals"][0]}, code)
    for entity in by_code.values():
        unique = dict.fromkeys(entity.names)
        entity.names = [n for n in unique
                        if slugify(n.text) not in ambiguous and name_tokens(n.text)]
    return list(by_code.values())


def _same(text: str) -> str:
    return text
