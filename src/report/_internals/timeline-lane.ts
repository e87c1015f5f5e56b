// The lanes of a timeline: each process's life bar and markers, and the connections attributed to it.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, Millis } from '../../history/events.js';
import { escapeXml, num } from './escape-xml.js';
import { outcomeColors } from './palette.js';
import type { ProcessLane } from './process-lanes.js';
import { text } from './svg-glyphs.js';
import { connectionColor, isLost, renderConnection, renderStrip } from './timeline-connection.js';
import { renderProcess } from './timeline-process-bar.js';
import { layout } from './timeline-layout.js';
import type { TimeScale } from './time-scale.js';

export /** A lane as laid out: its place, and what is drawn on it. */
interface LaneBox {
  top: number;
  height: number;
  process?: ProcessLane;
  /** Connections drawn one by one, with their row. */
  drawn: { record: ConnectionRecord; row: number }[];
  /** Answered connections summarised as a density strip (dense mode). */
  strip: ConnectionRecord[];
  total: number;
  lost: number;
}

/** Whether a connection is drawn on its own even in dense mode. */
function drawnIndividually(record: ConnectionRecord, highlight: ReadonlySet<number>): boolean {
  return (
    record.outcome !== 'answered' ||
    record.clientAborted === true ||
    record.clientFault !== undefined ||
    highlight.has(record.connection)
  );
}

/** Places a lane's connections in rows (each in the first row free at its open time) and sizes the lane. */
export function layoutLane(
  connections: ConnectionRecord[],
  scale: TimeScale,
  highlight: ReadonlySet<number>,
  dense: boolean,
  top: number,
  process: ProcessLane | undefined,
): LaneBox {
  const strip = dense ? connections.filter((record) => !drawnIndividually(record, highlight)) : [];
  const individual = dense ? connections.filter((record) => drawnIndividually(record, highlight)) : connections;
  const rowEnds: number[] = [];
  const drawn = individual.map((record) => {
    const left = scale.x(record.openedAt);
    const right =
      Math.max(left + 4, scale.x(record.closedAt ?? scale.end)) + (highlight.has(record.connection) ? 30 : 0);
    let row = rowEnds.findIndex((rowEnd) => rowEnd + 3 <= left);
    if (row < 0) {
      if (rowEnds.length < layout.maxRows) row = rowEnds.length;
      else row = rowEnds.indexOf(Math.min(...rowEnds));
    }
    rowEnds[row] = Math.max(rowEnds[row] ?? 0, right);
    return { record, row };
  });
  const stripHeight = strip.length > 0 ? layout.stripHeight + 3 : 0;
  const height = Math.max(
    layout.minLaneHeight,
    layout.laneTopPad +
      layout.barHeight +
      layout.barGap +
      stripHeight +
      rowEnds.length * layout.rowHeight +
      layout.laneBottomPad,
  );
  return {
    top,
    height,
    ...(process ? { process } : {}),
    drawn,
    strip,
    total: connections.length,
    lost: connections.filter(isLost).length,
  };
}

export function renderLane(
  box: LaneBox,
  scale: TimeScale,
  highlight: ReadonlySet<number>,
  events: readonly HistoryEvent[],
  end: Millis,
  stopped: Millis | undefined,
): string {
  const { process } = box;
  const parts: string[] = [
    `<g class="cc-lane"${process ? ` data-pid="${process.pid}" data-role="${process.role}"` : ' data-unattributed="true"'}>`,
  ];
  const barTop = box.top + layout.laneTopPad;
  const barMiddle = barTop + layout.barHeight / 2;

  // The label in the gutter: role and pid, then how many connections the lane holds.
  const labelX = layout.padding + 10;
  if (process) {
    parts.push(
      `<text x="${labelX}" y="${num(barMiddle + 4)}" class="cc-lane-label"><tspan class="cc-lane-role">${process.role}</tspan><tspan class="cc-lane-pid"> ${process.pid}</tspan></text>`,
    );
  } else {
    parts.push(text(labelX, barMiddle + 4, 'unattributed', 'class="cc-lane-role" font-style="italic"'));
  }
  const note = box.total === 0 ? 'no connections' : `${box.total} connection${box.total === 1 ? '' : 's'}`;
  parts.push(
    `<text x="${labelX}" y="${num(barMiddle + 19)}" class="cc-lane-note">${escapeXml(note)}${
      box.lost > 0 ? `<tspan fill="${outcomeColors.reset}" font-weight="600"> · ${box.lost} lost</tspan>` : ''
    }</text>`,
  );

  const stopRequestedAt = events.find((event) => event.type === 'stop-requested')?.t;
  if (process) parts.push(renderProcess(process, scale, barTop, barMiddle, end, stopped, stopRequestedAt));

  // Connections: a density strip for the answered ones in dense mode, then each drawn connection.
  const connectionsTop = barTop + layout.barHeight + layout.barGap;
  let rowsTop = connectionsTop;
  if (box.strip.length > 0) {
    parts.push(renderStrip(box.strip, scale, connectionsTop));
    rowsTop += layout.stripHeight + 3;
  }
  const clientEvents = clientEventsById(events, box);
  const labels: string[] = [];
  for (const { record, row } of box.drawn) {
    const yRow = rowsTop + row * layout.rowHeight + layout.rowHeight / 2;
    parts.push(
      renderConnection(
        record,
        scale,
        yRow,
        highlight.has(record.connection),
        clientEvents.get(record.connection) ?? [],
      ),
    );
    if (highlight.has(record.connection)) {
      const right = Math.max(scale.x(record.openedAt) + 4, scale.x(record.closedAt ?? scale.end));
      labels.push(
        text(
          right + 4,
          yRow + 3.5,
          `#${record.connection}`,
          `class="cc-marker-label" fill="${connectionColor(record)}"`,
        ),
      );
    }
  }
  parts.push(...labels, '</g>');
  return parts.join('');
}

/** The client-side events of the connections drawn on a lane, by connection id. */
function clientEventsById(events: readonly HistoryEvent[], box: LaneBox): Map<number, HistoryEvent[]> {
  const wanted = new Set(box.drawn.map(({ record }) => record.connection));
  const byId = new Map<number, HistoryEvent[]>();
  if (wanted.size === 0) return byId;
  for (const event of events) {
    if (
      (event.type === 'connection-open' ||
        event.type === 'connection-connected' ||
        event.type === 'connection-close') &&
      wanted.has(event.connection)
    ) {
      const list = byId.get(event.connection) ?? [];
      list.push(event);
      byId.set(event.connection, list);
    }
  }
  return byId;
}
