"""Geocoding: a gazetteer built from packaged GeoNames and ISO 3166 data, and a matcher
that finds and disambiguates place names in a text."""

from .gazetteer import Gazetteer, Place, load_gazetteer

__all__ = ["Gazetteer", "Place", "load_gazetteer"]
