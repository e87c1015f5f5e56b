// Draws a cluster's history as a self-contained SVG timeline: one lane per process, with its faults, exit and connections.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent, Millis, ProcessExitEvent } from '../history/events.js';
import { formatEvent } from '../history/format.js';
import { escapeXml, num } from './_internals/escape-xml.js';
import { assignRows, textWidth } from './_internals/label-rows.js';
import { abortedColor, markColors, openColor, outcomeColors, roleColors } from './_internals/palette.js';
import { processLanes, type ProcessLane } from './_internals/process-lanes.js';
import { bolt, diamond, exitSquare, orphanDot, text, titled } from './_internals/svg-glyphs.js';
import { eventDashes, renderLegend } from './_internals/timeline-legend.js';
import { formatTick, timeScale, type TimeScale } from './_internals/time-scale.js';

export interface TimelineSvgOptions {
  /** The width of the picture in pixels. Default 1200 (the height follows from the number of lanes). */
  width?: number;
  /** A heading drawn above the timeline, also the picture's accessible name. Default: no heading. */
  title?: string;
  /** Ids of the connections to draw bold: the ones that prove a failure. Default: none. */
  highlight?: readonly number[];
  /**
   * Above this many connections, the answered ones are drawn as a density strip per lane (every lost, aborted,
   * unclosed or highlighted connection is still drawn on its own), which keeps a long run's picture small. Default 2000.
   */
  maxIndividualConnections?: number;
}

const layout = {
  padding: 16,
  gutter: 160,
  /** Room right of the plot for the labels of exits at the very end. */
  rightMargin: 64,
  titleHeight: 30,
  labelRowHeight: 14,
  maxLabelRows: 4,
  laneTopPad: 17,
  barHeight: 12,
  barGap: 8,
  rowHeight: 8,
  maxRows: 8,
  laneBottomPad: 9,
  minLaneHeight: 46,
  stripHeight: 9,
  binWidth: 3,
  axisHeight: 42,
  legendGap: 14,
} as const;

const style = [
  '.cc text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:11px;fill:#212121}',
  '.cc .cc-title{font-size:15px;font-weight:600}',
  '.cc .cc-lane-role{font-size:12px;font-weight:600}',
  '.cc .cc-lane-pid{font-size:12px;font-weight:400}',
  '.cc .cc-lane-note{font-size:10.5px;fill:#616161}',
  '.cc .cc-tick{font-size:10.5px;fill:#616161}',
  '.cc .cc-event-label{font-size:10.5px;font-weight:600}',
  '.cc .cc-marker-label{font-size:10px;font-weight:600}',
  '.cc .cc-legend-heading{font-weight:600}',
].join('');

/** A lane as laid out: its place, and what is drawn on it. */
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

/** A cluster-wide event drawn as a vertical line across every lane. */
interface EventLine {
  event: HistoryEvent;
  label: string;
  color: string;
  dash: string;
}

/**
 * A self-contained SVG (no external resources) of a history: one horizontal lane per process (master on top, then
 * workers in start order, then the others), each with a bar from start to exit, a diamond where the worker became
 * ready, a red bolt where a fault landed, and a square where it exited, labelled with the code or signal. Each
 * connection is a dot at its open time with a line to its close, on the lane of the process it was attributed to (or
 * on an "unattributed" lane), green when answered, red or orange when lost, grey when the client aborted it.
 * Cluster-wide events (cluster ready, fault requested, reload, stop, marks) are dashed vertical lines. Every element
 * has a `<title>` tooltip with the formatted event.
 */
