"""Reports of analysed articles: the terminal report (``text``) and the HTML page (``html``).

``unspin.report.html`` is imported only when an HTML report is asked for.
"""

from __future__ import annotations

from .text import print_report, render_text

__all__ = ["print_report", "render_text"]
