// The lanes of a timeline: each process's life bar and markers, and the connections attributed to it.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, Millis, ProcessExitEvent } from '../../history/events.js';
import { formatEvent } from '../../history/format.js';
import { escapeXml, num } from './escape-xml.js';
import { assignRows, textWidth } from './label-rows.js';
import { abortedColor, markColors, openColor, outcomeColors, roleColors } from './palette.js';
import type { ProcessLane } from './process-lanes.js';
import { bolt, diamond, exitSquare, orphanDot, text, titled } from './svg-glyphs.js';
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
  return record.outcome !== 'answered' || record.clientAborted === true || highlight.has(record.connection);
}

function isLost(record: ConnectionRecord): boolean {
  return record.outcome !== undefined && record.outcome !== 'answered' && record.clientAborted !== true;
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

/**
 * What a process's end says, from what is known: its signal or exit code; with neither, the fault that ended it, or
 * the stop; never a bare question mark.
 */
function exitLabel(lane: ProcessLane, exit: ProcessExitEvent, stopRequestedAt: Millis | undefined): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `exit ${exit.code}`;
  const fault = lane.faults.filter((landed) => landed.t <= exit.t).at(-1);
  if (fault) return `ended by fault #${fault.fault}`;
  if (stopRequestedAt !== undefined && exit.t >= stopRequestedAt) return 'ended at the stop';
  return 'ended (status unknown)';
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

/** The bar of a process's life and its markers: ready diamonds, fault bolts, the exit square, an orphan dot. */
function renderProcess(
  lane: ProcessLane,
  scale: TimeScale,
  barTop: number,
  barMiddle: number,
  end: Millis,
  stopped: Millis | undefined,
  stopRequestedAt: Millis | undefined,
): string {
  const parts: string[] = [];
  const colors = roleColors[lane.role];
  const endedAt = lane.exit?.t ?? lane.orphan?.t ?? stopped ?? end;
  // A process with no start in this history (a run on a reused cluster) was already running when it begins.
  const left = lane.start ? scale.x(lane.startedAt) : scale.left;
  const right = Math.max(left + 2, scale.x(endedAt));
  const before = lane.start ? [] : [`pid ${lane.pid}: already running when this history begins`];
  const after =
    lane.exit || lane.orphan || stopped !== undefined
      ? []
      : [`pid ${lane.pid}: still running at the end of this history`];
  const life =
    lane.lifecycle.length > 0
      ? lane.lifecycle.map(formatEvent)
      : [
          `pid ${lane.pid}: no event of its own here (known from the cluster's ready event or the connections it received)`,
        ];
  const lifeTitle = [...before, ...life, ...after].join('\n');
  parts.push(
    titled(
      'rect',
      `class="cc-bar" x="${num(left)}" y="${num(barTop)}" width="${num(right - left)}" height="${layout.barHeight}" rx="2" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="1"`,
      lifeTitle,
    ),
  );
  // A ready before the picture's start (a launch it leaves out) would sit at the wrong time on its left edge: the bar's tooltip has it.
  for (const ready of lane.ready)
    if (ready.t >= scale.start)
      parts.push(diamond(scale.x(ready.t), barMiddle, { className: 'cc-ready', title: formatEvent(ready) }));
  if (lane.exit) {
    const abnormal = lane.exit.signal !== null || lane.exit.code !== 0;
    const x = scale.x(lane.exit.t);
    parts.push(exitSquare(x, barMiddle, abnormal, { className: 'cc-exit', title: formatEvent(lane.exit) }));
    parts.push(
      endLabel(
        x,
        barMiddle,
        exitLabel(lane, lane.exit, stopRequestedAt),
        scale,
        abnormal ? markColors.exitAbnormal : markColors.exitClean,
      ),
    );
  } else if (!lane.orphan && stopped === undefined) {
    parts.push(endLabel(right, barMiddle, 'still running', scale, markColors.mutedText));
  }
  if (lane.orphan) {
    const x = scale.x(lane.orphan.t);
    parts.push(orphanDot(x, barMiddle, { className: 'cc-orphan', title: formatEvent(lane.orphan) }));
    parts.push(text(x + 8, barTop - 4, 'orphan', `class="cc-marker-label" fill="${markColors.orphan}"`));
  }
  // Fault bolts last, on top. Their labels go above the bar, left of the bolt (the exit usually follows right of
  // it), or right of it where the bar starts too close; a label that would overlap another is left out.
  const labels = lane.faults.map((fault) => {
    const x = scale.x(fault.t);
    const label = `fault #${fault.fault} ${fault.kind}`;
    const labelWidth = textWidth(label, 10);
    const before = x - 7 - labelWidth >= scale.left;
    return { x, label, before, left: before ? x - 7 - labelWidth : x + 7, right: before ? x - 7 : x + 7 + labelWidth };
  });
  const rows = assignRows(labels, 1, 4);
  lane.faults.forEach((fault, index) => {
    const label = labels[index]!;
    parts.push(bolt(label.x, barMiddle, { className: 'cc-fault', title: formatEvent(fault) }));
    if (rows[index] === 0) {
      const anchor = label.before ? ' text-anchor="end"' : '';
      parts.push(
        text(
          label.before ? label.right : label.left,
          barTop - 4,
          label.label,
          `class="cc-marker-label" fill="${markColors.fault}"${anchor}`,
        ),
      );
    }
  });
  return parts.join('');
}

/** A label right of a process's end, or left of it where the picture ends too soon (the exit square sits between). */
function endLabel(x: number, y: number, label: string, scale: TimeScale, color: string): string {
  const fits = x + 7 + textWidth(label, 10) <= scale.right + layout.rightMargin;
  return text(
    fits ? x + 7 : x - 7,
    y + 3.5,
    label,
    `class="cc-marker-label cc-end-label" fill="${color}"${fits ? '' : ' text-anchor="end"'}`,
  );
}

function connectionColor(record: ConnectionRecord): string {
  if (record.clientAborted) return abortedColor;
  return record.outcome === undefined ? openColor : outcomeColors[record.outcome];
}

/** One connection: a dot where it opened, a line to where it closed (a tick at the end of a loss). */
function renderConnection(
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
  return titled(
    'g',
    `class="cc-connection" data-connection="${record.connection}" data-outcome="${outcome}"${bold ? ' data-highlight="true"' : ''} stroke="${color}" stroke-width="${bold ? 3 : 1.6}" fill="${color}"`,
    lines.join('\n'),
    `<path d="M${num(left)} ${num(y)}H${num(right)}${tick}" fill="none"${dash}/><circle cx="${num(left)}" cy="${num(y)}" r="${bold ? 3.4 : 2.2}"${ring}/>`,
  );
}

/** Answered connections as a strip of small cells, darker where more connections opened. */
function renderStrip(records: ConnectionRecord[], scale: TimeScale, top: number): string {
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
