"""The fine-tuned e5 member of the accurate backend: cross-validation and final fit.

Used by ``train_accurate`` (when ``AccurateConfig.finetune`` is set) and by the
``finetune_experiment`` script. The rows are ``train_accurate.Rows``; the member trains on
the rows that have e5 features (``rows.has_e5``), from the cached states entering its first
tuned layer (``e5_states``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..accurate import combine
from ..e5_finetuned import FineTunedE5
from ..e5_numpy import E5Numpy, Windows
from ..features import text_key
from .e5_states import ParagraphStates, input_states
from .finetune_e5 import FineTuneConfig, fit_finetune, predict_finetune
from .train_fast import sample_weights

if TYPE_CHECKING:  # train_accurate imports this module
    from .train_accurate import Rows

log = logging.getLogger(__name__)


def states_entering(states: ParagraphStates, keys: Sequence[str], first: int,
                    model: E5Numpy) -> list[np.ndarray]:
    """Token states entering layer ``first`` for each text key (frozen layers in numpy)."""
    if first < states.first:
        raise ValueError(f"states entering layer {first} are not cached (the cache starts at "
                         f"layer {states.first}): use e5_states.input_states")
    index = states.index()
    out = []
    for key in keys:
        x = states.tokens(index[key])
        if first > states.first:
            win = Windows(np.zeros(len(x), np.int64), np.arange(len(x)), [(0, len(x))],
                          [0], [len(x)])
            x = model.run_layers(x, win, states.first, first)
        out.append(x)
    return out


def tuned_inputs(states: ParagraphStates, texts: Sequence[str], first: int,
                 model: E5Numpy) -> list[np.ndarray]:
    """States entering the first tuned layer: from the cache, or (below the cached layer)
    the embeddings themselves, recomputed."""
    if first == 0:
        return input_states(texts, model)
    return states_entering(states, [text_key(t) for t in texts], first, model)


def finetune_out_of_fold(rows: Rows, folds: np.ndarray, states: ParagraphStates,
                         config: FineTuneConfig, model: E5Numpy | None = None,
                         always_train: np.ndarray | None = None,
                         only_folds: Sequence[int] | None = None) -> np.ndarray:
    """Out-of-fold probabilities of the fine-tuned member (zeros on rows without e5).

    Rows set in ``always_train`` (a mask over all rows) train every fold's model and are
    never scored (zeros): extra rows of other languages that must not leave French CV
    folds short of training data. ``only_folds`` scores those folds only (a probe of a
    costly variant; the other rows stay zeros).
    """
    model = model or E5Numpy()
    always = (np.zeros(len(rows.Y), bool) if always_train is None
              else np.asarray(always_train, bool))
    has_e5, Y, e5_X, languages, texts = (rows.has_e5, rows.Y, rows.e5_X, rows.languages,
                                         rows.texts)
    e5_rows = np.flatnonzero(has_e5)
    first = model.weights.layers_count - config.layers
    tokens = tuned_inputs(states, [texts[i] for i in e5_rows], first, model)
    init = model.weights.layers[first:]
    out = np.zeros_like(Y)
    t0 = time.time()
    for k in range(int(folds.max()) + 1) if only_folds is None else only_folds:
        train = np.flatnonzero((folds[e5_rows] != k) | always[e5_rows])
        test = np.flatnonzero((folds[e5_rows] == k) & ~always[e5_rows])
        net, fitted = fit_finetune([tokens[i] for i in train], e5_X[e5_rows[train]],
                                   Y[e5_rows[train]],
                                   sample_weights(languages[e5_rows[train]], config.french_weight), init, config)
        out[e5_rows[test]] = predict_finetune(net, [tokens[i] for i in test],
                                              e5_X[e5_rows[test]], fitted)
        log.info("%s: fold %d done (%.0f s)", config.name, k, time.time() - t0)
    return out


def fit_finetuned_member(rows: Rows, states: ParagraphStates, config: FineTuneConfig,
                         model: E5Numpy | None = None) -> FineTunedE5:
    """The member trained on every row with e5 features, as plain arrays."""
    model = model or E5Numpy()
    e5_rows = np.flatnonzero(rows.has_e5)
    first = model.weights.layers_count - config.layers
    tokens = tuned_inputs(states, [rows.texts[i] for i in e5_rows], first, model)
    _, fitted = fit_finetune(tokens, rows.e5_X[e5_rows], rows.Y[e5_rows],
                             sample_weights(rows.languages[e5_rows], config.french_weight),
                             model.weights.layers[first:], config)
    return FineTunedE5(first, fitted.layers, fitted.head, fitted.side_mean, fitted.side_scale,
                       config.side_features)


def combined_with_finetuned(members: dict[str, np.ndarray], has_e5: np.ndarray,
                            weights: dict[str, float]) -> np.ndarray:
    """Members' weighted mean; rows without e5 features use only the fast members."""
    fast = combine({m: members[m] for m in ("use", "lexical")}, weights)
    full = combine(members, weights)
    return np.where(has_e5[:, None], full, fast)


def finetuned_weights_grid() -> list[dict[str, float]]:
    """Member weightings compared by French CV when the ``ft`` member is trained."""
    return [{"use": 1.0, "lexical": lex, "e5": e5, "ft": ft}
            for lex in (1.0, 2.0, 3.0) for e5 in (0.0, 1.0)
            for ft in (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0, 15.0)]
