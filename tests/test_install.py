"""A broken install is reported as such (exit 2), never as a bad input file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Runs the CLI with lxml's HTML cleaner made unimportable, as on a machine where pip
# installed lxml 6 without the separate lxml_html_clean package.
_BROKEN = """
import sys
for name in [m for m in sys.modules if m.startswith(("lxml", "trafilatura", "justext"))]:
    del sys.modules[name]
sys.modules["lxml_html_clean"] = None
sys.modules["lxml.html.clean"] = None
from unspin.cli import main
sys.argv = ["unspin", "analyze", sys.argv[1], "--format", "json"]
main()
"""


def test_html_reader_works_on_this_install() -> None:
    import lxml_html_clean  # noqa: F401  (declared in pyproject: trafilatura needs it)

    from unspin.readers.html import extract_html

    text, _meta = extract_html("<html><head><title>Un titre</title></head><body><article>"
                              "<p>Une phrase assez longue pour faire un article entier ici."
                              "</p></article></body></html>")
    assert "Une phrase assez longue" in text


def test_missing_html_cleaner_is_an_install_error() -> None:
    proc = subprocess.run([sys.executable, "-c", _BROKEN,
                           str(EXAMPLES / "fr_drones_frontiere.html")],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "could not be parsed" not in proc.stderr
    assert "reinstall" in proc.stderr and "lxml" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
