"""Fine-tuning e5's top layers (training only): torch stays out of the run time."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from unspin.techniques.training.finetune_e5 import TORCH_MISSING, FineTuneConfig, import_torch


def test_missing_torch_gives_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes ``import torch`` fail
    with pytest.raises(RuntimeError, match="pip install torch==2.13.0"):
        import_torch()
    assert "training the accurate backend needs torch" in TORCH_MISSING


def test_runtime_modules_do_not_import_torch() -> None:
    import subprocess

    code = ("import sys, unspin.techniques.accurate, unspin.techniques.e5_finetuned, "
            "unspin.stages.techniques; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_variant_names_say_what_differs() -> None:
    assert FineTuneConfig(layers=1).name == "ft_k1_e4_lr3e-05_h0_s13"
    assert FineTuneConfig(layers=2, french_weight=3.0).name.endswith("_fr3")


@pytest.mark.slow
def test_fine_tuning_learns_a_label_and_exports_the_numpy_member() -> None:
    pytest.importorskip("torch", reason="torch is a training-only dependency")
    from unspin.techniques.e5_finetuned import FineTunedE5
    from unspin.techniques.e5_numpy import E5Numpy
    from unspin.techniques.training.finetune_e5 import fit_finetune, predict_finetune

    model = E5Numpy()
    # written for this test: exclamation-heavy slogans vs flat reporting
    loud = ["Honte à eux ! Dehors les traîtres !", "C'est un scandale absolu !",
            "Réveillez-vous, on vous ment !", "Jamais nous ne céderons !"]
    flat = ["Le conseil municipal se réunit jeudi.", "La séance a duré deux heures.",
            "Le budget a été voté à l'unanimité.", "La réunion reprendra en mars."]
    texts = loud + flat
    win = model.first_windows(texts)
    x = model.run_layers(model.embed_tokens(win), win, 0, 11)
    tokens = [x[a:b] for a, b in win.segments]
    side = np.zeros((8, 3), np.float32)
    Y = np.zeros((8, 2), np.float32)
    Y[:4, 0] = 1.0
    config = FineTuneConfig(layers=1, epochs=30, lr=1e-4, head_lr=1e-2, batch=8)
    net, fitted = fit_finetune(tokens, side, Y, np.ones(8), model.weights.layers[11:], config)
    probs = predict_finetune(net, tokens, side, fitted)
    assert probs[:4, 0].min() > probs[4:, 0].max()
    member = FineTunedE5(11, fitted.layers, fitted.head, fitted.side_mean, fitted.side_scale)
    _, tuned = member.encode(model, texts)
    assert np.allclose(member.scores(tuned, side), probs, atol=1e-3)
