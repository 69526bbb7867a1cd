"""Events: ACLED-style event records (type, actors, place, date, counts, who says so).

``taxonomy`` (the 30 types and their definitions), ``corpus`` (the training corpus written
for the project), ``features`` and ``classifier`` (the shipped sentence model), ``cues``
(trigger, weapon, territory, police-response and modality lexicons), ``slots`` (filling a
record from the other layers) and ``records`` (one record per real event).
"""
