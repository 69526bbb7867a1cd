"""How a quotation's speaker was found, in words a reader understands: shared by the
terminal and HTML reports so that both explain a speaker with no reporting verb next to
the quotation, a partial or scare quotation, and a quotation without a speaker."""

from __future__ import annotations

from typing import Any

_INFERRED = {
    "sentence_source": "source of its sentence",
    "sentence_subject": "subject of its sentence",
    "previous_sentence": "sentence before",
    "next_sentence": "sentence after",
}

_NO_SPEAKER = {
    "no_cue_or_subject": "no speaker: no cue or subject around it",
    "nested_without_cue": "no speaker: quoted inside a quotation",
}

_KINDS = {
    "direct": "quotation",
    "partial": "partial quotation",
    "scare": "scare quotes (the writer's framing)",
    "title": "title of a work or operation",
}


def quote_kind(attrs: dict[str, Any]) -> str:
    """The kind of a quotation in words ("partial quotation")."""
    kind = str(attrs.get("kind") or "direct")
    return _KINDS.get(kind, kind)


def speaker_found_by(attrs: dict[str, Any]) -> str:
    """How the speaker was found: the cue as written ("a déclaré"), the quotation before,
    or the sentence whose source or subject it is; or why there is none."""
    kind = attrs.get("kind")
    if kind in ("scare", "title"):
        return "not speech"
    how = []
    cue = str(attrs.get("cue") or "").strip()
    if cue:
        how.append("colon before it" if cue == ":" else cue)
    if attrs.get("speaker_from_previous_quote"):
        how.append("same as the quotation before")
    inferred = attrs.get("speaker_inferred")
    if inferred:
        how.append(_INFERRED.get(str(inferred), str(inferred)))
    if attrs.get("speaker_resolved_from"):
        how.append(f"pronoun « {attrs['speaker_resolved_from']} »")
    if attrs.get("speaker") is None:
        how.append(_NO_SPEAKER.get(str(attrs.get("no_speaker_reason")), "no speaker found"))
    return "; ".join(how)
