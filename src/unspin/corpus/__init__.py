"""The corpus view: stories across outlets, one story compared, outlets profiled.

Pure functions over stored articles (no I/O): ``stories`` clusters, ``compare`` lines the
tellings of one story up side by side, ``outlets`` profiles each outlet over time.
"""
