"""The web app (``unspin serve``): pages and a JSON API over a store, read-only, offline."""
