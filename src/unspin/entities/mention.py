"""An entity mention while the entities stage works on it: registry link and provenance."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Annotation
from .matcher import Match


@dataclass
class Mention:
    """One entity mention while the stage works on it (becomes one Annotation)."""

    start: int
    end: int
    label: str
    id: str | None = None
    name: str | None = None
    type: str | None = None
    country: str | None = None
    ner_label: str | None = None
    linked: bool = False
    via: str | None = "ner"
    form: str | None = None
    source: str = "spacy"
    # A person's role where the article introduces them ("porte-parole de l'armée").
    role: str | None = None
    # "pejorative" when the registry marks the name so ("les Ricains"), else None.
    register: str | None = None

    @classmethod
    def from_match(cls, match: Match) -> Mention:
        e = match.entity
        return cls(match.start, match.end, match.label, e.id, e.name, e.type or None,
                   e.country, None, True, "registry", match.form, "gazetteer",
                   register=match.register)

    def annotation(self) -> Annotation:
        attrs = {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                 "ner_label": self.ner_label, "linked": self.linked, "via": self.via,
                 "form": self.form, "role": self.role, "register": self.register}
        return Annotation(self.start, self.end, self.label, attrs, self.source)
