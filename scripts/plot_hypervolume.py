"""Plot a search's hypervolume by generation (the history CSV `arna optimise run` writes) as a PNG.

    python scripts/plot_hypervolume.py front.history.csv docs/optimisation-nexus-hypervolume.png --title "..."
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("history", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--title", default="Hypervolume by generation")
    args = parser.parse_args()
    history = pd.read_csv(args.history)
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=120)
    ax.plot(history["generation"], history["hypervolume"], marker="o")
    ax.set_xlabel("generation")
    ax.set_ylabel("hypervolume (objectives scaled\nby the first generation)")
    ax.set_xticks(history["generation"])
    ax.set_title(args.title, fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.png)


if __name__ == "__main__":
    main()
