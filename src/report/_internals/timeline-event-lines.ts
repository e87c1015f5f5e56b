// The cluster-wide events of a timeline (cluster ready, fault requested, reload, stop, marks) as labelled vertical lines.

import type { HistoryEvent, Millis } from '../../history/events.js';
import { formatEvent } from '../../history/format.js';
import { num } from './escape-xml.js';
import { fitText, textWidth } from './label-rows.js';
import { markColors } from './palette.js';
import { text, titled } from './svg-glyphs.js';
import { eventDashes, layout } from './timeline-layout.js';
import type { TimeScale } from './time-scale.js';

export /** A cluster-wide event drawn as a vertical line across every lane. */
interface EventLine {
  event: HistoryEvent;
  label: string;
  color: string;
  dash: string;
}

/** The lines drawn across every lane, with their short labels. */
export function eventLines(events: readonly HistoryEvent[]): EventLine[] {
  const lines: EventLine[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'cluster-ready':
        lines.push({ event, label: 'cluster ready', color: markColors.clusterReady, dash: eventDashes.clusterReady });
        break;
      case 'fault-requested':
        lines.push({
          event,
          label: `fault #${event.fault}: ${event.kind}${event.inFlight ? ' (in flight)' : ''}`,
          color: markColors.fault,
          dash: eventDashes.fault,
        });
        break;
      case 'reload':
        lines.push({ event, label: `reload ${event.phase}`, color: markColors.reload, dash: eventDashes.reload });
        break;
      case 'stop-requested':
        lines.push({ event, label: 'stop requested', color: markColors.stop, dash: eventDashes.stop });
        break;
      case 'stopped':
        lines.push({ event, label: 'stopped', color: markColors.stop, dash: eventDashes.stop });
        break;
      case 'mark':
        lines.push({ event, label: event.label, color: markColors.mark, dash: eventDashes.mark });
        break;
      default:
        break;
    }
  }
  return lines;
}

/** A label shortened with an ellipsis to fit the wider side of its line (the line's tooltip keeps the whole text). */
export function fitLabel(label: string, x: number, width: number): string {
  return fitText(label, 10.5, Math.max(width - layout.padding - (x + 3), x - 3 - layout.padding) - 4);
}

/** Where a line's label goes: right of the line, or left of it near the right edge. */
export function labelSpan(
  label: string,
  x: number,
  width: number,
): { left: number; right: number; anchorEnd: boolean } {
  const labelWidth = textWidth(label, 10.5) + 4;
  const anchorEnd = x + 3 + labelWidth > width - layout.padding;
  return anchorEnd
    ? { left: x - 3 - labelWidth, right: x - 3, anchorEnd }
    : { left: x + 3, right: x + 3 + labelWidth, anchorEnd };
}

export function renderEventLines(
  lines: EventLine[],
  rows: number[],
  scale: TimeScale,
  bandBottom: number,
  lanesBottom: number,
  width: number,
): string {
  // Every line first, then every label: a later line must not cross an earlier label (the labels' white halo then
  // keeps each one readable where a line passes behind it).
  const paths: string[] = [];
  const labels: string[] = [];
  lines.forEach((line, index) => {
    const x = scale.x(line.event.t);
    const row = rows[index] ?? -1;
    const labelY = bandBottom - 6 - Math.max(0, row) * layout.labelRowHeight;
    const top = row < 0 ? bandBottom : labelY - 9;
    paths.push(
      titled(
        'path',
        `class="cc-event" data-event="${line.event.type}" d="M${num(x)} ${num(top)}V${num(lanesBottom)}" stroke="${line.color}" stroke-width="1.3" stroke-dasharray="${line.dash}" fill="none"`,
        formatEvent(line.event),
      ),
    );
    if (row >= 0) {
      const span = labelSpan(line.label, x, width);
      const anchor = span.anchorEnd ? ' text-anchor="end"' : '';
      labels.push(
        text(
          span.anchorEnd ? x - 3 : x + 3,
          labelY,
          line.label,
          `class="cc-event-label" fill="${line.color}"${anchor}`,
        ),
      );
    }
  });
  return ['<g class="cc-events">', ...paths, ...labels, '</g>'].join('');
}

/** A light band over the lanes between each reload's start and end. */
export function renderReloadBands(
  events: readonly HistoryEvent[],
  scale: TimeScale,
  top: number,
  bottom: number,
): string {
  const parts: string[] = [];
  let openedAt: Millis | undefined;
  for (const event of events) {
    if (event.type !== 'reload') continue;
    if (event.phase === 'start') openedAt = event.t;
    else if (openedAt !== undefined) {
      const left = scale.x(openedAt);
      parts.push(
        titled(
          'rect',
          `class="cc-reload" x="${num(left)}" y="${num(top)}" width="${num(Math.max(1, scale.x(event.t) - left))}" height="${num(bottom - top)}" fill="${markColors.reload}" fill-opacity="0.07"`,
          `reload (${event.how}) from ${openedAt.toFixed(1)} ms to ${event.t.toFixed(1)} ms: no loss is excused inside it`,
        ),
      );
      openedAt = undefined;
    }
  }
  return parts.length === 0 ? '' : `<g class="cc-reloads">${parts.join('')}</g>`;
}
