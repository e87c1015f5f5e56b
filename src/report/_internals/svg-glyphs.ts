// The small SVG shapes of a timeline (fault bolt, ready diamond, exit square, orphan dot), shared by lanes and legend.

import { escapeXml, num } from './escape-xml.js';
import { markColors } from './palette.js';

/** An element with a `<title>` tooltip (the first child, as SVG requires for tooltips). */
export function titled(tag: string, attributes: string, title: string | undefined, inner = ''): string {
  if (title === undefined && inner === '') return `<${tag} ${attributes}/>`;
  return `<${tag} ${attributes}>${title === undefined ? '' : `<title>${escapeXml(title)}</title>`}${inner}</${tag}>`;
}

/** A text element; the text is escaped here. */
export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

/** A red lightning bolt centred on (x, y), 16 px tall: a fault that landed. */
export function bolt(x: number, y: number, title?: string): string {
  const points: [number, number][] = [
    [2.5, -8.5],
    [-4.5, 1.2],
    [-0.6, 1.2],
    [-2.5, 8.5],
    [4.5, -1.2],
    [0.6, -1.2],
  ];
  const d = `M${points.map(([dx, dy]) => `${num(x + dx)} ${num(y + dy)}`).join('L')}Z`;
  return titled('path', `class="cc-fault" d="${d}" fill="${markColors.fault}" stroke="#ffffff" stroke-width="0.8"`, title);
}

/** A green diamond centred on (x, y): a worker became ready. */
export function diamond(x: number, y: number, title?: string): string {
  const r = 4.5;
  const d = `M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z`;
  return titled('path', `class="cc-ready" d="${d}" fill="${markColors.ready}" stroke="#ffffff" stroke-width="0.8"`, title);
}

/** A square centred on (x, y): a process exited (dark red when killed or failing, grey when clean). */
export function exitSquare(x: number, y: number, abnormal: boolean, title?: string): string {
  const size = 8;
  const fill = abnormal ? markColors.exitAbnormal : markColors.exitClean;
  return titled(
    'rect',
    `class="cc-exit" x="${num(x - size / 2)}" y="${num(y - size / 2)}" width="${size}" height="${size}" fill="${fill}" stroke="#ffffff" stroke-width="0.8"`,
    title,
  );
}

/** A purple dot with an exclamation mark centred on (x, y): a process left behind after the stop. */
export function orphanDot(x: number, y: number, title?: string): string {
  return titled(
    'g',
    'class="cc-orphan"',
    title,
    `<circle cx="${num(x)}" cy="${num(y)}" r="5.5" fill="${markColors.orphan}"/><path d="M${num(x)} ${num(y - 3)}V${num(y + 0.8)}M${num(x)} ${num(y + 2)}V${num(y + 3)}" stroke="#ffffff" stroke-width="1.6"/>`,
  );
}
