"""The events training corpus: sentences written for the project from templates.

There is no labelled event data we may ship (ACLED's terms forbid redistributing their
notes or a substitute built from them), so the corpus is generated from hand-written
French and English templates (``data/events/corpus/templates_*.toml``) whose slots are
filled from ``fillers.toml``. Generation is deterministic (fixed seed). Some variation
is added on purpose so the model does not learn the templates' shape: a source tag
("…, police said"), a wire dateline, or no trailing full stop.

Every fifth template of each type is held out (never trained on, never looked at while
tuning); ``heldout_fingerprint`` hashes those templates so a test can check that the
held-out part has not been edited since it was frozen.
"""

from __future__ import annotations

import hashlib
import random
import re
import tomllib
from dataclasses import dataclass

from .taxonomy import data_text, labels

LANGUAGES = ("en", "fr")
HELDOUT_EVERY = 5  # template index % 5 == 4 is held out
_SLOT_RE = re.compile(r"\{(\w+)\}")
_SOURCE_TAGS = {
    "en": [", {official} said.", ", according to {official}.", ", {official} told reporters.",
           ", {official} told AFP.", ", a statement said."],
    "fr": [", selon {official}.", ", a indiqué {official}.", ", a-t-on appris auprès de {official}.",
           ", rapporte l'AFP.", ", selon un communiqué."],
}
_DATELINES = {
    "en": ["{CITY} (Reuters) - ", "{CITY}, ({AGENCY}) — ", "{CITY} — "],
    "fr": ["{CITY} (AFP) - ", "{CITY}, correspondance — ", "{CITY} — "],
}


@dataclass(frozen=True)
class Example:
    """One training sentence: text, label, language, template id and split."""

    text: str
    label: str
    language: str
    template: str
    heldout: bool


def templates(language: str) -> dict[str, list[str]]:
    raw = tomllib.loads(data_text("corpus", f"templates_{language}.toml"))
    return {label: list(raw.get(label, [])) for label in labels()}


def added_templates(language: str) -> dict[str, list[str]]:
    """Templates written after the held-out part was frozen: training only."""
    raw = tomllib.loads(data_text("corpus", f"added_{language}.toml"))
    return {label: list(items) for label, items in raw.items()}


def fillers(language: str) -> dict[str, list[str]]:
    return dict(tomllib.loads(data_text("corpus", "fillers.toml"))[language])


def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    text = _SLOT_RE.sub(lambda m: rng.choice(slots[m.group(1)]), template)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    # French elision after slot filling: "de les" -> "des", "à le" -> "au", "de l'" kept.
    text = re.sub(r"\bde les\b", "des", text)
    text = re.sub(r"\bà les\b", "aux", text)
    text = re.sub(r"\bde le\b", "du", text)
    text = re.sub(r"\bà le\b", "au", text)
    text = re.sub(r"\b([dD]es) des\b", r"\1", text)
    text = re.sub(r"\bde des\b", "de", text)
    return text[:1].upper() + text[1:]


def _vary(text: str, language: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25 and text.endswith("."):
        tag = rng.choice(_SOURCE_TAGS[language])
        text = text[:-1] + _SLOT_RE.sub(lambda m: rng.choice(slots[m.group(1)]), tag)
    elif roll < 0.37:
        city = rng.choice(slots["city"]).upper()
        line = rng.choice(_DATELINES[language]).replace("{CITY}", city)
        text = line.replace("{AGENCY}", "AFP") + text
    if rng.random() < 0.1:
        text = text.rstrip(".")
    return text


def generate(per_template: int = 10, seed: int = 7) -> list[Example]:
    """The whole corpus (training and held-out parts), deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Example] = []
    for language in LANGUAGES:
        slots = fillers(language)
        for label, items in templates(language).items():
            for index, template in enumerate(items):
                seen: set[str] = set()
                for _ in range(per_template * 3):
                    if len(seen) >= per_template:
                        break
                    text = _vary(fill(template, slots, rng), language, slots, rng)
                    if text in seen:
                        continue
                    seen.add(text)
                    out.append(Example(text, label, language, f"{language}:{label}:{index}",
                                       index % HELDOUT_EVERY == HELDOUT_EVERY - 1))
        for label, items in added_templates(language).items():
            for index, template in enumerate(items):
                for _ in range(per_template):
                    text = _vary(fill(template, slots, rng), language, slots, rng)
                    # index far from the frozen ones: never held out, never in dev
                    out.append(Example(text, label, language,
                                       f"{language}:{label}:{1000 + index * HELDOUT_EVERY}",
                                       False))
    return out


def heldout_fingerprint() -> str:
    """SHA-256 over the held-out templates (language, label, text), in a stable order."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        for label, items in sorted(templates(language).items()):
            for index, template in enumerate(items):
                if index % HELDOUT_EVERY == HELDOUT_EVERY - 1:
                    digest.update(f"{language}\t{label}\t{template}\n".encode())
    return digest.hexdigest()
