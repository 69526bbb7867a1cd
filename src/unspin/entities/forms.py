"""Inflected forms of demonyms, so data files list one form and match all of them.

French adjectives of nationality vary in gender and number ("américain", "américaine",
"américains", "américaines"); English ones only take a plural when used as nouns
("Iraqi", "Iraqis"). Only regular endings are inflected; data files list irregular forms
(e.g. "turc" and "turque", "grec" and "grecque") themselves.
"""

from __future__ import annotations

from collections.abc import Callable

# masculine ending -> what to append for the feminine (checked longest first).
_FR_FEMININE = (
    ("ien", "ne"), ("éen", "ne"), ("en", "ne"), ("on", "ne"),
    ("ain", "e"), ("in", "e"), ("an", "e"), ("ais", "e"), ("ois", "e"),
    ("and", "e"), ("ol", "e"), ("ard", "e"), ("i", "e"), ("ot", "e"), ("at", "e"),
)


def _fr_plural(word: str) -> str:
    return word if word[-1:] in ("s", "x", "z") else word + "s"


def french_forms(form: str) -> list[str]:
    """The listed French demonym and its regular feminine and plural forms."""
    out = [form, _fr_plural(form)]
    last = form.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    if not form.endswith("e"):
        for ending, add in _FR_FEMININE:
            if last.endswith(ending):
                feminine = form + add
                out += [feminine, _fr_plural(feminine)]
                break
    return list(dict.fromkeys(out))


def english_forms(form: str) -> list[str]:
    """The listed English demonym and, for regular nouns, its plural."""
    if form.endswith(("sh", "ch", "ese", "s", "x", "z")) or " " in form:
        return [form]
    return [form, form + "s"]


INFLECTORS: dict[str, Callable[[str], list[str]]] = {"fr": french_forms, "en": english_forms}


def demonym_forms(form: str, lang: str) -> list[str]:
    """All forms of a demonym in language ``lang`` (only ``form`` itself when unknown)."""
    inflect = INFLECTORS.get(lang)
    return inflect(form) if inflect else [form]
