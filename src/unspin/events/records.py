"""From classified sentences to event records: precedence, merging, certainty, modality.

One real event told in several sentences is one record: a sentence joins the previous
record when both are violence (battles, explosions, violence against civilians) or both
have the same sub-type, and it is in the same or the next paragraph — or when it names
the event again ("cette attaque", "the attack"). A claim of responsibility joins the last
violent record and names its perpetrator. Precedence follows the ACLED codebook: a
suicide bombing is not an IED, a change of territory outranks the clash that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .cues import CueLexicon
from .taxonomy import event_type_of

VIOLENCE = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians"})
# Higher rank wins when a sentence of the same event, or a cue in the same sentence,
# points at a more specific sub-type.
RANK = {
    "suicide_bomb": 3, "chemical_weapon": 3, "government_regains_territory": 3,
    "non_state_actor_overtakes_territory": 3, "air_drone_strike": 2,
    "shelling_artillery_missile_attack": 2, "grenade": 2, "remote_explosive_landmine_ied": 2,
    "excessive_force_against_protesters": 2, "protest_with_intervention": 1,
}
# Cue list -> the sub-type it forces when that sub-type is among the model's top three.
CUE_OVERRIDES = (
    ("weapon_suicide", "suicide_bomb"), ("weapon_chemical", "chemical_weapon"),
    ("territory_regain", "government_regains_territory"),
    ("territory_seize", "non_state_actor_overtakes_territory"),
)
_ANAPHOR_RE = re.compile(
    r"(?<!\w)(?:cette|l['’]|the|this|ces|these)\s?(?:attaque|attentat|frappe|tirs?|"
    r"attack|strike|bombing|assault|raid)", re.IGNORECASE)


@dataclass
class EventSentence:
    """One sentence the classifier called an event."""

    span: tuple[int, int]
    paragraph: int
    label: str
    confidence: float
    top3: list[tuple[str, float]]
    fallback: bool
    trigger: tuple[int, int]


@dataclass
class EventRecord:
    """One event: its sentences (the first is where it is told) and the claim, if any."""

    sentences: list[EventSentence]
    label: str
    claims: list[EventSentence] = field(default_factory=list)

    @property
    def first(self) -> EventSentence:
        return self.sentences[0]


def family(label: str) -> str:
    kind = event_type_of(label)
    return "violence" if kind in VIOLENCE else label


def apply_cue_precedence(sentence: EventSentence, text: str, lex: CueLexicon) -> str:
    """The sentence's sub-type after the codebook's precedence between close types."""
    candidates = {label for label, _ in sentence.top3}
    for cue, label in CUE_OVERRIDES:
        if label in candidates and label != sentence.label and \
                family(label) == family(sentence.label) and lex.has(cue, text):
            return label
    return sentence.label


DEMONSTRATION_TYPES = frozenset({"protests", "riots"})


def require_demonstrators(sentence: EventSentence, paragraph_text: str, lex: CueLexicon
                          ) -> str:
    """A protest or riot needs demonstrators: without a protest or riot word in the
    paragraph, the best of the other top-three types is kept instead (a convoy ambush
    that "killed seven people" is not excessive force against protesters)."""
    if event_type_of(sentence.label) not in DEMONSTRATION_TYPES:
        return sentence.label
    # riot words ("incendié", "burned") also tell looting: only demonstrators count
    if lex.has("protest", paragraph_text) or lex.has("actor_protesters", paragraph_text) or \
            lex.has("actor_rioters", paragraph_text):
        return sentence.label
    others = [label for label, _ in sentence.top3
              if event_type_of(label) not in DEMONSTRATION_TYPES]
    return others[0] if others else sentence.label


def require_arrest(sentence: EventSentence, text: str, lex: CueLexicon) -> str | None:
    """An arrest needs an arrest word in its sentence. Without one, a statement ("a
    condamné les tirs et ordonné une enquête") is no event (None); anything else keeps
    the best other type of its top three."""
    if sentence.label != "arrests" or lex.has("arrest", text):
        return sentence.label
    if lex.has("statement", text):
        return None
    others = [label for label, _ in sentence.top3 if label != "arrests"]
    return others[0] if others else None


def is_toll(text: str, lex: CueLexicon) -> bool:
    """A casualty toll ("Au moins sept personnes ont été tuées, selon un bilan…"): it
    reports on an event told before it, it is not one of its own."""
    return lex.has("toll", text) and (lex.has("fatality", text) or lex.has("injury", text))


def group_records(sentences: list[EventSentence], text: str) -> list[EventRecord]:
    """Merge event sentences into records (see the module docstring)."""
    records: list[EventRecord] = []
    for s in sentences:
        if s.label == "attribution":
            target = next((r for r in reversed(records) if family(r.label) == "violence"), None)
            if target is not None:
                target.claims.append(s)
                continue
        last = records[-1] if records else None
        close = last is not None and s.paragraph - last.sentences[-1].paragraph <= 1
        same = last is not None and (
            family(s.label) == family(last.label) == "violence" or s.label == last.label)
        anaphor = family(s.label) == "violence" and _ANAPHOR_RE.search(
            text[s.span[0]:s.span[1]]) is not None
        if last is not None and same and close:
            last.sentences.append(s)
            if RANK.get(s.label, 0) > RANK.get(last.label, 0):
                last.label = s.label
            continue
        if anaphor:
            earlier = next((r for r in reversed(records) if family(r.label) == "violence"),
                           None)
            if earlier is not None:
                earlier.sentences.append(s)
                continue
        records.append(EventRecord([s], s.label))
    return records


def certainty(text: str, hedged: bool, attributed_to_actor: bool, lex: CueLexicon) -> str:
    """reported / alleged / claimed / denied for the sentence that tells the event."""
    if lex.has("denied", text):
        return "denied"
    if hedged or lex.has("alleged", text):
        return "alleged"
    if attributed_to_actor or lex.has("claimed", text):
        return "claimed"
    return "reported"


def modality(text: str, future_date: bool, lex: CueLexicon) -> str:
    """actual / threatened / planned / hypothetical for the sentence that tells the event."""
    if lex.has("threatened", text):
        return "threatened"
    if lex.has("hypothetical", text):
        return "hypothetical"
    if future_date or lex.has("planned", text):
        return "planned"
    return "actual"


def perpetrator_certainty(claims: list[EventSentence], text: str, lex: CueLexicon
                          ) -> str | None:
    """How the perpetrator is known: claimed (by itself), denied, alleged (blamed), or
    unclaimed ("L'attaque n'a pas été revendiquée")."""
    if not claims:
        return None
    claim_text = " ".join(text[c.span[0]:c.span[1]] for c in claims)
    if lex.has("unclaimed", claim_text):
        return "unclaimed"
    if lex.has("denied", claim_text):
        return "denied"
    if lex.has("claimed", claim_text):
        return "claimed"
    return "alleged"


def scores_attr(top3: list[tuple[str, float]]) -> list[dict[str, Any]]:
    return [{"label": label, "score": score} for label, score in top3]
