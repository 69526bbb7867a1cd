"""Pipeline stages, one per module. Each module exposes ``make_stage(options) -> Stage``."""
