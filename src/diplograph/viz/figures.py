"""Making and saving matplotlib figures: a pyplot figure that Jupyter shows once and that never piles up,
its constrained layout run once and kept, a note on an empty picture, and saving as PNG (or what the
suffix says)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

DPI = 150


def new_figure(size: tuple[float, float]) -> Figure:
    """A pyplot figure (in Jupyter this sets up the inline display of figures), closed at once so that it is
    shown once (as a cell's value) and never piles up, then given an Agg canvas (closing left one that does
    not draw), so that ``fig.canvas.draw()`` and ``fig.savefig()`` work everywhere."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plt.figure(figsize=size, dpi=100, layout="constrained")
    plt.close(fig)
    FigureCanvasAgg(fig)
    return fig


def freeze_layout(fig: Figure) -> None:
    """Run the constrained layout once and keep its result (label placement needs fixed axes)."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def nothing_to_draw(ax: Any, message: str) -> None:
    """An axes without axis lines that says, in its middle, why there is nothing to see."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def save_figure(fig: Figure, path: str | Path | None) -> None:
    """Save ``fig`` at ``path`` (its folder made as needed) on white; nothing when ``path`` is None."""
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=DPI, facecolor="white")
