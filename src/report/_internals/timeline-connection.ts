// One connection on a timeline lane (a dot where it opened, a line to its close) and the density strip of answered ones.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent } from '../../history/events.js';
import { describeClientFault, formatEvent } from '../../history/format.js';
import { num } from './escape-xml.js';
import { abortedColor, clientFaultColor, openColor, outcomeColors } from './palette.js';
import { clientFaultCross, titled } from './svg-glyphs.js';
import { layout } from './timeline-layout.js';
import type { TimeScale } from './time-scale.js';

/** A loss as drawn: closed with any outcome but `answered`, not client-aborted, not a misbehaving client's. */
export function isLost(record: ConnectionRecord): boolean {
  return (
    record.outcome !== undefined &&
    record.outcome !== 'answered' &&
    record.clientAborted !== true &&
    record.clientFault === undefined
  );
}

export function connectionColor(record: ConnectionRecord): string {
  if (record.clientFault) return clientFaultColor;
  if (record.clientAborted) return abortedColor;
  return record.outcome === undefined ? openColor : outcomeColors[record.outcome];
}

/**
 * One connection: a dot where it opened, a line to where it closed (a tick at the end of a loss); a misbehaving
 * client's in its own colour, with a cross where its fault took effect.
 */
export function renderConnection(
  record: ConnectionRecord,
  scale: TimeScale,
  y: number,
  bold: boolean,
  clientEvents: HistoryEvent[],
): string {
  const color = connectionColor(record);
  const left = scale.x(record.openedAt);
  const right = Math.max(left + 4, scale.x(record.closedAt ?? scale.end));
  const lost = isLost(record);
  const outcome = record.clientAborted ? 'client-aborted' : (record.outcome ?? 'open');
  const tick = lost ? `M${num(right)} ${num(y - 3)}V${num(y + 3)}` : '';
  const dash = record.outcome === undefined ? ' stroke-dasharray="2 2"' : '';
  const ring = bold ? ' stroke="#212121" stroke-width="1.2"' : ' stroke="none"';
  const lines = [...clientEvents, ...record.handledBy].sort((a, b) => a.t - b.t).map(formatEvent);
  if (record.outcome === undefined) lines.push(`connection #${record.connection} never closed in this history`);
  const fault = record.clientFault;
  const faultAttribute = fault ? ` data-client-fault="${fault.kind}"` : '';
  const cross =
    fault && record.clientFaultAt !== undefined
      ? clientFaultCross(Math.min(right, Math.max(left, scale.x(record.clientFaultAt))), y, clientFaultColor, {
          className: 'cc-client-fault',
          title: `client fault: ${describeClientFault(fault)}, took effect at ${record.clientFaultAt.toFixed(1)} ms`,
        })
      : '';
  return titled(
    'g',
    `class="cc-connection" data-connection="${record.connection}" data-outcome="${outcome}"${faultAttribute}${bold ? ' data-highlight="true"' : ''} stroke="${color}" stroke-width="${bold ? 3 : 1.6}" fill="${color}"`,
    lines.join('\n'),
    `<path d="M${num(left)} ${num(y)}H${num(right)}${tick}" fill="none"${dash}/><circle cx="${num(left)}" cy="${num(y)}" r="${bold ? 3.4 : 2.2}"${ring}/>${cross}`,
  );
}

/** Answered connections as a strip of small cells, darker where more connections opened. */
export function renderStrip(records: ConnectionRecord[], scale: TimeScale, top: number): string {
  const counts = new Map<number, number>();
  for (const record of records) {
    const bin = Math.floor((scale.x(record.openedAt) - scale.left) / layout.binWidth);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  const most = Math.max(1, ...counts.values());
  const msPerPixel = (scale.end - scale.start) / Math.max(1, scale.right - scale.left);
  const parts: string[] = [`<g class="cc-strip" fill="${outcomeColors.answered}">`];
  for (const [bin, count] of [...counts.entries()].sort((a, b) => a[0] - b[0])) {
    const x = scale.left + bin * layout.binWidth;
    const from = scale.start + bin * layout.binWidth * msPerPixel;
    const to = from + layout.binWidth * msPerPixel;
    parts.push(
      titled(
        'rect',
        `x="${num(x)}" y="${num(top)}" width="${layout.binWidth}" height="${layout.stripHeight}" fill-opacity="${(0.15 + (0.85 * count) / most).toFixed(2)}"`,
        `${count} answered connection${count === 1 ? '' : 's'} opened between ${from.toFixed(1)} ms and ${to.toFixed(1)} ms`,
      ),
    );
  }
  parts.push('</g>');
  return parts.join('');
}
