// Label placement for the schematic (the same method as the report's, arna/report/labels.py): every label
// gets a box that overlaps no other label, no node symbol and no leader line, inside the frame, close to its
// node and off the edges when it can; a label set further than its first ring gets a leader line. Greedy over
// candidate boxes around each node (beside, above, below, diagonal, on rings further out, shifted sideways);
// when some labels find no place, again with those first. Coordinates are SVG user units, y down.

const GAP = 3;
const STEP = 11;
const MARGIN = 3;

export const overlaps = (a, b, m = 0) => a.x0 - m < b.x1 && b.x0 - m < a.x1 && a.y0 - m < b.y1 && b.y0 - m < a.y1;

/** Whether the segment [x0, y0, x1, y1] passes through box `b` (Liang–Barsky). */
export function crosses([x0, y0, x1, y1], b) {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let lo = 0;
  let hi = 1;
  for (const [p, q] of [[-dx, x0 - b.x0], [dx, b.x1 - x0], [-dy, y0 - b.y0], [dy, b.y1 - y0]]) {
    if (p === 0) { if (q < 0) return false; continue; }
    const r = q / p;
    if (p < 0) lo = Math.max(lo, r); else hi = Math.min(hi, r);
    if (lo > hi) return false;
  }
  return true;
}

const box = (x0, y0, w, h) => ({ x0, y0, x1: x0 + w, y1: y0 + h });

function* candidates(x, y, r, w, h, rings) {
  for (let k = 0; k <= rings; k += 1) {
    const off = r + GAP + k * STEP;
    if (k <= 2) { yield box(x + off, y - h / 2, w, h); yield box(x - off - w, y - h / 2, w, h); }
    for (const shift of [0, 0.45, -0.45, 0.9, -0.9, 1.35, -1.35, 1.8, -1.8]) {
      const cx = x + shift * w;
      yield box(cx - w / 2, y - off - h, w, h);
      yield box(cx - w / 2, y + off, w, h);
    }
    const d = off * 0.7;
    yield box(x + d, y - d - h, w, h);
    yield box(x - d - w, y - d - h, w, h);
    yield box(x + d, y + d, w, h);
    yield box(x - d - w, y + d, w, h);
  }
}

const nearest = (b, x, y) => [Math.min(Math.max(x, b.x0), b.x1), Math.min(Math.max(y, b.y0), b.y1)];

function leaderOf(x, y, r, b) {
  const [nx, ny] = nearest(b, x, y);
  const dist = Math.hypot(nx - x, ny - y);
  if (dist <= r + GAP + 0.6 * STEP) return null;
  return [x + (nx - x) / dist * r, y + (ny - y) / dist * r, nx, ny];
}

function free(b, leader, own, taken, frame) {
  const g = { x0: b.x0 - MARGIN, y0: b.y0 - MARGIN, x1: b.x1 + MARGIN, y1: b.y1 + MARGIN };
  if (g.x0 < frame.x0 || g.x1 > frame.x1 || g.y0 < frame.y0 || g.y1 > frame.y1) return false;
  if (taken.boxes.some((o) => overlaps(g, o)) || taken.nodes.some((o) => overlaps(g, o))) return false;
  if (taken.leaders.some((seg) => crosses(seg, g))) return false;
  if (!leader) return true;
  return !taken.boxes.some((o) => crosses(leader, o)) && !taken.nodes.some((o, i) => i !== own && crosses(leader, o));
}

function distanceCost(x, y, b) {
  const [nx, ny] = nearest(b, x, y);
  const side = Math.abs((b.x0 + b.x1) / 2 - x) * 0.15;
  const below = b.y0 >= y ? 2 : 0;
  return Math.hypot(nx - x, ny - y) + side + below;
}

function greedy(order, nodes, frame, segments, rings) {
  const taken = { boxes: [], leaders: [], nodes: nodes.map(({ x, y, r }) => ({ x0: x - r, y0: y - r, x1: x + r, y1: y + r })) };
  const out = nodes.map(() => null);
  for (const i of order) {
    const { x, y, r, w, h } = nodes[i];
    let best = null;
    for (const b of candidates(x, y, r, w, h, rings)) {
      let c = distanceCost(x, y, b);
      if (best && c >= best.cost) continue;  // covering edges only adds to the cost
      const wide = { x0: b.x0 - 4, y0: b.y0 - 4, x1: b.x1 + 4, y1: b.y1 + 4 };  // arrowheads are wider than lines
      c += 25 * segments.filter((s) => crosses(s, wide)).length;
      if (best && c >= best.cost) continue;
      const leader = leaderOf(x, y, r, b);
      if (free(b, leader, i, taken, frame)) best = { cost: c, box: b, leader };
    }
    if (best) {
      out[i] = { box: best.box, leader: best.leader };
      taken.boxes.push(best.box);
      if (best.leader) taken.leaders.push(best.leader);
    }
  }
  return out;
}

/** One placement `{box, leader}` per node `{x, y, r, w, h}` (null where none was found). */
export function placeLabels(nodes, frame, segments, rings = 20, tries = 4) {
  let order = nodes.map((_, i) => i);
  let best = null;
  for (let k = 0; k < tries; k += 1) {
    const got = greedy(order, nodes, frame, segments, rings);
    const failed = order.filter((i) => got[i] === null);
    if (!best || failed.length < best.filter((p) => p === null).length) best = got;
    if (!failed.length) break;
    order = [...failed, ...order.filter((i) => !failed.includes(i))];
  }
  return best;
}
