/**
 * A chart saved as a file: its SVG as written (it carries its own styles), or a PNG drawn from that
 * SVG at twice the chart's size. The SVG is loaded as a `data:` image, which the page's policy allows.
 */
import { downloadText } from './files';
import { wellFormed } from './xml-text';

/** Width and height of an SVG document's root, from its attributes or its viewBox; undefined if neither. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)`).exec(root)?.[1]);
  const width = attr('width');
  const height = attr('height');
  if (width > 0 && height > 0) return { width, height };
  const box = /\sviewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(root);
  return box ? { width: Number(box[1]), height: Number(box[2]) } : undefined;
}

/** Saves `svg` as `<name>.svg`. */
export function exportSvg(name: string, svg: string): void {
  downloadText(`${name}.svg`, svg, 'image/svg+xml');
}

/**
 * `svg` as a `data:` URI. Made from a well-formed string (a lone surrogate becomes U+FFFD), since
 * `encodeURIComponent` throws "URI malformed" on one.
 */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(wellFormed(svg))}`;
}

/** Saves `svg` drawn into a PNG at `scale` times its size, as `<name>.png`. */
export async function exportPng(name: string, svg: string, scale = 2): Promise<void> {
  const size = svgSize(svg) ?? { width: 800, height: 400 };
  const image = new Image();
  image.src = svgDataUri(svg);
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.width * scale);
  canvas.height = Math.round(size.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the chart into an image.');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The chart could not be turned into a PNG.');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.png`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
