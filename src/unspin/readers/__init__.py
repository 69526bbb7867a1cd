"""Readers turn files, folders, globs and feeds into Articles."""
