// Draws a cluster's history as a self-contained SVG timeline: one lane per process, with its faults, exit and connections.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent, Millis } from '../history/events.js';
import { escapeXml, num } from './_internals/escape-xml.js';
import { fitText, stackLabels, textWidth } from './_internals/label-rows.js';
import { markColors } from './_internals/palette.js';
import { processLanes, type ProcessLane } from './_internals/process-lanes.js';
import { text } from './_internals/svg-glyphs.js';
import {
  eventLines,
  fitLabel,
  labelSpan,
  renderEventLines,
  renderReloadBands,
} from './_internals/timeline-event-lines.js';
import { layoutLane, renderLane, type LaneBox } from './_internals/timeline-lane.js';
import { layout, style } from './_internals/timeline-layout.js';
import { renderLegend } from './_internals/timeline-legend.js';
import { timelineSpan, type TimelineSpan } from './_internals/timeline-span.js';
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

/**
 * A self-contained SVG (no external resources) of a history: one horizontal lane per process (master on top, then
 * workers in start order, then the others), each with a bar from start to exit, a diamond where the worker became
 * ready, a red bolt where a fault landed, and a square where it exited, labelled with the code or signal. Each
 * connection is a dot at its open time with a line to its close, on the lane of the process it was attributed to (or
 * on an "unattributed" lane), green when answered, red or orange when lost, grey when the client aborted it.
 * Cluster-wide events (cluster ready, fault requested, reload, stop, marks) are dashed vertical lines. Every element
 * has a `<title>` tooltip with the formatted event. The axis spans the run itself, with a small margin: a slice of a
 * reused cluster from its first event, a run on a cluster launched long before it from the run's start (the launch
 * left out, and said so under the axis); see `timelineSpan`.
 */
export function renderTimelineSvg(events: readonly HistoryEvent[], options: TimelineSvgOptions = {}): string {
  const width = Math.max(480, options.width ?? 1200);
  const highlight = new Set(options.highlight ?? []);
  const records = connectionRecords(events);
  const dense = records.length > (options.maxIndividualConnections ?? 2000);

  const span = timelineSpan(events);
  const end = span.end;
  const scale = timeScale(
    span.start,
    span.end,
    layout.padding + layout.gutter,
    width - layout.padding - layout.rightMargin,
  );
  const stopped = events.find((event) => event.type === 'stopped')?.t;

  // Lanes: one per process (including those only seen as the holder of a connection), then "unattributed".
  const firstHandled = new Map<number, Millis>();
  for (const record of records) {
    const first = record.handledBy[0];
    if (record.attributedPid !== undefined && !firstHandled.has(record.attributedPid))
      firstHandled.set(record.attributedPid, first?.t ?? record.openedAt);
  }
  const lanes = processLanes(events, firstHandled);
  const byPid = new Map<number, ConnectionRecord[]>(lanes.map((lane) => [lane.pid, []]));
  const unattributed: ConnectionRecord[] = [];
  for (const record of records) {
    const list = record.attributedPid === undefined ? undefined : byPid.get(record.attributedPid);
    (list ?? unattributed).push(record);
  }

  // Vertical event lines and their labels, in a band above the lanes; none for what the picture leaves out (a
  // launch long before the run would pile its lines on the left edge).
  const lines = eventLines(events)
    .filter((line) => line.event.t >= scale.start)
    .map((line) => ({ ...line, label: fitLabel(line.label, scale.x(line.event.t), width) }));
  const labelRows = stackLabels(
    lines.map((line) => ({ ...labelSpan(line.label, scale.x(line.event.t), width), x: scale.x(line.event.t) })),
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

  const legend = renderLegend(
    layout.padding,
    lanesBottom + layout.axisHeight + layout.legendGap,
    width - 2 * layout.padding,
  );
  const height = Math.ceil(lanesBottom + layout.axisHeight + layout.legendGap + legend.height + layout.padding);
  const name = options.title ?? 'Cluster timeline';

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(name)}">`,
    `<title>${escapeXml(name)}</title>`,
    `<style>${style}</style>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  // A title longer than the picture (a long command line, a run's name and why) is shortened; <title> keeps it whole.
  if (options.title)
    parts.push(
      text(
        layout.padding,
        layout.padding + 16,
        fitText(options.title, 15, width - 2 * layout.padding),
        'class="cc-title"',
      ),
    );

  // Lane backgrounds and labels first, so that grid, lines and marks are drawn over them.
  parts.push('<g class="cc-lane-backgrounds">');
  boxes.forEach((box, index) => {
    const fill = index % 2 === 0 ? markColors.laneStripe : '#ffffff';
    parts.push(
      `<rect x="${layout.padding}" y="${num(box.top)}" width="${width - 2 * layout.padding}" height="${num(box.height)}" fill="${fill}"/>`,
    );
    if (!box.process && index > 0) {
      parts.push(
        `<path d="M${layout.padding} ${num(box.top)}H${width - layout.padding}" stroke="#bdbdbd" stroke-dasharray="4 3"/>`,
      );
    }
  });
  parts.push('</g>');
  parts.push(renderAxis(scale, lanesTop, lanesBottom, span));
  parts.push(renderReloadBands(events, scale, lanesTop, lanesBottom));
  parts.push(renderEventLines(lines, labelRows, scale, bandTop + bandHeight, lanesBottom, width));
  if (empty) {
    parts.push(
      text(
        scale.left,
        lanesTop + layout.minLaneHeight / 2 + 4,
        'The history is empty: no process, no connection, nothing to draw.',
        'class="cc-lane-note"',
      ),
    );
  }
  for (const box of boxes) parts.push(renderLane(box, scale, highlight, events, end, stopped));
  parts.push(legend.svg, '</svg>');
  return parts.join('\n');
}

/** Grid lines over the lanes, tick labels and the axis title below them; left of it, what the picture leaves out. */
function renderAxis(scale: TimeScale, top: number, bottom: number, span: TimelineSpan): string {
  const parts: string[] = ['<g class="cc-axis">'];
  for (const tick of scale.ticks) {
    const x = num(scale.x(tick));
    parts.push(`<path d="M${x} ${num(top)}V${num(bottom + 4)}" stroke="${markColors.grid}" stroke-width="1"/>`);
    parts.push(text(scale.x(tick), bottom + 16, formatTick(tick, scale.step), 'class="cc-tick" text-anchor="middle"'));
  }
  parts.push(`<path d="M${num(scale.left)} ${num(bottom)}H${num(scale.right)}" stroke="#9e9e9e" stroke-width="1"/>`);
  const title = 'time since launch';
  parts.push(text(scale.right, bottom + 32, title, 'class="cc-tick" text-anchor="end"'));
  const note = span.leftOut && leftOutNote(span.leftOut, scale.right - textWidth(title, 10.5) - 16 - layout.padding);
  if (note) parts.push(text(layout.padding, bottom + 32, note, 'class="cc-tick cc-left-out"'));
  parts.push('</g>');
  return parts.join('');
}

/** What came before the run, said in the room there is (nothing when even the short form does not fit). */
function leftOutNote(leftOut: { from: number; to: number }, room: number): string | undefined {
  const ms = (t: number) => `${Math.round(t)} ms`;
  const notes = [
    `drawn from the run's start at ${ms(leftOut.to)}: the cluster's launch and wait before it (from ${ms(leftOut.from)}) are left out`,
    `from the run's start; ${ms(leftOut.from)}–${ms(leftOut.to)} left out`,
  ];
  return notes.find((note) => textWidth(note, 10.5) <= room);
}
