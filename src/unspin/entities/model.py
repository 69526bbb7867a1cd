"""What the registry holds: canonical entities and the names that refer to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# The entities-layer label an entity type gets by default (the NER's label set).
LABEL_OF_TYPE: dict[str, str] = {
    "person": "PER",
    "state": "LOC",
    "territory": "LOC",
    "city": "LOC",
    "region": "LOC",
    "place": "LOC",
}
DEFAULT_LABEL = "ORG"
LABELS = ("PER", "ORG", "LOC", "MISC")

# How a name refers to its entity: the ``form`` attr of a mention.
FORMS = ("name", "acronym", "demonym", "capital", "nickname")
# The register a name may be marked with (``pejorative`` key of a registry entity): a
# mention of such a name is a Name_Calling-Labeling cue for the technique_spans stage.
REGISTERS = ("pejorative",)

# The label a mention gets from its form, when the form decides it (else the entity's).
# Demonyms name the people or qualify things ("les Américains", "les forces américaines"):
# MISC, as in CoNLL. A capital used as an actor ("Washington a annoncé") is the
# government: ORG. (A capital used as a place is its city: LOC.)
LABEL_OF_FORM: dict[str, str] = {"demonym": "MISC", "capital": "ORG"}


class Name(NamedTuple):
    """One way of writing an entity's name, as listed in a registry file."""

    text: str
    form: str = "name"
    exact: bool = False  # letter case must match exactly
    lang: str | None = None  # only matched in articles of this language (None: any)
    register: str | None = None  # "pejorative" for a slur or a polemical nickname


@dataclass
class Entity:
    """One canonical entity: a state, an organisation, a person, a city …"""

    id: str
    name: str
    type: str
    label: str = ""
    country: str | None = None
    names: list[Name] = field(default_factory=list)
    # The city that the entity's ``capital`` names mean when used as places ("à Washington").
    capital_city: Entity | None = None

    def __post_init__(self) -> None:
        if not self.label:
            self.label = LABEL_OF_TYPE.get(self.type, DEFAULT_LABEL)

    def merge(self, other: Entity) -> None:
        """Add ``other``'s names to this entity; its non-empty fields override ours."""
        known = set(self.names)
        self.names.extend(n for n in other.names if n not in known)
        if other.name:
            self.name = other.name
        if other.type:
            self.type = other.type
            self.label = other.label
        if other.country:
            self.country = other.country
        if other.capital_city is not None:
            self.capital_city = other.capital_city

    def attrs(self) -> dict[str, str | None]:
        """The attrs every mention of this entity carries."""
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country}
