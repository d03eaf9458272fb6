//! A layered (Sugiyama-style) layout of one cluster of the drawing: ranks follow the transitions,
//! nodes never overlap, and edges are routed around nodes.
//!
//! # Why our own layout and not `layout-rs`
//! `layout-rs` (0.1.x, one maintainer, about a quarter of its API documented) lays out DOT graphs
//! and draws them through a backend of loose rectangles, lines and text: it has no clusters, no
//! hexagons, and no way to group a node's shapes under one element, so the `<g class="node"
//! data-id>` groups, `<title>` and `<desc>` the drawing needs would have to be reverse-engineered
//! from draw calls. It also places edge labels on the edge's curve, where they can cover other
//! nodes. The layered layout below is about 400 lines, deterministic (no hashing, no randomness:
//! every tie is broken by document order), and gives guarantees we test: nodes and edge labels
//! never overlap, and every edge crosses only the empty gaps between ranks.
//!
//! # The method
//! 1. Loops are broken by reversing the back edges of a depth-first walk in document order; a
//!    reversed edge is drawn pointing the way it was written.
//! 2. Each node's layer is the longest path to it from a source (at least its `min_layer`, which
//!    orders the treatments' categories), so every transition leads downwards.
//! 3. Layers become even ranks; an edge gets a chain of dummy nodes through the odd and skipped
//!    ranks. The first dummy of a labelled edge is as large as its label, so labels take room in
//!    the layout like nodes do and never cover anything.
//! 4. Within each rank, nodes are ordered by the barycenter of their neighbours, sweeping down and
//!    up, keeping the order with the fewest crossings.
//! 5. Horizontal positions: each rank is placed as close as it can be to the mean position of the
//!    neighbours of its nodes, keeping their order and minimum gaps (a least-squares fit solved by
//!    pool-adjacent-violators), sweeping down and up a few times.
//! 6. Edges leave a node's bottom and enter a node's top at ports spread along the side, drop
//!    vertically through their own slot in each rank they cross, and bend only in the empty gaps
//!    between ranks.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f32,
    pub height: f32,
}

/// A rectangle by its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    pub fn center_x(&self) -> f32 {
        self.x + self.width / 2.0
    }

    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub size: Size,
    /// The node is placed at this layer or below (the treatments' category ladder).
    pub min_layer: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<Size>,
}

/// Where an edge runs: from its source's side to its target's, and where its label sits.
#[derive(Debug, Clone)]
pub struct Route {
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub size: Size,
    /// The nodes, in input order.
    pub nodes: Vec<Rect>,
    /// The edges, in input order.
    pub edges: Vec<Route>,
}

/// The most dummies a layout creates; edges beyond run around it (see [`layout`]).
const DUMMY_LIMIT: usize = 20_000;
/// The most nodes and dummies whose order is improved by sweeps.
const ORDERING_LIMIT: usize = 4_000;
/// Between two nodes of a rank.
const NODE_GAP: f32 = 28.0;
/// Between an edge passing through a rank and its neighbours.
const EDGE_GAP: f32 = 10.0;
/// Between two ranks.
const RANK_GAP: f32 = 18.0;
/// How far a loop from a node to itself reaches out of its right side.
const LOOP: f32 = 22.0;
/// Between an edge and its label.
const LABEL_GAP: f32 = 5.0;

/// A node of the layered graph: a real node or a dummy carrying an edge through a rank.
#[derive(Debug, Clone)]
struct Layered {
    width: f32,
    height: f32,
    /// Where an edge passes, relative to the center (left of a label, for a label's dummy).
    anchor: f32,
    rank: usize,
    real: bool,
    up: Vec<usize>,
    down: Vec<usize>,
}

