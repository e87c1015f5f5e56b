// The legend of a timeline: what each bar, marker, colour and line means, laid out in wrapped rows.

import { num } from './escape-xml.js';
import { textWidth } from './label-rows.js';
import { abortedColor, clientFaultColor, markColors, openColor, outcomeColors, roleColors } from './palette.js';
import { bolt, clientFaultCross, diamond, exitSquare, orphanDot, text } from './svg-glyphs.js';
import { eventDashes } from './timeline-layout.js';

interface LegendItem {
  label: string;
  /** The glyph, drawn in a 22 × 12 box whose left middle is (x, y). */
  glyph: (x: number, y: number) => string;
}

const glyphWidth = 22;
const rowHeight = 19;
const fontSize = 11;

function bar(color: { fill: string; stroke: string }): LegendItem['glyph'] {
  return (x, y) =>
    `<rect x="${num(x)}" y="${num(y - 5)}" width="20" height="10" rx="2" fill="${color.fill}" stroke="${color.stroke}"/>`;
}

function connection(
  color: string,
  options: { lost?: boolean; bold?: boolean; dashed?: boolean } = {},
): LegendItem['glyph'] {
  return (x, y) => {
    const width = options.bold ? 3 : 1.6;
    const tick = options.lost ? `M${num(x + 20)} ${num(y - 3)}V${num(y + 3)}` : '';
    const dash = options.dashed ? ' stroke-dasharray="2 2"' : '';
    const ring = options.bold ? ' stroke="#212121" stroke-width="1.2"' : '';
    return (
      `<path d="M${num(x + 2)} ${num(y)}H${num(x + 20)}${tick}" stroke="${color}" stroke-width="${width}"${dash} fill="none"/>` +
      `<circle cx="${num(x + 2)}" cy="${num(y)}" r="${options.bold ? 3.2 : 2.2}" fill="${color}"${ring}/>`
    );
  };
}

function line(color: string, dash: string): LegendItem['glyph'] {
  return (x, y) =>
    `<path d="M${num(x + 10)} ${num(y - 7)}V${num(y + 7)}" stroke="${color}" stroke-width="1.4" stroke-dasharray="${dash}"/>`;
}

const groups: { heading: string; items: LegendItem[] }[] = [
  {
    heading: 'Processes',
    items: [
      { label: 'master', glyph: bar(roleColors.master) },
      { label: 'worker', glyph: bar(roleColors.worker) },
      { label: 'ready', glyph: (x, y) => diamond(x + 10, y) },
      { label: 'fault landed', glyph: (x, y) => bolt(x + 10, y) },
      { label: 'exit (clean / killed)', glyph: (x, y) => exitSquare(x + 5, y, false) + exitSquare(x + 16, y, true) },
      { label: 'orphan', glyph: (x, y) => orphanDot(x + 10, y) },
    ],
  },
  {
    heading: 'Connections',
    items: [
      { label: 'answered', glyph: connection(outcomeColors.answered) },
      { label: 'refused', glyph: connection(outcomeColors.refused, { lost: true }) },
      { label: 'reset', glyph: connection(outcomeColors.reset, { lost: true }) },
      { label: 'closed-empty', glyph: connection(outcomeColors['closed-empty'], { lost: true }) },
      { label: 'timeout', glyph: connection(outcomeColors.timeout, { lost: true }) },
      { label: 'client aborted', glyph: connection(abortedColor) },
      {
        label: 'misbehaving client (× its fault)',
        glyph: (x, y) => connection(clientFaultColor)(x, y) + clientFaultCross(x + 13, y, clientFaultColor),
      },
      { label: 'never closed', glyph: connection(openColor, { dashed: true }) },
      { label: 'evidence (bold)', glyph: connection(outcomeColors.reset, { lost: true, bold: true }) },
    ],
  },
  {
    heading: 'Events',
    items: [
      { label: 'cluster ready', glyph: line(markColors.clusterReady, eventDashes.clusterReady) },
      { label: 'fault requested', glyph: line(markColors.fault, eventDashes.fault) },
      { label: 'reload', glyph: line(markColors.reload, eventDashes.reload) },
      { label: 'stop', glyph: line(markColors.stop, eventDashes.stop) },
      { label: 'mark', glyph: line(markColors.mark, eventDashes.mark) },
    ],
  },
];

/** The legend drawn from (left, top) within `width`; returns its markup and height. */
export function renderLegend(left: number, top: number, width: number): { svg: string; height: number } {
  const headingWidth = 92;
  const parts: string[] = ['<g class="cc-legend">'];
  let y = top + rowHeight / 2;
  for (const group of groups) {
    parts.push(text(left, y + 4, group.heading, 'class="cc-legend-heading"'));
    let x = left + headingWidth;
    for (const item of group.items) {
      const itemWidth = glyphWidth + 6 + textWidth(item.label, fontSize) + 18;
      if (x + itemWidth > left + width && x > left + headingWidth) {
        x = left + headingWidth;
        y += rowHeight;
      }
      parts.push(item.glyph(x, y), text(x + glyphWidth + 6, y + 4, item.label));
      x += itemWidth;
    }
    y += rowHeight;
  }
  parts.push('</g>');
  return { svg: parts.join(''), height: y - rowHeight / 2 - top };
}