export function renderTimelineSvg(events: readonly HistoryEvent[], options: TimelineSvgOptions = {}): string {
  const width = Math.max(480, options.width ?? 1200);
  const highlight = new Set(options.highlight ?? []);
  const records = connectionRecords(events);
  const dense = records.length > (options.maxIndividualConnections ?? 2000);

  const [start, end] = timeDomain(events);
  const scale = timeScale(start, end, layout.padding + layout.gutter, width - layout.padding - layout.rightMargin);
  const stopped = events.find((event) => event.type === 'stopped')?.t;

  // Lanes: one per process (including those only seen as the holder of a connection), then "unattributed".
  const firstHandled = new Map<number, Millis>();
  for (const record of records) {
    const first = record.handledBy[0];
    if (record.attributedPid !== undefined && !firstHandled.has(record.attributedPid)) firstHandled.set(record.attributedPid, first?.t ?? record.openedAt);
  }
  const lanes = processLanes(events, firstHandled);
  const byPid = new Map<number, ConnectionRecord[]>(lanes.map((lane) => [lane.pid, []]));
  const unattributed: ConnectionRecord[] = [];
  for (const record of records) {
    const list = record.attributedPid === undefined ? undefined : byPid.get(record.attributedPid);
    (list ?? unattributed).push(record);
  }

  // Vertical event lines and their labels, in a band above the lanes.
  const lines = eventLines(events);
  const labelRows = assignRows(
    lines.map((line) => labelSpan(line.label, scale.x(line.event.t), width)),
    layout.maxLabelRows,
  );
  const usedRows = Math.max(0, ...labelRows) + 1;
  const titleHeight = options.title ? layout.titleHeight : 0;
  const bandTop = layout.padding + titleHeight;
  const bandHeight = lines.length === 0 ? 4 : usedRows * layout.labelRowHeight + 8;
  const lanesTop = bandTop + bandHeight;

  // Lane geometry.
  const boxes: LaneBox[] = [];
  let y = lanesTop;
  const addLane = (connections: ConnectionRecord[], process?: ProcessLane): void => {
    const box = layoutLane(connections, scale, highlight, dense, y, process);
    boxes.push(box);
    y += box.height;
  };
  for (const lane of lanes) addLane(byPid.get(lane.pid) ?? [], lane);
  if (unattributed.length > 0) addLane(unattributed);
  const empty = boxes.length === 0;
  if (empty) y += layout.minLaneHeight;
  const lanesBottom = y;

  const legend = renderLegend(layout.padding, lanesBottom + layout.axisHeight + layout.legendGap, width - 2 * layout.padding);
  const height = Math.ceil(lanesBottom + layout.axisHeight + layout.legendGap + legend.height + layout.padding);
  const name = options.title ?? 'Cluster timeline';

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(name)}">`,
    `<title>${escapeXml(name)}</title>`,
    `<style>${style}</style>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(text(layout.padding, layout.padding + 16, options.title, 'class="cc-title"'));

  // Lane backgrounds and labels first, so that grid, lines and marks are drawn over them.
  parts.push('<g class="cc-lane-backgrounds">');
  boxes.forEach((box, index) => {
    const fill = index % 2 === 0 ? markColors.laneStripe : '#ffffff';
    parts.push(`<rect x="${layout.padding}" y="${num(box.top)}" width="${width - 2 * layout.padding}" height="${num(box.height)}" fill="${fill}"/>`);
    if (!box.process && index > 0) {
      parts.push(`<path d="M${layout.padding} ${num(box.top)}H${width - layout.padding}" stroke="#bdbdbd" stroke-dasharray="4 3"/>`);
    }
  });
  parts.push('</g>');
  parts.push(renderAxis(scale, lanesTop, lanesBottom));
  parts.push(renderReloadBands(events, scale, lanesTop, lanesBottom));
  parts.push(renderEventLines(lines, labelRows, scale, bandTop + bandHeight, lanesBottom, width));
  if (empty) {
    parts.push(text(scale.left, lanesTop + layout.minLaneHeight / 2 + 4, 'The history is empty: no process, no connection, nothing to draw.', 'class="cc-lane-note"'));
  }
  for (const box of boxes) parts.push(renderLane(box, scale, highlight, events, end, stopped));
  parts.push(legend.svg, '</svg>');
  return parts.join('\n');
}

/** The time span to draw: from launch (or the first event, if earlier) to the last thing that happened. */
function timeDomain(events: readonly HistoryEvent[]): [Millis, Millis] {
  let start = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.t < start) start = event.t;
    if (event.t > end) end = event.t;
  }
  return [start, end > start ? end : start + 1000];
}

/** The lines drawn across every lane, with their short labels. */
function eventLines(events: readonly HistoryEvent[]): EventLine[] {
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

/** Where a line's label goes: right of the line, or left of it near the right edge. */
function labelSpan(label: string, x: number, width: number): { left: number; right: number; anchorEnd: boolean } {
  const labelWidth = textWidth(label, 10.5) + 4;
  const anchorEnd = x + 3 + labelWidth > width - layout.padding;
  return anchorEnd ? { left: x - 3 - labelWidth, right: x - 3, anchorEnd } : { left: x + 3, right: x + 3 + labelWidth, anchorEnd };
}

function renderEventLines(lines: EventLine[], rows: number[], scale: TimeScale, bandBottom: number, lanesBottom: number, width: number): string {
  const parts: string[] = ['<g class="cc-events">'];
  lines.forEach((line, index) => {
    const x = scale.x(line.event.t);
    const row = rows[index] ?? -1;
    const labelY = bandBottom - 6 - Math.max(0, row) * layout.labelRowHeight;
    const top = row < 0 ? bandBottom : labelY - 9;
    parts.push(
      titled(
        'path',
        `class="cc-event" data-event="${line.event.type}" d="M${num(x)} ${num(top)}V${num(lanesBottom)}" stroke="${line.color}" stroke-width="1.3" stroke-dasharray="${line.dash}" fill="none"`,
        formatEvent(line.event),
      ),
    );
    if (row >= 0) {
      const span = labelSpan(line.label, x, width);
      const anchor = span.anchorEnd ? ' text-anchor="end"' : '';
      parts.push(text(span.anchorEnd ? x - 3 : x + 3, labelY, line.label, `class="cc-event-label" fill="${line.color}"${anchor}`));
    }
  });
  parts.push('</g>');
  return parts.join('');
}

/** A light band over the lanes between each reload's start and end. */
function renderReloadBands(events: readonly HistoryEvent[], scale: TimeScale, top: number, bottom: number): string {
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

/** Grid lines over the lanes, tick labels and the axis title below them. */
function renderAxis(scale: TimeScale, top: number, bottom: number): string {
  const parts: string[] = ['<g class="cc-axis">'];
  for (const tick of scale.ticks) {
    const x = num(scale.x(tick));
    parts.push(`<path d="M${x} ${num(top)}V${num(bottom + 4)}" stroke="${markColors.grid}" stroke-width="1"/>`);
    parts.push(text(scale.x(tick), bottom + 16, formatTick(tick, scale.step), 'class="cc-tick" text-anchor="middle"'));
  }
  parts.push(`<path d="M${num(scale.left)} ${num(bottom)}H${num(scale.right)}" stroke="#9e9e9e" stroke-width="1"/>`);
  parts.push(text(scale.right, bottom + 32, 'time since launch (ms)', 'class="cc-tick" text-anchor="end"'));
  parts.push('</g>');
  return parts.join('');
}

/** Whether a connection is drawn on its own even in dense mode. */
function drawnIndividually(record: ConnectionRecord, highlight: ReadonlySet<number>): boolean {
  return record.outcome !== 'answered' || record.clientAborted === true || highlight.has(record.connection);
}

function isLost(record: ConnectionRecord): boolean {
  return record.outcome !== undefined && record.outcome !== 'answered' && record.clientAborted !== true;
}

/** Places a lane's connections in rows (each in the first row free at its open time) and sizes the lane. */
function layoutLane(
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
    const right = Math.max(left + 4, scale.x(record.closedAt ?? scale.end)) + (highlight.has(record.connection) ? 30 : 0);
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
    layout.laneTopPad + layout.barHeight + layout.barGap + stripHeight + rowEnds.length * layout.rowHeight + layout.laneBottomPad,
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

function exitLabel(exit: ProcessExitEvent): string {
  if (exit.signal) return exit.signal;
  return exit.code === null ? 'exit ?' : `exit ${exit.code}`;
}

function renderLane(
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

  if (process) parts.push(renderProcess(process, scale, barTop, barMiddle, end, stopped));

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
    parts.push(renderConnection(record, scale, yRow, highlight.has(record.connection), clientEvents.get(record.connection) ?? []));
    if (highlight.has(record.connection)) {
      const right = Math.max(scale.x(record.openedAt) + 4, scale.x(record.closedAt ?? scale.end));
      labels.push(text(right + 4, yRow + 3.5, `#${record.connection}`, `class="cc-marker-label" fill="${connectionColor(record)}"`));
    }
  }
  parts.push(...labels, '</g>');
  return parts.join('');
}

