// The bar of one process's life on a timeline lane: its span, ready diamonds, fault bolts, its end and an orphan dot.

import type { Millis, ProcessExitEvent } from '../../history/events.js';
import { formatEvent } from '../../history/format.js';
import { num } from './escape-xml.js';
import { assignRows, textWidth } from './label-rows.js';
import { markColors, roleColors } from './palette.js';
import type { ProcessLane } from './process-lanes.js';
import { bolt, diamond, exitSquare, orphanDot, text, titled } from './svg-glyphs.js';
import { layout } from './timeline-layout.js';
import type { TimeScale } from './time-scale.js';

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

/** The bar of a process's life and its markers: ready diamonds, fault bolts, the exit square, an orphan dot. */
export function renderProcess(
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