pub fn layout(nodes: &[Node], edges: &[Edge]) -> Layout {
    let count = nodes.len();
    // Loops from a node to itself are drawn on its right side; they widen it on both sides, so it
    // stays centred on the edges that enter it.
    let mut loop_room = vec![0.0_f32; count];
    for edge in edges.iter().filter(|edge| edge.from == edge.to) {
        let label = edge.label.map_or(0.0, |label| label.width + LABEL_GAP);
        loop_room[edge.from] = loop_room[edge.from].max(LOOP + LABEL_GAP + label);
    }
    let reversed = back_edges(count, edges);
    let layers = layers(nodes, edges, &reversed);
    let mut layered: Vec<Layered> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| Layered {
            width: node.size.width + 2.0 * loop_room[index],
            height: node.size.height,
            anchor: 0.0,
            rank: 2 * layers[index],
            real: true,
            up: Vec::new(),
            down: Vec::new(),
        })
        .collect();
    // Each edge's chain, from its upper end to its lower end.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    // Edges that would need more dummies than the layout allows run around it on the right.
    let mut detours: Vec<usize> = Vec::new();
    for (index, edge) in edges.iter().enumerate() {
        if edge.from == edge.to {
            chains.push(Vec::new());
            continue;
        }
        let (top, bottom) = if reversed[index] {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        let span = layered[bottom].rank - layered[top].rank - 1;
        if layered.len() - count + span > DUMMY_LIMIT {
            detours.push(index);
            chains.push(vec![top, bottom]);
            continue;
        }
        let mut chain = Vec::with_capacity(span + 2);
        chain.push(top);
        for rank in layered[top].rank + 1..layered[bottom].rank {
            let labelled = rank == layered[top].rank + 1 && edge.label.is_some();
            let dummy = match edge.label.filter(|_| labelled) {
                Some(label) => {
                    let width = label.width + 2.0 * LABEL_GAP;
                    Layered {
                        width,
                        height: label.height,
                        anchor: -width / 2.0 + 1.0,
                        rank,
                        real: false,
                        // A dummy has one neighbour above and one below.
                        up: Vec::with_capacity(1),
                        down: Vec::with_capacity(1),
                    }
                }
                None => Layered {
                    width: 2.0,
                    height: 0.0,
                    anchor: 0.0,
                    rank,
                    real: false,
                    up: Vec::with_capacity(1),
                    down: Vec::with_capacity(1),
                },
            };
            layered.push(dummy);
            chain.push(layered.len() - 1);
        }
        chain.push(bottom);
        for pair in chain.windows(2) {
            layered[pair[0]].down.push(pair[1]);
            layered[pair[1]].up.push(pair[0]);
        }
        chains.push(chain);
    }
    let rank_count = layered.iter().map(|node| node.rank + 1).max().unwrap_or(0);
    let mut ranks = initial_order(&layered, count, rank_count);
    // Counting crossings is quadratic in the edges between two ranks; on a graph far larger than
    // a guideline's, the first order stands, so no document can make the layout take minutes.
    if layered.len() <= ORDERING_LIMIT {
        order(&layered, &mut ranks);
    }
    let mut x = horizontal(&layered, &ranks);
    straighten(&layered, &ranks, &chains, &mut x);
    // Vertical positions: each rank is as tall as its tallest member.
    let mut heights = vec![0.0_f32; rank_count];
    for node in &layered {
        heights[node.rank] = heights[node.rank].max(node.height);
    }
    let mut tops = vec![0.0_f32; rank_count];
    for rank in 1..rank_count {
        tops[rank] = tops[rank - 1] + heights[rank - 1] + RANK_GAP;
    }
    let height = rank_count
        .checked_sub(1)
        .map_or(0.0, |last| tops[last] + heights[last]);
    let layered_width = layered
        .iter()
        .zip(&x)
        .map(|(node, x)| x + node.width / 2.0)
        .fold(0.0, f32::max);
    // Each detour gets a lane of its own right of the layout, with its label beside it.
    let mut lanes = vec![0.0_f32; edges.len()];
    let mut width = layered_width;
    for &index in &detours {
        lanes[index] = width + EDGE_GAP;
        width = lanes[index]
            + edges[index]
                .label
                .map_or(0.0, |label| label.width + LABEL_GAP);
    }
    let rects: Vec<Rect> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let rank = layered[index].rank;
            Rect {
                x: x[index] - node.size.width / 2.0,
                y: tops[rank] + (heights[rank] - node.size.height) / 2.0,
                width: node.size.width,
                height: node.size.height,
            }
        })
        .collect();
    let ports = Ports::new(&layered, &chains, &x, count);
    let routes = edges
        .iter()
        .enumerate()
        .map(|(index, edge)| {
            if edge.from == edge.to {
                return self_loop(&rects[edge.from], edge.label);
            }
            let chain = &chains[index];
            let (top, bottom) = (chain[0], chain[chain.len() - 1]);
            let band_bottom = |node: usize| tops[layered[node].rank] + heights[layered[node].rank];
            let band_top = |node: usize| tops[layered[node].rank];
            let start = ports.out_x(index, &rects[top]);
            let end = ports.in_x(index, &rects[bottom]);
            if detours.contains(&index) {
                // Across the gap below its source, down a lane right of everything, and across
                // the gap above its target: only empty space.
                let (below, above) = (
                    band_bottom(top) + RANK_GAP / 2.0,
                    band_top(bottom) - RANK_GAP / 2.0,
                );
                let lane = lanes[index];
                let mut points = vec![
                    Point {
                        x: start,
                        y: rects[top].bottom(),
                    },
                    Point { x: start, y: below },
                    Point { x: lane, y: below },
                    Point { x: lane, y: above },
                    Point { x: end, y: above },
                    Point {
                        x: end,
                        y: rects[bottom].y,
                    },
                ];
                points.dedup();
                if reversed[index] {
                    points.reverse();
                }
                let label = edge.label.map(|size| Rect {
                    x: lane + LABEL_GAP,
                    y: (below + above - size.height) / 2.0,
                    width: size.width,
                    height: size.height,
                });
                return Route { points, label };
            }
            // Two points at each end and two through each dummy.
            let mut points = Vec::with_capacity(2 * chain.len());
            points.extend([
                Point {
                    x: start,
                    y: rects[top].bottom(),
                },
                Point {
                    x: start,
                    y: band_bottom(top),
                },
            ]);
            let mut label = None;
            for &dummy in &chain[1..chain.len() - 1] {
                let passes = x[dummy] + layered[dummy].anchor;
                points.push(Point {
                    x: passes,
                    y: band_top(dummy),
                });
                points.push(Point {
                    x: passes,
                    y: band_bottom(dummy),
                });
                if let (None, Some(size)) = (label, edge.label) {
                    let rank = layered[dummy].rank;
                    label = Some(Rect {
                        x: passes + LABEL_GAP,
                        y: tops[rank] + (heights[rank] - size.height) / 2.0,
                        width: size.width,
                        height: size.height,
                    });
                }
            }
            points.push(Point {
                x: end,
                y: band_top(bottom),
            });
            points.push(Point {
                x: end,
                y: rects[bottom].y,
            });
            points.dedup();
            if reversed[index] {
                points.reverse();
            }
            Route { points, label }
        })
        .collect();
    Layout {
        size: Size { width, height },
        nodes: rects,
        edges: routes,
    }
}