/** The bar of a process's life and its markers: ready diamonds, fault bolts, the exit square, an orphan dot. */
function renderProcess(lane: ProcessLane, scale: TimeScale, barTop: number, barMiddle: number, end: Millis, stopped: Millis | undefined): string {
  const parts: string[] = [];
  const colors = roleColors[lane.role];
  const endedAt = lane.exit?.t ?? lane.orphan?.t ?? stopped ?? end;
  const left = scale.x(lane.startedAt);
  const right = Math.max(left + 2, scale.x(endedAt));
  const lifeTitle = lane.lifecycle.length > 0 ? lane.lifecycle.map(formatEvent).join('\n') : `pid ${lane.pid}: seen only through the connections it received`;
  parts.push(
    titled(
      'rect',
      `class="cc-bar" x="${num(left)}" y="${num(barTop)}" width="${num(right - left)}" height="${layout.barHeight}" rx="2" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="1"`,
      lifeTitle,
    ),
  );
  for (const ready of lane.ready) parts.push(diamond(scale.x(ready.t), barMiddle, formatEvent(ready)));
  if (lane.exit) {
    const abnormal = lane.exit.signal !== null || lane.exit.code !== 0;
    const x = scale.x(lane.exit.t);
    parts.push(exitSquare(x, barMiddle, abnormal, formatEvent(lane.exit)));
    parts.push(
      text(x + 7, barMiddle + 3.5, exitLabel(lane.exit), `class="cc-marker-label" fill="${abnormal ? markColors.exitAbnormal : markColors.exitClean}"`),
    );
  }
  if (lane.orphan) {
    const x = scale.x(lane.orphan.t);
    parts.push(orphanDot(x, barMiddle, formatEvent(lane.orphan)));
    parts.push(text(x + 8, barTop - 4, 'orphan', `class="cc-marker-label" fill="${markColors.orphan}"`));
  }
  // Fault bolts last, on top; their labels above the bar, left out where they would overlap.
  const spans = lane.faults.map((fault) => {
    const x = scale.x(fault.t);
    return { left: x + 5, right: x + 5 + textWidth(fault.kind, 10) };
  });
  const rows = assignRows(spans, 1, 4);
  lane.faults.forEach((fault, index) => {
    const x = scale.x(fault.t);
    parts.push(bolt(x, barMiddle, formatEvent(fault)));
    if (rows[index] === 0) parts.push(text(x + 5, barTop - 4, fault.kind, `class="cc-marker-label" fill="${markColors.fault}"`));
  });
  return parts.join('');
}

function connectionColor(record: ConnectionRecord): string {
  if (record.clientAborted) return abortedColor;
  return record.outcome === undefined ? openColor : outcomeColors[record.outcome];
}

/** One connection: a dot where it opened, a line to where it closed (a tick at the end of a loss). */
function renderConnection(record: ConnectionRecord, scale: TimeScale, y: number, bold: boolean, clientEvents: HistoryEvent[]): string {
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
    if ((event.type === 'connection-open' || event.type === 'connection-connected' || event.type === 'connection-close') && wanted.has(event.connection)) {
      const list = byId.get(event.connection) ?? [];
      list.push(event);
      byId.set(event.connection, list);
    }
  }
  return byId;
}
