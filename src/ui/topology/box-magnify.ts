/**
 * A plain box drawn larger than its natural size. A hundred services open on a map of ten group
 * boxes, drawn at about two thirds of a px per layout unit on a laptop; the group boxes carry larger
 * type for it (17 units), but the client's and the gateway's boxes beside them would keep their 11
 * units and read at 7.5 px. Such a box is magnified whole about its outer top-left corner (the
 * sidecar strip's, if any): the layout reserves the room and gives the geometry as drawn, so that
 * edges, ports and dots meet it where it shows; the drawing lays out its content at the natural size
 * and scales it with one transform, so that its type, cells and pills keep their proportions.
 */
import type { NodeLayout } from './layout';

/**
 * Least type size of a box, and of a group box (`topology.css`), layout units: magnified by their
 * ratio, a box's smallest text is as large as a group box's.
 */
const BOX_TYPE = 11;
const GROUP_TYPE = 17;

/** How much a plain box on a map of groups drawn below the readable scale is magnified. */
export const MAP_BOX_MAGNIFY = GROUP_TYPE / BOX_TYPE;

/**
 * `node` drawn `factor` times larger about its outer top-left corner: every rectangle and point of it
 * and of its parts (cells, bars, note rows, sidecar strip) and every coordinate named `…X` or `…Y`
 * moves away from the corner, every `w` and `h` grows; counts and indices (`slot`, `row`, `chars`)
 * stay, since the text grows with the box. Its `magnify` is multiplied by `factor`. Throws for a
 * group's box (it has its own larger type) or a factor that is not a positive number.
 */
export function magnified(node: NodeLayout, factor: number): NodeLayout {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`magnify: expected a positive number, got ${factor}`);
  if (node.group !== null)
    throw new Error(`magnify: '${node.id}' is a group's box, which is never magnified`);
  if (factor === 1) return node;
  const ox = node.sidecar ? node.sidecar.strip.x : node.box.x;
  const oy = node.box.y;
  const out = scale(node, factor, ox, oy) as { magnify: number };
  out.magnify = node.magnify * factor;
  return out as unknown as NodeLayout;
}

/** `node` at its natural size, as its content is drawn before the transform of `boxTransform`. */
export function naturalNode(node: NodeLayout): NodeLayout {
  return node.magnify === 1 ? node : magnified(node, 1 / node.magnify);
}

/**
 * The SVG transform that draws the content of `naturalNode(node)` as `node` shows, or null for a box
 * drawn at its natural size.
 */
export function boxTransform(node: NodeLayout): string | null {
  const m = node.magnify;
  if (m === 1) return null;
  const ox = node.sidecar ? node.sidecar.strip.x : node.box.x;
  const oy = node.box.y;
  // Six decimals: a factor rounded to three would put a far corner of the diagram a fifth of a unit off.
  const r = (v: number): number => Math.round(v * 1e6) / 1e6;
  return `matrix(${r(m)},0,0,${r(m)},${r(ox * (1 - m))},${r(oy * (1 - m))})`;
}

function scale(value: unknown, k: number, ox: number, oy: number): unknown {
  if (Array.isArray(value)) return value.map((v) => scale(v, k, ox, oy));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number' && (key === 'x' || key.endsWith('X'))) out[key] = ox + (v - ox) * k;
    else if (typeof v === 'number' && (key === 'y' || key.endsWith('Y'))) out[key] = oy + (v - oy) * k;
    else if (typeof v === 'number' && (key === 'w' || key === 'h')) out[key] = v * k;
    else out[key] = scale(v, k, ox, oy);
  }
  return out;
}