/// A loop from a node to itself, out of its right side and back, with its label beyond.
fn self_loop(node: &Rect, label: Option<Size>) -> Route {
    let (upper, lower) = (node.y + node.height * 0.3, node.y + node.height * 0.7);
    let out = node.right() + LOOP;
    Route {
        points: vec![
            Point {
                x: node.right(),
                y: upper,
            },
            Point { x: out, y: upper },
            Point { x: out, y: lower },
            Point {
                x: node.right(),
                y: lower,
            },
        ],
        label: label.map(|size| Rect {
            x: out + LABEL_GAP,
            y: node.y + (node.height - size.height) / 2.0,
            width: size.width,
            height: size.height,
        }),
    }
}

/// The edges a depth-first walk in document order finds closing a loop; reversing them leaves a
/// graph without loops.
fn back_edges(count: usize, edges: &[Edge]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    let mut has_incoming = vec![false; count];
    for (index, edge) in edges.iter().enumerate() {
        if edge.from != edge.to {
            out[edge.from].push((edge.to, index));
            has_incoming[edge.to] = true;
        }
    }
    let mut reversed = vec![false; edges.len()];
    // 0: not visited, 1: on the walk's stack, 2: done.
    let mut state = vec![0_u8; count];
    let starts = (0..count)
        .filter(|&node| !has_incoming[node])
        .chain(0..count);
    for start in starts {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        let mut stack = vec![(start, 0_usize)];
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&(to, edge)) = out[node].get(next) {
                top.1 += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// The longest-path layer of each node, with reversed edges taken the other way.
fn layers(nodes: &[Node], edges: &[Edge], reversed: &[bool]) -> Vec<usize> {
    let count = nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut incoming = vec![0_usize; count];
    for (index, edge) in edges.iter().enumerate() {
        if edge.from == edge.to {
            continue;
        }
        let (from, to) = if reversed[index] {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        out[from].push(to);
        incoming[to] += 1;
    }
    let mut layer: Vec<usize> = nodes.iter().map(|node| node.min_layer).collect();
    let mut ready: std::collections::VecDeque<usize> =
        (0..count).filter(|&node| incoming[node] == 0).collect();
    while let Some(node) = ready.pop_front() {
        for &to in &out[node] {
            layer[to] = layer[to].max(layer[node] + 1);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push_back(to);
            }
        }
    }
    layer
}

/// A first order within each rank: the order a depth-first walk from the real nodes, in document
/// order, reaches the nodes, so that a node starts near the node it follows.
fn initial_order(layered: &[Layered], real: usize, rank_count: usize) -> Vec<Vec<usize>> {
    let mut ranks = vec![Vec::new(); rank_count];
    let mut seen = vec![false; layered.len()];
    for start in 0..real {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            ranks[layered[node].rank].push(node);
            for &below in layered[node].down.iter().rev() {
                if !seen[below] {
                    seen[below] = true;
                    stack.push(below);
                }
            }
        }
    }
    // Dummies are reached from their chain's upper end, which is always real.
    ranks
}

/// Orders each rank by the barycenter of its neighbours, sweeping down and up, and keeps the
/// order with the fewest crossings. Its buffers are allocated once and reused by every sweep.
fn order(layered: &[Layered], ranks: &mut [Vec<usize>]) {
    let mut position = vec![0_usize; layered.len()];
    for rank in ranks.iter() {
        for (index, &node) in rank.iter().enumerate() {
            position[node] = index;
        }
    }
    let mut best = ranks.to_vec();
    let mut pairs = Vec::new();
    let mut fewest = crossings(layered, ranks, &position, &mut pairs);
    let mut keyed: Vec<(f32, usize, usize)> = Vec::new();
    let mut before: Vec<Vec<usize>> = Vec::new();
    for sweep in 0..8 {
        if fewest == 0 {
            break;
        }
        let downwards = sweep % 2 == 0;
        if downwards {
            // A pair of sweeps (down, then up) depends on the order alone: once it changes
            // nothing, later pairs repeat the same orders and cannot find fewer crossings.
            if sweep > 0 && before.as_slice() == &ranks[..] {
                break;
            }
            before.resize_with(ranks.len(), Vec::new);
            for (kept, rank) in before.iter_mut().zip(ranks.iter()) {
                kept.clone_from(rank);
            }
        }
        // Downwards: ranks 1, 2, ... by their upper neighbours; upwards: the last but one to the
        // first, by their lower neighbours.
        for step in 0..ranks.len().saturating_sub(1) {
            let rank = if downwards {
                step + 1
            } else {
                ranks.len() - 2 - step
            };
            keyed.clear();
            keyed.extend(ranks[rank].iter().map(|&node| {
                let neighbours = if downwards {
                    &layered[node].up
                } else {
                    &layered[node].down
                };
                let barycenter = if neighbours.is_empty() {
                    position[node] as f32
                } else {
                    neighbours.iter().map(|&n| position[n] as f32).sum::<f32>()
                        / neighbours.len() as f32
                };
                (barycenter, position[node], node)
            }));
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (index, &(_, _, node)) in keyed.iter().enumerate() {
                ranks[rank][index] = node;
                position[node] = index;
            }
        }
        let count = crossings(layered, ranks, &position, &mut pairs);
        if count < fewest {
            fewest = count;
            for (kept, rank) in best.iter_mut().zip(ranks.iter()) {
                kept.clone_from(rank);
            }
        }
    }
    for (rank, kept) in ranks.iter_mut().zip(&best) {
        rank.clone_from(kept);
    }
}

/// How many pairs of edges cross between adjacent ranks; `pairs` is a buffer to reuse.
fn crossings(
    layered: &[Layered],
    ranks: &[Vec<usize>],
    position: &[usize],
    pairs: &mut Vec<(usize, usize)>,
) -> usize {
    let mut total = 0;
    for rank in ranks {
        pairs.clear();
        pairs.extend(rank.iter().flat_map(|&node| {
            layered[node]
                .down
                .iter()
                .map(move |&below| (position[node], position[below]))
        }));
        pairs.sort_unstable();
        for (index, &(_, lower)) in pairs.iter().enumerate() {
            total += pairs[index + 1..]
                .iter()
                .filter(|&&(_, other)| other < lower)
                .count();
        }
    }
    total
}

/// The centre of each node of the layered graph.
fn horizontal(layered: &[Layered], ranks: &[Vec<usize>]) -> Vec<f32> {
    let separation = |a: usize, b: usize| {
        let gap = if layered[a].real && layered[b].real {
            NODE_GAP
        } else {
            EDGE_GAP
        };
        layered[a].width / 2.0 + layered[b].width / 2.0 + gap
    };
    let mut x = vec![0.0_f32; layered.len()];
    for rank in ranks {
        let mut at = 0.0;
        for (index, &node) in rank.iter().enumerate() {
            if index > 0 {
                at += separation(rank[index - 1], node);
            }
            x[node] = at;
        }
    }
    let desired = |x: &[f32], node: usize, up: bool, down: bool| -> f32 {
        let mut sum = 0.0;
        let mut count = 0;
        let neighbours = layered[node]
            .up
            .iter()
            .filter(|_| up)
            .chain(layered[node].down.iter().filter(|_| down));
        for &neighbour in neighbours {
            sum += x[neighbour] + layered[neighbour].anchor;
            count += 1;
        }
        if count == 0 {
            x[node]
        } else {
            sum / count as f32 - layered[node].anchor
        }
    };
    let mut fit = Fit::default();
    let mut place = |x: &mut Vec<f32>, rank: &[usize], up: bool, down: bool| {
        fit.targets.clear();
        fit.targets
            .extend(rank.iter().map(|&node| desired(x, node, up, down)));
        fit.weights.clear();
        fit.weights.extend(
            rank.iter()
                // Dummies weigh more, so long edges stay straight.
                .map(|&node| if layered[node].real { 1.0 } else { 4.0 }),
        );
        fit.gaps.clear();
        fit.gaps
            .extend(rank.windows(2).map(|pair| separation(pair[0], pair[1])));
        for (node, &placed) in rank.iter().zip(fit.solve()) {
            x[*node] = placed;
        }
    };
    let mut before = Vec::with_capacity(x.len());
    for _ in 0..4 {
        before.clone_from(&x);
        for rank in ranks.iter().skip(1) {
            place(&mut x, rank, true, false);
        }
        for rank in ranks.iter().rev().skip(1) {
            place(&mut x, rank, false, true);
        }
        // A pair of sweeps depends on the positions alone: once it changes nothing, the next
        // would not either.
        if x == before {
            break;
        }
    }
    for rank in ranks {
        place(&mut x, rank, true, true);
    }
    let left = layered
        .iter()
        .zip(&x)
        .map(|(node, x)| x - node.width / 2.0)
        .fold(f32::INFINITY, f32::min);
    if left.is_finite() {
        for value in &mut x {
            *value -= left;
        }
    }
    x
}

/// Lines up the dummies of each long edge on one vertical where their neighbours leave room, so
/// an edge that passes several ranks runs straight instead of jogging at each.
fn straighten(layered: &[Layered], ranks: &[Vec<usize>], chains: &[Vec<usize>], x: &mut [f32]) {
    let mut position = vec![0_usize; layered.len()];
    for rank in ranks {
        for (index, &node) in rank.iter().enumerate() {
            position[node] = index;
        }
    }
    let gap = |a: usize, b: usize| {
        if layered[a].real && layered[b].real {
            NODE_GAP
        } else {
            EDGE_GAP
        }
    };
    let mut passes: Vec<f32> = Vec::new();
    for _ in 0..2 {
        for chain in chains {
            let dummies = chain
                .get(1..chain.len().saturating_sub(1))
                .unwrap_or_default();
            if dummies.len() < 2 {
                continue;
            }
            passes.clear();
            passes.extend(
                dummies
                    .iter()
                    .map(|&dummy| x[dummy] + layered[dummy].anchor),
            );
            passes.sort_by(f32::total_cmp);
            let line = passes[passes.len() / 2];
            let fits = dummies.iter().all(|&dummy| {
                let rank = &ranks[layered[dummy].rank];
                let at = position[dummy];
                let center = line - layered[dummy].anchor;
                let half = layered[dummy].width / 2.0;
                let left_clear = at == 0 || {
                    let left = rank[at - 1];
                    x[left] + layered[left].width / 2.0 + gap(left, dummy) <= center - half
                };
                let right_clear = at + 1 >= rank.len() || {
                    let right = rank[at + 1];
                    center + half + gap(dummy, right) <= x[right] - layered[right].width / 2.0
                };
                left_clear && right_clear
            });
            if fits {
                for &dummy in dummies {
                    x[dummy] = line - layered[dummy].anchor;
                }
            }
        }
    }
}

/// Positions as close as possible (least squares, weighted) to `targets`, in the same order, with
/// at least `gaps[i]` between positions `i` and `i + 1`: pool-adjacent-violators on the targets
/// shifted by the gaps before them. The buffers are kept from one rank to the next.
#[derive(Debug, Default)]
struct Fit {
    targets: Vec<f32>,
    weights: Vec<f32>,
    gaps: Vec<f32>,
    offsets: Vec<f32>,
    /// Blocks of (weighted sum, weight, length) whose means increase.
    blocks: Vec<(f32, f32, usize)>,
    placed: Vec<f32>,
}

impl Fit {
    fn solve(&mut self) -> &[f32] {
        let (targets, weights, gaps) = (&self.targets, &self.weights, &self.gaps);
        self.offsets.clear();
        let mut offset = 0.0;
        for index in 0..targets.len() {
            if index > 0 {
                offset += gaps[index - 1];
            }
            self.offsets.push(offset);
        }
        let blocks = &mut self.blocks;
        blocks.clear();
        for index in 0..targets.len() {
            let weight = weights[index];
            blocks.push(((targets[index] - self.offsets[index]) * weight, weight, 1));
            while blocks.len() >= 2 {
                let (sum, weight, length) = blocks[blocks.len() - 1];
                let previous = blocks[blocks.len() - 2];
                if previous.0 / previous.1 <= sum / weight {
                    break;
                }
                blocks.pop();
                let merged = blocks.len() - 1;
                blocks[merged] = (previous.0 + sum, previous.1 + weight, previous.2 + length);
            }
        }
        self.placed.clear();
        for &(sum, weight, length) in blocks.iter() {
            for _ in 0..length {
                let index = self.placed.len();
                self.placed.push(sum / weight + self.offsets[index]);
            }
        }
        &self.placed
    }
}

/// Where each edge leaves its upper node and enters its lower node: ports spread along the bottom
/// and top sides, in the order of where the edges go, so that they do not cross at the node.
struct Ports {
    /// Per edge: (index among its upper node's outgoing edges, how many), and the same for the
    /// lower node's incoming edges.
    out: Vec<(usize, usize)>,
    into: Vec<(usize, usize)>,
}

impl Ports {
    fn new(layered: &[Layered], chains: &[Vec<usize>], x: &[f32], real: usize) -> Self {
        let mut outgoing: Vec<Vec<(f32, usize)>> = vec![Vec::new(); real];
        let mut incoming: Vec<Vec<(f32, usize)>> = vec![Vec::new(); real];
        for (edge, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            let (top, next) = (chain[0], chain[1]);
            let (bottom, before) = (chain[chain.len() - 1], chain[chain.len() - 2]);
            outgoing[top].push((x[next] + layered[next].anchor, edge));
            incoming[bottom].push((x[before] + layered[before].anchor, edge));
        }
        let mut out = vec![(0, 1); chains.len()];
        let mut into = vec![(0, 1); chains.len()];
        for (lists, slots) in [(&mut outgoing, &mut out), (&mut incoming, &mut into)] {
            for list in lists.iter_mut() {
                list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let count = list.len();
                for (index, &(_, edge)) in list.iter().enumerate() {
                    slots[edge] = (index, count);
                }
            }
        }
        Ports { out, into }
    }

    fn out_x(&self, edge: usize, node: &Rect) -> f32 {
        spread(self.out[edge], node)
    }

    fn in_x(&self, edge: usize, node: &Rect) -> f32 {
        spread(self.into[edge], node)
    }
}

/// The `index`-th of `count` ports along the middle half of a node's side.
fn spread((index, count): (usize, usize), node: &Rect) -> f32 {
    let spacing = (node.width * 0.5 / count as f32).min(18.0);
    node.center_x() + (index as f32 - (count as f32 - 1.0) / 2.0) * spacing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(width: f32, height: f32) -> Node {
        Node {
            size: Size { width, height },
            min_layer: 0,
        }
    }

    fn edge(from: usize, to: usize) -> Edge {
        Edge {
            from,
            to,
            label: None,
        }
    }

    #[test]
    fn ranks_follow_transitions_and_nodes_do_not_overlap() {
        let nodes = vec![node(100.0, 40.0); 5];
        let edges = [edge(0, 1), edge(0, 2), edge(1, 3), edge(2, 3), edge(0, 4)];
        let layout = layout(&nodes, &edges);
        for (a, b) in [(0, 1), (0, 2), (1, 3), (2, 3), (0, 4)] {
            assert!(
                layout.nodes[a].bottom() < layout.nodes[b].y,
                "{a} above {b}"
            );
        }
        for a in 0..5 {
            for b in a + 1..5 {
                assert!(!layout.nodes[a].overlaps(&layout.nodes[b]), "{a} and {b}");
            }
        }
    }

    #[test]
    fn loops_are_drawn_with_the_back_edge_pointing_up() {
        let nodes = vec![node(80.0, 30.0); 3];
        let edges = [edge(0, 1), edge(1, 2), edge(2, 0), edge(1, 1)];
        let layout = layout(&nodes, &edges);
        let back = &layout.edges[2].points;
        assert!(back.first().unwrap().y > back.last().unwrap().y);
        assert_eq!(layout.edges[3].points.len(), 4);
    }

    #[test]
    fn labels_take_room_and_cover_no_node() {
        let nodes = vec![node(60.0, 30.0); 4];
        let label = Some(Size {
            width: 150.0,
            height: 28.0,
        });
        let edges = [
            Edge {
                from: 0,
                to: 1,
                label,
            },
            Edge {
                from: 0,
                to: 2,
                label,
            },
            edge(0, 3),
            edge(1, 3),
        ];
        let layout = layout(&nodes, &edges);
        let labels: Vec<Rect> = layout
            .edges
            .iter()
            .filter_map(|route| route.label)
            .collect();
        assert_eq!(labels.len(), 2);
        assert!(!labels[0].overlaps(&labels[1]));
        for label in &labels {
            for node in &layout.nodes {
                assert!(!label.overlaps(node));
            }
        }
    }

    #[test]
    fn edges_beyond_the_dummy_limit_run_around_the_layout() {
        // Every step of a long chain also leads to the last: about n²/2 dummies without a limit.
        let count = 400;
        let nodes = vec![node(100.0, 30.0); count];
        let mut edges: Vec<Edge> = (1..count).map(|to| edge(to - 1, to)).collect();
        edges.extend((0..count - 2).map(|from| edge(from, count - 1)));
        let layout = layout(&nodes, &edges);
        let right = layout.nodes.iter().map(Rect::right).fold(0.0, f32::max);
        assert!(layout.size.width > right, "detours run right of the nodes");
        for route in &layout.edges {
            for pair in route.points.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let span = Rect {
                    x: a.x.min(b.x),
                    y: a.y.min(b.y),
                    width: (a.x - b.x).abs(),
                    height: (a.y - b.y).abs(),
                };
                for node in &layout.nodes {
                    let crosses = if span.width == 0.0 {
                        span.x > node.x
                            && span.x < node.right()
                            && span.y < node.bottom()
                            && node.y < span.bottom()
                    } else {
                        span.overlaps(node)
                    };
                    assert!(!crosses, "{span:?} crosses {node:?}");
                }
            }
        }
    }

    #[test]
    fn fit_keeps_order_and_gaps() {
        let mut fit = Fit::default();
        let mut fit_in_order = |targets: &[f32], weights: &[f32], gaps: &[f32]| {
            fit.targets = targets.to_vec();
            fit.weights = weights.to_vec();
            fit.gaps = gaps.to_vec();
            fit.solve().to_vec()
        };
        assert_eq!(
            fit_in_order(&[10.0, 10.0, 10.0], &[1.0; 3], &[5.0, 5.0]),
            vec![5.0, 10.0, 15.0]
        );
        assert_eq!(
            fit_in_order(&[0.0, 100.0], &[1.0; 2], &[5.0]),
            vec![0.0, 100.0]
        );
        // The buffers of one rank do not leak into the next.
        assert_eq!(fit_in_order(&[7.0], &[1.0], &[]), vec![7.0]);
    }
}
