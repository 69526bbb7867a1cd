"""Persuasion techniques, genre and framing (SemEval-2023 Task 3 taxonomy)."""
