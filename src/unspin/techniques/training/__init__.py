"""Training and evaluating the technique models on SemEval-2023 Task 3 data.

Nothing here is imported by a stage at run time: the SemEval file formats and corpus
loader, the official scoring, the frozen French articles, the two training commands
(``train_fast``: the default backend; ``train_accurate``: the e5 backend) and the span-level
evaluation. The run-time side (predictors, encoders, features, paragraph and span rules)
is the rest of ``unspin.techniques``.
"""
