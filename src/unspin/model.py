"""The data model: an Article and the annotation layers that stages add to it.

An article's ``text`` is never changed after reading; every annotation is a half-open
character span ``[start, end)`` into that string, so every finding points at the exact
characters that justify it. The JSON form built here is the project's public schema
(see ``docs/schema.md``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

JSONValue = Any


def normalise_text(text: str) -> str:
    """Return the text that offsets index: the decoded input with ``\\r\\n`` turned to ``\\n``.

    A leading byte-order mark is dropped too (it is an encoding artefact, not content).
    """
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n")


def article_id(text: str, origin: str = "") -> str:
    """A stable id derived from the content: the same text always gets the same id.

    The text is hashed in Unicode NFC form, so a copy whose accents are decomposed is the
    same article. ``origin`` (the article's URL, else its outlet, when the reader knows
    one) tells syndicated copies of one text apart: the same wire story published by two
    outlets is two articles.
    """
    key = unicodedata.normalize("NFC", text)
    if origin:
        key = origin.strip() + "\n" + key
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Annotation:
    """A labelled span of the article text, with small JSON-able attributes."""

    start: int
    end: int
    label: str
    attrs: dict[str, JSONValue] = field(default_factory=dict)
    source: str | None = None

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self, text: str | None = None) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {"start": self.start, "end": self.end, "label": self.label}
        if text is not None:
            out["text"] = text[self.start : self.end]
        out["attrs"] = self.attrs
        if self.source:
            out["source"] = self.source
        return out

    @classmethod
    def from_dict(cls, data: dict[str, JSONValue]) -> Annotation:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            label=str(data["label"]),
            attrs=dict(data.get("attrs") or {}),
            source=data.get("source"),
        )


@dataclass
class Article:
    """One news article: its text, its metadata and the annotation layers stages added.

    ``scratch`` holds per-process helpers shared between stages (e.g. a spaCy ``Doc``);
    it is never serialised.
    """

    text: str
    meta: dict[str, JSONValue] = field(default_factory=dict)
    layers: dict[str, list[Annotation]] = field(default_factory=dict)
    id: str = ""
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            origin = self.meta.get("url") or self.meta.get("outlet") or ""
            self.id = article_id(self.text, str(origin))

    @classmethod
    def from_text(cls, text: str, **meta: JSONValue) -> Article:
        clean = normalise_text(text)
        return cls(text=clean, meta={k: v for k, v in meta.items() if v is not None})

    def layer(self, name: str) -> list[Annotation]:
        """The annotations of layer ``name`` (an empty list when the layer is absent)."""
        return self.layers.get(name, [])

    def add(self, layer: str, start: int, end: int, label: str,
            attrs: dict[str, JSONValue] | None = None, *, backend: str | None = None,
            **more_attrs: JSONValue) -> Annotation:
        """Add one annotation to ``layer``, checking that the span lies inside the text.

        Attributes come from ``attrs`` and keyword arguments; ``backend`` names what made it
        (stored as the annotation's ``source``; an attribute called ``source`` goes in ``attrs``).
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"span [{start}, {end}) of layer {layer!r} is outside the text "
                f"(length {len(self.text)})"
            )
        ann = Annotation(start, end, label, {**(attrs or {}), **more_attrs}, backend)
        self.layers.setdefault(layer, []).append(ann)
        return ann

    def set_layer(self, name: str, annotations: Iterable[Annotation]) -> None:
        """Replace layer ``name``, sorted by position (so re-running a stage is idempotent)."""
        anns = sorted(annotations, key=lambda a: (a.start, -a.end, a.label))
        for a in anns:
            if not 0 <= a.start <= a.end <= len(self.text):
                raise ValueError(f"span [{a.start}, {a.end}) of layer {name!r} is outside the text")
        self.layers[name] = anns

    def span_text(self, ann: Annotation) -> str:
        return self.text[ann.start : ann.end]

    def to_dict(self, with_text: bool = True) -> dict[str, JSONValue]:
        """The public JSON form (schema v1). ``with_text`` adds each span's text for readers."""
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "layers": {
                name: [a.to_dict(self.text if with_text else None) for a in anns]
                for name, anns in self.layers.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, JSONValue]) -> Article:
        version = data.get("schema", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema version {version!r}; this unspin reads v{SCHEMA_VERSION}")
        return cls(
            text=str(data["text"]),
            meta=dict(data.get("meta") or {}),
            layers={
                name: [Annotation.from_dict(a) for a in anns]
                for name, anns in (data.get("layers") or {}).items()
            },
            id=str(data.get("id") or ""),
        )
