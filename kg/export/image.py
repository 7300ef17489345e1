"""SVG and PNG drawn by Graphviz's own ``dot`` program from the DOT export."""

from __future__ import annotations

import shutil
import subprocess

from kg.errors import KgError
from kg.export.base import Exporter, ExportInput, register_exporter
from kg.export.dot import to_dot

__all__ = ["PngExporter", "SvgExporter", "render_dot"]

#: Seconds ``dot`` may take before the export is abandoned.
DOT_TIMEOUT = 120


def render_dot(dot_text: str, output_format: str) -> bytes:
    """Run ``dot -T<format>`` on the text; a clear KgError if Graphviz is missing or fails."""
    program = shutil.which("dot")
    if program is None:
        raise KgError(
            "Graphviz's dot program is not installed; run 'make setup' "
            "(Debian package graphviz) to export svg or png"
        )
    try:
        done = subprocess.run(
            [program, f"-T{output_format}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise KgError(f"dot took longer than {DOT_TIMEOUT} s to draw the graph") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise KgError(f"dot could not draw the graph: {message}")
    return done.stdout


class _DrawnByDot(Exporter):
    """An image format drawn by ``dot`` from the DOT export; subclasses name the format."""

    def render(self, data: ExportInput) -> bytes:
        return render_dot(to_dot(data.network), self.extension)


@register_exporter
class SvgExporter(_DrawnByDot):
    name = "svg"
    extension = "svg"
    opens_in = "any web browser, Inkscape"


@register_exporter
class PngExporter(_DrawnByDot):
    name = "png"
    extension = "png"
    opens_in = "any image viewer"
