// The small SVG shapes of a timeline (fault bolt, ready diamond, exit square, orphan dot), shared by lanes and legend.

import { escapeXml, num } from './escape-xml.js';
import { markColors } from './palette.js';

/** An element with a `<title>` tooltip (the first child, as SVG requires for tooltips). */
export function titled(tag: string, attributes: string, title: string | undefined, inner = ''): string {
  const open = attributes.trim() === '' ? tag : `${tag} ${attributes.trim()}`;
  if (title === undefined && inner === '') return `<${open}/>`;
  return `<${open}>${title === undefined ? '' : `<title>${escapeXml(title)}</title>`}${inner}</${tag}>`;
}

/** A text element; the text is escaped here. */
export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

/** How a glyph is drawn: on a lane (a class to find it by, the tooltip of the event it marks) or in the legend (neither). */
export interface GlyphOptions {
  className?: string;
  title?: string;
}

function classOf(options: GlyphOptions): string {
  return options.className === undefined ? '' : `class="${options.className}" `;
}

/** A red lightning bolt centred on (x, y), 16 px tall: a fault that landed. */
export function bolt(x: number, y: number, options: GlyphOptions = {}): string {
  const points: [number, number][] = [
    [2.5, -8.5],
    [-4.5, 1.2],
    [-0.6, 1.2],
    [-2.5, 8.5],
    [4.5, -1.2],
    [0.6, -1.2],
  ];
  const d = `M${points.map(([dx, dy]) => `${num(x + dx)} ${num(y + dy)}`).join('L')}Z`;
  return titled(
    'path',
    `${classOf(options)}d="${d}" fill="${markColors.fault}" stroke="#ffffff" stroke-width="0.8"`,
    options.title,
  );
}

/** A green diamond centred on (x, y): a worker became ready. */
export function diamond(x: number, y: number, options: GlyphOptions = {}): string {
  const r = 4.5;
  const d = `M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z`;
  return titled(
    'path',
    `${classOf(options)}d="${d}" fill="${markColors.ready}" stroke="#ffffff" stroke-width="0.8"`,
    options.title,
  );
}

/** A square centred on (x, y): a process exited (dark red when killed or failing, grey when clean). */
export function exitSquare(x: number, y: number, abnormal: boolean, options: GlyphOptions = {}): string {
  const size = 8;
  const fill = abnormal ? markColors.exitAbnormal : markColors.exitClean;
  return titled(
    'rect',
    `${classOf(options)}x="${num(x - size / 2)}" y="${num(y - size / 2)}" width="${size}" height="${size}" fill="${fill}" stroke="#ffffff" stroke-width="0.8"`,
    options.title,
  );
}

/** A purple dot with an exclamation mark centred on (x, y): a process left behind after the stop. */
export function orphanDot(x: number, y: number, options: GlyphOptions = {}): string {
  return titled(
    'g',
    classOf(options).trim(),
    options.title,
    `<circle cx="${num(x)}" cy="${num(y)}" r="5.5" fill="${markColors.orphan}"/><path d="M${num(x)} ${num(y - 3)}V${num(y + 0.8)}M${num(x)} ${num(y + 2)}V${num(y + 3)}" stroke="#ffffff" stroke-width="1.6"/>`,
  );
}

/** A cross centred on (x, y), 7 px wide: the moment a misbehaving client did its deed (a client fault took effect). */
export function clientFaultCross(x: number, y: number, color: string, options: GlyphOptions = {}): string {
  const d = `M${num(x - 3.5)} ${num(y - 3.5)}L${num(x + 3.5)} ${num(y + 3.5)}M${num(x - 3.5)} ${num(y + 3.5)}L${num(x + 3.5)} ${num(y - 3.5)}`;
  return titled('path', `${classOf(options)}d="${d}" stroke="${color}" stroke-width="1.6" fill="none"`, options.title);
}
