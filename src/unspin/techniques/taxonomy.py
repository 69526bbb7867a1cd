"""The SemEval-2023 Task 3 taxonomy: 23 persuasion techniques in 6 families, 3 genres, 14 frames.

Label spellings are exactly those of the shared-task data.
"""

from __future__ import annotations

FAMILIES: dict[str, tuple[str, ...]] = {
    "attack_on_reputation": (
        "Name_Calling-Labeling", "Guilt_by_Association", "Doubt", "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    ),
    "justification": (
        "Flag_Waving", "Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    ),
    "simplification": (
        "Causal_Oversimplification", "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    ),
    "distraction": ("Straw_Man", "Red_Herring", "Whataboutism"),
    "call": ("Slogans", "Conversation_Killer", "Appeal_to_Time"),
    "manipulative_wording": (
        "Loaded_Language", "Obfuscation-Vagueness-Confusion", "Exaggeration-Minimisation",
        "Repetition",
    ),
}

TECHNIQUES: tuple[str, ...] = tuple(sorted(t for ts in FAMILIES.values() for t in ts))
FAMILY_OF: dict[str, str] = {t: fam for fam, ts in FAMILIES.items() for t in ts}

GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")

FRAMES: tuple[str, ...] = (
    "Capacity_and_resources", "Crime_and_punishment", "Cultural_identity", "Economic",
    "External_regulation_and_reputation", "Fairness_and_equality", "Health_and_safety",
    "Legality_Constitutionality_and_jurisprudence", "Morality",
    "Policy_prescription_and_evaluation", "Political", "Public_opinion", "Quality_of_life",
    "Security_and_defense",
)

# SemEval folder names of the languages (ISO 639-1 codes differ for German and Polish).
LANGUAGE_DIRS: dict[str, str] = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}

assert len(TECHNIQUES) == 23 and len(FRAMES) == 14
