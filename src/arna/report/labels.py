"""Label placement for network schematics: pure geometry, no drawing.

Each node has an anchor (its centre), a radius (its symbol) and a label of a measured size, all in one
display unit (pixels, y up). :func:`place_labels` puts every label where it overlaps no other label, no
node symbol and no leader line, inside the frame, preferring places close to its node and off the edges;
a label set further away than its first ring gets a leader line back to its node. Greedy, in the order
given, over a fixed set of candidate positions around each node (beside, above, below, diagonal, on
rings of growing distance, shifted sideways): ``None`` for a label that found no free place, so the
caller can give the drawing more room and try again.

>>> p = place_labels([(50.0, 50.0)], [5.0], [(30.0, 10.0)], (0.0, 0.0, 200.0, 100.0), [])
>>> p[0] is not None and p[0].leader is None
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 with x0 <= x1 and y0 <= y1."""
Segment = tuple[float, float, float, float]
"""x0, y0, x1, y1."""


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its box, and a leader line from its node's symbol to the box (or ``None``)."""

    box: Box
    leader: Segment | None


@dataclass(frozen=True)
class Spacing:
    """Distances of the candidate positions: ``gap`` between a symbol and a label beside it, ``step``
    between rings, ``rings`` rings, ``margin`` kept free around every label."""

    gap: float = 3.0
    step: float = 11.0
    rings: int = 9
    margin: float = 3.5


def overlaps(a: Box, b: Box, margin: float = 0.0) -> bool:
    """Whether boxes ``a`` and ``b`` (each grown by ``margin``) intersect."""
    return a[0] - margin < b[2] and b[0] - margin < a[2] and a[1] - margin < b[3] and b[1] - margin < a[3]


def inside(a: Box, frame: Box) -> bool:
    return a[0] >= frame[0] and a[1] >= frame[1] and a[2] <= frame[2] and a[3] <= frame[3]


def crosses(seg: Segment, box: Box) -> bool:
    """Whether segment ``seg`` passes through ``box`` (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0.0:
            if q < 0.0:
                return False
            continue
        r = q / p
        if p < 0.0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def _nearest(box: Box, x: float, y: float) -> tuple[float, float]:
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def _candidates(x: float, y: float, r: float, w: float, h: float, sp: Spacing) -> Iterator[Box]:
    """Boxes around a node: beside and above/below first, then on rings further out, shifted sideways."""
    for k in range(sp.rings + 1):
        off = r + sp.gap + k * sp.step
        if k <= 2:  # beside: only close by, a far label beside a node reads as the next node's
            yield (x + off, y - h / 2, x + off + w, y + h / 2)
            yield (x - off - w, y - h / 2, x - off, y + h / 2)
        for shift in (0.0, 0.45, -0.45, 0.9, -0.9, 1.35, -1.35, 1.8, -1.8):
            cx = x + shift * w
            yield (cx - w / 2, y + off, cx + w / 2, y + off + h)
            yield (cx - w / 2, y - off - h, cx + w / 2, y - off)
        d = off * 0.7
        yield (x + d, y + d, x + d + w, y + d + h)
        yield (x - d - w, y + d, x - d, y + d + h)
        yield (x + d, y - d - h, x + d + w, y - d)
        yield (x - d - w, y - d - h, x - d, y - d)


def _node_box(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


@dataclass
class _Taken:
    boxes: list[Box]
    leaders: list[Segment]
    nodes: list[Box]


def _leader(x: float, y: float, r: float, box: Box, sp: Spacing) -> Segment | None:
    nx, ny = _nearest(box, x, y)
    dist = math.hypot(nx - x, ny - y)
    if dist <= r + sp.gap + 0.6 * sp.step:
        return None
    ux, uy = (nx - x) / dist, (ny - y) / dist
    return (x + ux * r, y + uy * r, nx, ny)


def _free(box: Box, leader: Segment | None, own: int, taken: _Taken, frame: Box, sp: Spacing) -> bool:
    grown = (box[0] - sp.margin, box[1] - sp.margin, box[2] + sp.margin, box[3] + sp.margin)
    if not inside(grown, frame):
        return False
    if any(overlaps(grown, b) for b in taken.boxes) or any(overlaps(grown, b) for b in taken.nodes):
        return False
    if any(crosses(seg, grown) for seg in taken.leaders):
        return False
    if leader is None:
        return True
    return not any(crosses(leader, b) for b in taken.boxes) and not any(
        crosses(leader, b) for i, b in enumerate(taken.nodes) if i != own)


def _distance_cost(x: float, y: float, box: Box) -> float:
    nx, ny = _nearest(box, x, y)
    side = abs((box[0] + box[2]) / 2 - x) * 0.15  # centred over the node reads best
    below = 2.0 if box[3] <= y else 0.0  # above before below, when equally free
    return math.hypot(nx - x, ny - y) + side + below


def place_labels(anchors: Sequence[tuple[float, float]], radii: Sequence[float],
                 sizes: Sequence[tuple[float, float]], frame: Box, segments: Sequence[Segment],
                 spacing: Spacing | None = None, tries: int = 4) -> list[Placement | None]:
    """One placement per label (``None`` where no free place was found).

    Labels are placed greedily in the order given; when some find no place, again with those first (up to
    ``tries`` orders). ``segments`` are the drawn edges: a label may cover one, at a cost, so labels avoid
    them when they can.
    """
    sp = spacing or Spacing()
    order = list(range(len(anchors)))
    best: list[Placement | None] = []
    for _ in range(tries):
        got = _greedy(order, anchors, radii, sizes, frame, segments, sp)
        failed = [i for i in order if got[i] is None]
        if not best or len(failed) < sum(p is None for p in best):
            best = got
        if not failed:
            break
        order = failed + [i for i in order if i not in failed]
    return best


def _greedy(order: Sequence[int], anchors: Sequence[tuple[float, float]], radii: Sequence[float],
            sizes: Sequence[tuple[float, float]], frame: Box, segments: Sequence[Segment], sp: Spacing
            ) -> list[Placement | None]:
    taken = _Taken([], [], [_node_box(x, y, r) for (x, y), r in zip(anchors, radii, strict=True)])
    out: list[Placement | None] = [None] * len(anchors)
    for i in order:
        (x, y), r, (w, h) = anchors[i], radii[i], sizes[i]
        best: tuple[float, Placement] | None = None
        for box in _candidates(x, y, r, w, h, sp):
            cost = _distance_cost(x, y, box)
            if best is not None and cost >= best[0]:
                continue  # covering edges only adds to the cost: no need to look closer
            wide = (box[0] - 4.0, box[1] - 4.0, box[2] + 4.0, box[3] + 4.0)  # arrowheads are wider than lines
            cost += 25.0 * sum(crosses(s, wide) for s in segments)
            if best is not None and cost >= best[0]:
                continue
            leader = _leader(x, y, r, box, sp)
            if _free(box, leader, i, taken, frame, sp):
                best = (cost, Placement(box, leader))
        if best is not None:
            out[i] = best[1]
            taken.boxes.append(best[1].box)
            if best[1].leader is not None:
                taken.leaders.append(best[1].leader)
    return out
