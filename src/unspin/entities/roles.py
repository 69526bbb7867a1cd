"""People introduced by their role: "le porte-parole de l'armée, le colonel Martin".

News writers often name an official by role and surname only ("le chef d'état-major,
Durand"; "Durand, le nouveau ministre de la Défense, a …"; "the army spokesman, Colonel
Martin"). This module finds those introductions in the text, with no parse: a role noun
from the cue files (``role_nouns``), its complement up to a comma, and a capitalised name
beside it. The entities stage puts the role on the person (attr ``role``) and lets later
bare mentions of the surname join them (:func:`unspin.entities.people.link_people`).

Every scan looks at a bounded window of tokens around each role noun, so the cost is
linear in the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .matcher import Cues
from .normalise import APOSTROPHES, collapse_spaces, fold, tokens

_MAX_ROLE_TOKENS = 4  # the longest role noun phrase ("chef d'état-major", "garde des Sceaux")
_MAX_COMPLEMENT_TOKENS = 12  # "ministre de la Sécurité intérieure du Burkina Faso"
_MAX_NAME_TOKENS = 4
_DETERMINER_WINDOW = 3  # "le nouveau ministre", "the new interior minister"
# Gaps inside one phrase or one name: spaces, hyphens, apostrophes.
_PLAIN_GAP = set(" \t\u00a0\u202f-\u2010\u2011" + APOSTROPHES)
# Punctuation that closes a role phrase's clause: no apposition runs over it.
_CLAUSE_END = set(".;:!?«»()[]\"“”\n…")
# Punctuation that may close an appositive name.
_CLOSING = set(",.;:!?)»\"”\n…")


@dataclass(frozen=True)
class RoleIntro:
    """A person's name (``start``, ``end``: the name without title) and the role given
    to them where they are introduced (as written, without its determiner)."""

    start: int
    end: int
    role: str
    appositive: bool  # the role is a phrase beside the name, not a title before it
    # The name stands before its role ("Durand, le chef …"): only a name already known as a
    # person takes it (a sentence's first word may be "Mercredi, le ministre …").
    before: bool = False
    # Punctuation closes the name ("…, Durand, a dit", "…, Durand."): an apposition, not the
    # subject of a new clause ("…, Budapest est opposé").
    closed: bool = True


class _Scan:
    """The tokens of a text and the cue tests on them."""

    def __init__(self, text: str, cues: Cues) -> None:
        self.text = text
        self.cues = cues
        self.spans = tokens(text)
        words = [text[s:e] for s, e in self.spans]
        self.lowered = [w.lower() for w in words]
        self.folded = [fold(w) for w in self.lowered]
        self.firsts = {p[0] for p in cues.role_nouns}
        self.not_names = cues.not_names

    def gap(self, k: int) -> str:
        """The characters between token ``k - 1`` and token ``k``."""
        return self.text[self.spans[k - 1][1]:self.spans[k][0]]

    def plain_gap(self, k: int) -> bool:
        gap = self.gap(k)
        return 0 < len(gap) <= 3 and all(ch in _PLAIN_GAP for ch in gap)

    def role_at(self, i: int) -> int:
        """The number of tokens of the longest role noun phrase at token ``i`` (0: none)."""
        if self.folded[i] not in self.firsts:
            return 0
        for k in range(min(_MAX_ROLE_TOKENS, len(self.spans) - i), 0, -1):
            if tuple(self.folded[i:i + k]) in self.cues.role_nouns and all(
                    self.plain_gap(j) for j in range(i + 1, i + k)):
                return k
        return 0

    def honorific_at(self, i: int) -> int:
        """The number of tokens of a title at token ``i`` ("M.", "Mme", "Dr"), or 0."""
        for k in range(min(3, len(self.spans) - i), 0, -1):
            if tuple(self.lowered[i:i + k]) in self.cues.honorifics:
                return k
        return 0

    def capitalised(self, k: int) -> bool:
        word = self.text[slice(*self.spans[k])]
        return word[:1].isupper() and self.folded[k] not in self.not_names and not word.isdigit()

    def name_from(self, k: int) -> int:
        """The end token (exclusive) of a capitalised name starting at token ``k``, or ``k``."""
        end = k
        while end < len(self.spans) and end - k < _MAX_NAME_TOKENS:
            if end > k and not self.plain_gap(end):
                break
            if self.capitalised(end):
                end += 1
            elif (end > k and self.folded[end] in self.cues.particles and end + 1 < len(self.spans)
                  and self.plain_gap(end + 1) and self.capitalised(end + 1)):
                end += 1  # "de" of "Charles de Gaulle"
            else:
                break
        return end

    def name_ends_cleanly(self, end: int) -> bool:
        """True when nothing capitalised runs on after the name ("Durand Holding")."""
        return end >= len(self.spans) or not (self.plain_gap(end) and self.capitalised(end))

    def determiner_before(self, i: int) -> int | None:
        """The token index of the determiner opening the role phrase at ``i``, or None."""
        for j in range(i - 1, max(-1, i - 1 - _DETERMINER_WINDOW), -1):
            if not self.plain_gap(j + 1) or self.lowered[j] in self.cues.clause_words:
                return None
            if self.folded[j] in self.cues.role_determiners:
                return j
        return None

    def adverbial(self, det: int) -> bool:
        """True when a preposition opens the phrase at ``det`` ("Selon le ministre,"): what
        follows its comma is the clause, not the person."""
        return det > 0 and self.plain_gap(det) and self.lowered[det - 1] in self.cues.role_adverbials

    def complement_end(self, i: int) -> tuple[int, bool] | None:
        """The end token (exclusive) of the role phrase from token ``i`` and whether a
        comma follows it (else the clause ends there); None when a clause runs on."""
        q = i
        while q < len(self.spans) and q - i <= _MAX_COMPLEMENT_TOKENS:
            gap = self.gap(q)
            if "," in gap:
                return q, True
            if any(ch in _CLAUSE_END for ch in gap):
                return q, False
            if self.lowered[q] in self.cues.clause_words:
                return None
            q += 1
        if q >= len(self.spans):
            return q, False
        return None


def find_role_introductions(text: str, cues: Cues) -> list[RoleIntro]:
    """The people introduced by a role in ``text``, in text order (one per name span; a
    role phrase beside the name wins over a bare title before it)."""
    scan = _Scan(text, cues)
    found: dict[tuple[int, int], RoleIntro] = {}

    def add(intro: RoleIntro) -> None:
        key = (intro.start, intro.end)
        if key not in found or (intro.appositive and not found[key].appositive):
            found[key] = intro

    spans = scan.spans
    for i in range(len(spans)):
        k = scan.role_at(i)
        if not k:
            continue
        # "le colonel Perrichon": a rank or role right before the name.
        if i + k < len(spans) and scan.gap(i + k) == " " and scan.capitalised(i + k):
            end = scan.name_from(i + k)
            if scan.name_ends_cleanly(end):
                add(RoleIntro(spans[i + k][0], spans[end - 1][1],
                              collapse_spaces(text[spans[i][0]:spans[i + k - 1][1]]), False))
        det = scan.determiner_before(i)
        phrase_start = det + 1 if det is not None else i
        closing = scan.complement_end(i + k)
        if closing is None:
            continue
        role_end, comma = closing
        role = collapse_spaces(text[spans[phrase_start][0]:spans[role_end - 1][1]])
        if det is not None and comma and role_end < len(spans) and not scan.adverbial(det):
            _after(scan, role_end, role, add)  # "le chef d'état-major, Durand"
        opening = det if det is not None else i
        if opening > 0 and "," in scan.gap(opening) and scan.gap(opening).strip(" ,\u00a0") == "":
            _before(scan, opening, role, add)  # "Durand, le chef d'état-major,"
    return sorted(found.values(), key=lambda r: r.start)


def _after(scan: _Scan, q: int, role: str, add: Callable[[RoleIntro], None]) -> None:
    """The name after the comma of a role phrase: "…, [le colonel] Durand"."""
    spans = scan.spans
    if q < len(spans) and scan.folded[q] in scan.cues.role_determiners and q + 1 < len(spans) \
            and scan.plain_gap(q + 1):
        q += 1
    if q < len(spans) and (k := scan.role_at(q) or scan.honorific_at(q)) and q + k < len(spans) \
            and scan.gap(q + k).strip(". ") == "":
        q += k  # a rank or a title between the comma and the name: "le colonel", "M."
    if q >= len(spans) or not scan.capitalised(q):
        return
    end = scan.name_from(q)
    if end > q and scan.name_ends_cleanly(end):
        after = scan.text[spans[end - 1][1]:spans[end][0] if end < len(spans) else None]
        closed = any(ch in _CLOSING for ch in after) or end >= len(spans)
        add(RoleIntro(spans[q][0], spans[end - 1][1], role, True, closed=closed))


def _before(scan: _Scan, opening: int, role: str, add: Callable[[RoleIntro], None]) -> None:
    """The name before the comma that opens a role phrase: "Durand, le chef …"."""
    spans = scan.spans
    last = opening - 1
    if not scan.capitalised(last):
        return
    first = last
    while first > 0 and last - first + 1 < _MAX_NAME_TOKENS and scan.plain_gap(first) \
            and scan.capitalised(first - 1):
        first -= 1
    if first > 0 and scan.plain_gap(first) and scan.folded[first - 1] in scan.cues.place_words:
        return  # "à Tessit, chef-lieu de la commune": a place
    add(RoleIntro(spans[first][0], spans[last][1], role, True, before=True))
