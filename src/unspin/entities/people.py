"""People in an article: titles, surnames, and coreference of one person's mentions.

A person the registry does not know is identified within the article by the full name
used for them ("Christopher Miller" → ``unspin:person:christopher-miller``); mentions by
surname ("Miller", "M. Miller") join that id when no other person of the article shares
the surname. Without NER, people are found after a title ("M. Dupont", "Gen. Smith").
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..folding import fold
from .matcher import Cues
from .mention import Mention
from .normalise import APOSTROPHES, collapse_spaces, slugify, tokens
from .roles import RoleIntro

_MIN_SURNAME_LETTERS = 3


def drop_title(text: str, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """A person span without its leading title ("M. Miller" → "Miller")."""
    spans = [(s + start, e + start) for s, e in tokens(text[start:end])]
    for k in range(min(3, len(spans) - 1), 0, -1):
        if tuple(text[s:e].lower() for s, e in spans[:k]) in cues.honorifics:
            return spans[k][0], end
    return start, end


def only_initials(text: str, start: int, end: int, person: Mention) -> bool:
    """True when the words of the span outside ``person`` are initials of its name."""
    initials = {fold(p[0]) for p in _name_parts(person.name or "")}
    others = [text[s + start:e + start] for s, e in tokens(text[start:end])
              if not person.start <= s + start < person.end]
    return bool(others) and all(len(w) == 1 and fold(w) in initials for w in others)


def surface_name(text: str, start: int, end: int) -> str:
    return collapse_spaces(text[start:end])


def titled_people(text: str, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """People introduced by a title when there is no NER: "M. Miller", "Gen. John Smith"."""
    spans = tokens(text)
    lowered = [text[s:e].lower() for s, e in spans]
    firsts = {h[0] for h in cues.honorifics}
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    i = 0
    while i < len(spans):
        hit = 0
        if lowered[i] in firsts:
            for k in range(min(3, len(spans) - i), 0, -1):
                if tuple(lowered[i:i + k]) in cues.honorifics:
                    hit = k
                    break
        if not hit:
            i += 1
            continue
        j = i + hit
        names = _name_after_title(text, spans, j, cues)
        if names:
            start, end = names[0][0], names[-1][1]
            if not any(s < end and e > start for s, e in taken):
                out.append(Mention(start, end, "PER", name=surface_name(text, start, end),
                                   type="person", via=None, source="rules"))
            j += len(names)
        i = max(j, i + 1)
    return out


def _name_after_title(text: str, spans: list[tuple[int, int]], j: int,
                      cues: Cues) -> list[tuple[int, int]]:
    """The capitalised words right after a title (at most four), or []."""
    if j >= len(spans):
        return []
    title_end = spans[j - 1][1]
    gap = text[title_end:spans[j][0]]
    # "Mr. Miller", "Gen. Smith": a dot only after a short capitalised abbreviation.
    title = text[spans[j - 1][0]:title_end]
    if gap != " " and not (gap == ". " and title[:1].isupper() and len(title) <= 4):
        return []
    names: list[tuple[int, int]] = []
    while j < len(spans) and len(names) < 4:
        s, e = spans[j]
        word = text[s:e]
        if not word[:1].isupper() or fold(word) in cues.not_names:
            break
        if names:
            gap = text[spans[j - 1][1]:s]
            initial = spans[j - 1][1] - spans[j - 1][0] == 1
            if gap not in (" ", "-", *APOSTROPHES) and not (initial and gap == ". "):
                break
        names.append((s, e))
        j += 1
    while names and names[-1][1] - names[-1][0] == 1:  # a trailing initial is a sentence "A."
        names.pop()
    return names


def apply_roles(text: str, mentions: list[Mention], intros: list[RoleIntro]) -> None:
    """Put each role introduction on its person mention (in place): the mention the NER
    made of the name becomes a person with the role (a surname it read as a place or an
    organisation included); a name after its role that no mention covers is added. Names
    of registry entities that are not people ("Washington") are left alone."""
    if not intros:
        return
    common = {fold(w) for w in re.findall(r"\b[^\W\d_][^\W_]*\b", text) if w.islower()}
    mentions.sort(key=lambda m: (m.start, -m.end))
    starts = [m.start for m in mentions]
    removed: set[int] = set()
    added: list[Mention] = []
    for intro in intros:
        overlapping = _overlapping(mentions, starts, intro.start, intro.end)
        if any(m.linked and m.type != "person" for m in overlapping):
            continue
        people = [m for m in overlapping if m.label == "PER" or m.linked]
        if people:
            for m in people:
                if m.role is None or (intro.appositive and not m.linked):
                    m.role = intro.role
            continue
        if intro.before or not intro.appositive or not intro.closed:
            # "Mercredi, le ministre …", "la députée RN", "…, Budapest est opposé": a name
            # before its role, after a bare title or opening a clause is taken only when it
            # is already known as a person.
            continue
        words = _name_parts(text[intro.start:intro.end])
        if any(fold(w) in common for w in words) or any(id(m) in removed for m in overlapping):
            continue  # "…, Système": a word the article also writes in lower case
        removed.update(id(m) for m in overlapping)  # "Vallancourt" read as a place
        added.append(Mention(intro.start, intro.end, "PER",
                             name=surface_name(text, intro.start, intro.end), type="person",
                             ner_label=overlapping[0].label if overlapping else None,
                             via=None if not overlapping else "ner",
                             source="spacy" if overlapping else "rules", role=intro.role))
    mentions[:] = [m for m in mentions if id(m) not in removed] + added
    mentions.sort(key=lambda m: (m.start, -m.end))


# Mentions rarely nest: a few steps back from a position find any that still covers it.
_NESTING = 4


def _overlapping(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[Mention]:
    """The mentions (sorted by start, ``starts`` their starts) overlapping ``[start, end)``."""
    i = bisect_left(starts, start)
    out = [mentions[k] for k in range(max(0, i - _NESTING), i) if mentions[k].end > start]
    while i < len(mentions) and mentions[i].start < end:
        out.append(mentions[i])
        i += 1
    return out


def _same_role(a: str, b: str) -> bool:
    """True when two role phrases may name one post ("ministre de la Défense" and
    "nouveau ministre de la Défense du Mali"): one's words are among the other's."""
    words_a, words_b = set(map(fold, _name_parts(a))), set(map(fold, _name_parts(b)))
    return words_a <= words_b or words_b <= words_a


def _name_parts(name: str) -> list[str]:
    return [t for t in re.findall(r"[^\W_]+", name)]


def _is_full_name(parts: list[str], particles: frozenset[str]) -> bool:
    """A given name and a surname ("Christopher Miller"), not a surname ("Le Maire")."""
    return (len(parts) >= 2 and fold(parts[0]) not in particles and len(parts[0]) > 1
            and all(p[:1].isupper() or fold(p) in particles for p in parts))


def _surname(parts: list[str], particles: frozenset[str]) -> tuple[str, ...]:
    """The folded surname of a full name: its last word, with a particle ("al-Assad")."""
    if len(parts) >= 3 and fold(parts[-2]) in particles:
        return (fold(parts[-2]), fold(parts[-1]))
    return (fold(parts[-1]),)


def link_people(text: str, mentions: list[Mention], cues: Cues | None = None) -> None:
    """Give every mention of one unknown person the same id and full name (in place).

    A full name ("Christopher Miller") gets the id ``unspin:person:christopher-miller``;
    later or earlier mentions by surname ("Miller", "M. Miller") join it when no other
    person of the article has that surname; surname occurrences the NER missed are added.
    """
    cues = cues or Cues.shipped()
    particles = cues.particles
    clusters: dict[str, str] = {}  # slug -> full name
    roles: dict[str, str] = {}  # slug -> the role the person was introduced with
    keys: dict[str, tuple[str, ...]] = {}  # slug -> folded surname, for surname-only people
    by_surname: dict[tuple[str, ...], set[str]] = {}
    for m in mentions:
        if m.label != "PER" or m.linked:
            continue
        parts = _name_parts(m.name or "")
        if _is_full_name(parts, particles):
            full = slugify(m.name or "")
            clusters.setdefault(full, m.name or "")
            if m.role:
                roles.setdefault(full, m.role)
            surname = _surname(parts, particles)
            by_surname.setdefault(surname, set()).add(full)
            if len(surname) == 2:  # "al-Soudani" is also written "Soudani"
                by_surname.setdefault(surname[1:], set()).add(full)
    for m in mentions:
        if m.linked and m.type == "person":
            # A known person's surname (canonical and as written) belongs to them.
            for name in (m.name or "", text[m.start:m.end]):
                by_surname.setdefault(_surname(_name_parts(name), particles), set()).add("")
    own = _surname_people(mentions, clusters, roles, keys, by_surname, particles,
                          cues.honorifics)
    if not clusters:
        return
    lowered = {fold(w) for w in re.findall(r"\b[^\W\d_][^\W_]*\b", text) if w.islower()}
    for m in mentions:
        parts = _name_parts(text[m.start:m.end])
        # Beyond PER spans, a surname is trusted only where it cannot be a place or a word.
        safe = bool(parts) and not (len(parts) == 1 and fold(parts[0]) in lowered) \
            and not _after_place_word(text, m.start, cues)
        if m.label == "PER" and not m.linked:
            slug: str | None = slugify(m.name or "") if _is_full_name(parts, particles) else None
            slug = own.get(id(m), slug)
            if slug not in clusters:
                owners = by_surname.get(tuple(fold(p) for p in parts), set())
                slug = next(iter(owners)) if len(owners) == 1 else None
            if slug:
                _join(m, slug, clusters[slug])
        elif not m.linked and safe and parts[-1][:1].isupper():
            # The NER mislabelled a surname ("Miller" as LOC): the person wins.
            owners = by_surname.get(tuple(fold(p) for p in parts), set())
            if len(owners) == 1 and (slug := next(iter(owners))):
                m.ner_label, m.label, m.country = m.label, "PER", None
                _join(m, slug, clusters[slug])
        elif (m.via == "registry" and m.type != "person" and safe and len(parts) == 1
              and parts[0][:1].isupper()):
            # "Washington" when the article is about Denzel Washington.
            owners = by_surname.get((fold(parts[0]),), set())
            if len(owners) == 1 and (slug := next(iter(owners))):
                if m.ner_label == "PER":
                    m.ner_label = None
                m.label, m.type, m.country, m.linked, m.form = "PER", "person", None, False, None
                _join(m, slug, clusters[slug])
    mentions += _missed_surnames(text, mentions, clusters, keys, by_surname, lowered, cues)
    for m in mentions:  # the role belongs to the person: every mention carries it
        if m.id and m.id.startswith(_PERSON_PREFIX) and m.role is None:
            m.role = roles.get(m.id[len(_PERSON_PREFIX):])
    mentions.sort(key=lambda m: (m.start, -m.end))


_PERSON_PREFIX = "unspin:person:"


def _surname_people(mentions: list[Mention], clusters: dict[str, str], roles: dict[str, str],
                    keys: dict[str, tuple[str, ...]], by_surname: dict[tuple[str, ...], set[str]],
                    particles: frozenset[str],
                    titles: set[tuple[str, ...]]) -> dict[int, str]:
    """People introduced by role and surname only ("le chef d'état-major, Durand"): each
    joins the one full name of the article with that surname when their roles agree (a
    bare title or rank, "le général Vahedi" after "le commandant …, Hamid Vahedi", agrees
    with any role: it is how the press names a person again), else
    becomes a person of their own (id ``unspin:person:durand``). Returns the slug of each
    such mention (by ``id()``); updates the cluster tables in place."""
    own: dict[int, str] = {}
    for m in mentions:
        if m.label != "PER" or m.linked or not m.role:
            continue
        parts = _name_parts(m.name or "")
        if not parts or _is_full_name(parts, particles):
            continue
        key = tuple(fold(p) for p in parts)
        owners = by_surname.get(key, set())
        if "" in owners:
            continue  # a known person of the registry has that surname
        agreeing = [o for o in owners if o in clusters and o not in keys
                    and (o not in roles or _same_role(roles[o], m.role)
                         or tuple(w.lower() for w in _name_parts(m.role)) in titles)]
        if len(owners) == 1 and agreeing:
            own[id(m)] = agreeing[0]  # "le ministre, Lefort" … "Jean Lefort"
            roles.setdefault(agreeing[0], m.role)
            continue
        slug = slugify(m.name or "")
        if slug in keys:  # introduced twice ("le chef …, Durand" … "Durand, le chef …")
            own[id(m)] = slug
            continue
        clusters[slug], roles[slug], keys[slug] = m.name or "", m.role, key
        by_surname.setdefault(key, set()).add(slug)
        own[id(m)] = slug
    return own


def _after_place_word(text: str, start: int, cues: Cues) -> bool:
    """True after a word that makes a capitalised word a place ("en Lombardie", "la …")."""
    before = re.search(r"([^\W_]+)['\u2019\s]*$", text[max(0, start - 30):start])
    return before is not None and fold(before.group(1)) in cues.place_words


def _join(m: Mention, slug: str, full_name: str) -> None:
    m.id, m.name, m.type, m.via, m.linked = f"unspin:person:{slug}", full_name, "person", "coref", False


def _missed_surnames(text: str, mentions: list[Mention], clusters: dict[str, str],
                     keys: dict[str, tuple[str, ...]], by_surname: dict[tuple[str, ...], set[str]],
                     lowered: set[str], cues: Cues) -> list[Mention]:
    """Surname mentions of known-in-article people that no mention covers yet, found in
    one pass over the text's tokens (the surnames are looked up, not searched for)."""
    wanted: dict[tuple[str, ...], tuple[str, str]] = {}  # surname as written -> slug, name
    for slug, full_name in clusters.items():
        parts = _name_parts(full_name)
        key = keys.get(slug) or _surname(parts, cues.particles)
        surname = tuple(parts[-len(key):])
        if (len(by_surname.get(key, ())) != 1 or len(surname[-1]) < _MIN_SURNAME_LETTERS
                or fold(surname[-1]) in lowered):
            continue  # ambiguous, too short, or a common word ("Maire", "Blanc")
        wanted.setdefault(surname, (slug, full_name))
    if not wanted:
        return []
    spans = tokens(text)
    starts = [s for s, _ in spans]
    covered = [False] * len(spans)
    for m in mentions:
        k = bisect_left(starts, m.start)
        while k < len(spans) and spans[k][0] < m.end:
            covered[k] = True
            k += 1
    lengths = sorted({len(w) for w in wanted}, reverse=True)
    firsts = {w[0] for w in wanted}
    out: list[Mention] = []
    for i in range(len(spans)):
        if covered[i] or text[spans[i][0]:spans[i][1]] not in firsts:
            continue
        for length in lengths:
            window = spans[i:i + length]
            if len(window) < length or any(covered[i:i + length]):
                continue
            found = wanted.get(tuple(text[a:b] for a, b in window))
            s, e = window[0][0], window[-1][1]
            if (found is None or text[s - 1:s] in ("_", "@", "#") or text[e:e + 1] == "_"
                    or not all(_SURNAME_GAP.fullmatch(text[window[j - 1][1]:window[j][0]])
                               for j in range(1, length))
                    or _after_place_word(text, s, cues)):
                continue
            m = Mention(s, e, "PER", source="rules")
            _join(m, *found)
            out.append(m)
            for j in range(i, i + length):
                covered[j] = True
            break
    return out


_SURNAME_GAP = re.compile(r"[\s\-'\u2019]+")
