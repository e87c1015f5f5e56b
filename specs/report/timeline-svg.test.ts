// The timeline picture: one lane per process, faults, exits and connections where they happened, valid XML at any size.

import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { formatEvent } from '../../src/history/format.js';
import { textWidth } from '../../src/report/_internals/label-rows.js';
import { outcomeColors } from '../../src/report/_internals/palette.js';
import { renderTimelineSvg } from '../../src/report/index.js';
import { byClass, findAll, parseXml, textOf, tooltipOf, type XmlElement } from './_xml.js';
import { crashHistory, history, spareClusterRun } from './_histories.js';

function lanesOf(svg: XmlElement): XmlElement[] {
  return byClass(svg, 'cc-lane');
}

function laneOf(svg: XmlElement, pid: number): XmlElement {
  const lane = lanesOf(svg).find((element) => element.attributes['data-pid'] === String(pid));
  if (!lane) throw new Error(`no lane for pid ${pid}`);
  return lane;
}

function connectionsOf(root: XmlElement): XmlElement[] {
  return byClass(root, 'cc-connection');
}

describe('renderTimelineSvg', () => {
  const { events, lostIds } = crashHistory();

  it('is one well-formed, self-contained SVG document', () => {
    const source = renderTimelineSvg(events, { title: 'crash of the oldest worker' });
    const svg = parseXml(source);
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(svg.attributes.width)).toBe(1200);
    expect(Number(svg.attributes.height)).toBeGreaterThan(100);
    // Nothing fetched: no external reference of any kind.
    expect(
      findAll(
        svg,
        (element) => 'href' in element.attributes || 'xlink:href' in element.attributes || element.name === 'image',
      ),
    ).toEqual([]);
    expect(textOf(byClass(svg, 'cc-title')[0]!)).toBe('crash of the oldest worker');
  });

  it('shortens a title longer than the picture; the picture keeps it whole as its accessible name', () => {
    const title =
      'fixtures/corrected/restart/master.js: PASS, run 38 of 100, the run with the most faults landed (3: 1 SIGTERM, 1 uncaught-exception, 1 SIGKILL)';
    const svg = parseXml(renderTimelineSvg(events, { title, width: 700 }));
    const drawn = textOf(byClass(svg, 'cc-title')[0]!);
    expect(drawn.endsWith('…')).toBe(true);
    expect(title.startsWith(drawn.slice(0, -1))).toBe(true);
    expect(textWidth(drawn, 15)).toBeLessThanOrEqual(700 - 32);
    expect(svg.attributes['aria-label']).toBe(title);
  });

  it('draws one lane per process labelled with role and pid: master first, then workers in start order', () => {
    const svg = parseXml(renderTimelineSvg(events));
    const lanes = lanesOf(svg);
    expect(lanes.map((lane) => lane.attributes['data-pid'])).toEqual(['100', '101', '102', '103']);
    expect(lanes.map((lane) => textOf(byClass(lane, 'cc-lane-label')[0]!))).toEqual([
      'master 100',
      'worker 101',
      'worker 102',
      'worker 103',
    ]);
    // Every lane has its life bar, whose tooltip is the process's own events.
    for (const lane of lanes) expect(byClass(lane, 'cc-bar')).toHaveLength(1);
    expect(tooltipOf(byClass(laneOf(svg, 101), 'cc-bar')[0]!)).toContain('worker 101 exited (signal SIGKILL)');
  });

  it('puts processes of other roles below the workers, and a worker seen only by its connections gets a lane too', () => {
    const mixed = history()
      .start(7, 'launcher', 0, { command: 'npx node master.js' })
      .start(10, 'master', 5)
      .worker(11, 30)
      .worker(12, 20)
      .connection({ at: 60, pid: 13 }).events;
    const lanes = lanesOf(parseXml(renderTimelineSvg(mixed)));
    expect(lanes.map((lane) => `${lane.attributes['data-role']} ${lane.attributes['data-pid']}`)).toEqual([
      'master 10',
      'worker 12',
      'worker 11',
      'launcher 7',
      'other 13',
    ]);
  });

  it("says what is known at a process's end, never 'exit ?': signal, code, the fault that ended it, the stop, or still running", () => {
    const unknownStatus = (pid: number, t: number): HistoryEvent => ({
      type: 'process-exit',
      t,
      pid,
      role: 'worker',
      code: null,
      signal: null,
    });
    const stopped = history()
      .start(1, 'master', 0)
      .worker(2, 10)
      .worker(3, 10)
      .worker(4, 10)
      .fault({ at: 100, pid: 2, kind: 'ipc-disconnect' })
      .raw(unknownStatus(2, 104))
      .exit(3, 120, 'worker', null, 3)
      .stop(200)
      .raw(unknownStatus(4, 230))
      .exit(1, 240, 'master', 'SIGTERM').events;
    const endLabels = (svg: XmlElement, pid: number) => byClass(laneOf(svg, pid), 'cc-end-label').map(textOf);
    const svg = parseXml(renderTimelineSvg(stopped));
    expect(endLabels(svg, 2)).toEqual(['ended by fault #1']);
    expect(endLabels(svg, 3)).toEqual(['exit 3']);
    expect(endLabels(svg, 4)).toEqual(['ended at the stop']);
    expect(endLabels(svg, 1)).toEqual(['signal SIGTERM']);

    const running = history().start(1, 'master', 0).worker(2, 10).raw(unknownStatus(2, 50)).worker(3, 60).events;
    const open = parseXml(renderTimelineSvg(running));
    expect(endLabels(open, 2)).toEqual(['ended (status unknown)']);
    expect(endLabels(open, 3)).toEqual(['still running']);
    expect(endLabels(open, 1)).toEqual(['still running']);
    expect(byClass(laneOf(open, 3), 'cc-bar').map(tooltipOf)[0]).toContain(
      'pid 3: still running at the end of this history',
    );
    for (const picture of [svg, open]) expect(textOf(picture)).not.toContain('?');
  });

  it('draws a slice of a history (a run on a reused cluster) over its own span, processes already running from its left edge', () => {
    const slice = history()
      .ready(10, [11, 12], 20_000)
      .answered([11, 12], 20_010, 6, 10)
      .fault({ at: 20_050, pid: 11 })
      .exit(11, 20_051)
      .worker(13, 20_060, 30, 10)
      .mark(20_200, 'run end').events;
    const svg = parseXml(renderTimelineSvg(slice));
    const ticks = byClass(svg, 'cc-tick')
      .map(textOf)
      .filter((label) => label.endsWith('ms'));
    expect(ticks[0]).toBe('20000 ms');
    expect(ticks.at(-1)).toBe('20200 ms');
    const barLeft = (pid: number) => Number(byClass(laneOf(svg, pid), 'cc-bar')[0]!.attributes.x);
    expect(barLeft(10)).toBe(barLeft(11));
    expect(barLeft(12)).toBe(barLeft(10));
    expect(barLeft(13)).toBeGreaterThan(barLeft(10) + 100);
    expect(tooltipOf(byClass(laneOf(svg, 12), 'cc-bar')[0]!)).toContain(
      'pid 12: already running when this history begins',
    );
  });

  it('draws a run on a fresh cluster started long before it over the run, not as a sliver at the end of an axis from 0', () => {
    // A spare cluster launched at 0 and ready at 300 ms waits until a 9 ms run takes it at 20 s.
    const started = spareClusterRun();
    const svg = parseXml(renderTimelineSvg(started));
    const ticks = byClass(svg, 'cc-tick')
      .map(textOf)
      .filter((label) => label.endsWith(' ms'));
    expect(ticks[0]).toBe('20000 ms');
    expect(ticks.at(-1)).toBe('20009 ms');
    // The run's connections spread over most of the plot (176 to 1088 px), none at its edges.
    const opened = byClass(svg, 'cc-connection').map((connection) =>
      Number(findAll(connection, (element) => element.name === 'circle')[0]!.attributes.cx),
    );
    expect(Math.min(...opened)).toBeGreaterThan(176);
    expect(Math.max(...opened) - Math.min(...opened)).toBeGreaterThan(0.5 * (1088 - 176));
    // The launch is left out and said so; its lines and ready marks are not piled on the left edge.
    expect(byClass(svg, 'cc-event').map((line) => line.attributes['data-event'])).toEqual(['mark', 'mark']);
    expect(byClass(svg, 'cc-ready')).toEqual([]);
    expect(textOf(byClass(svg, 'cc-left-out')[0]!)).toBe(
      "drawn from the run's start at 20000 ms: the cluster's launch and wait before it (from 0 ms) are left out",
    );
    expect(tooltipOf(byClass(laneOf(svg, 2), 'cc-bar')[0]!)).toContain('worker 2 ready');
    // A narrow picture says it shortly.
    expect(textOf(byClass(parseXml(renderTimelineSvg(started, { width: 600 })), 'cc-left-out')[0]!)).toBe(
      "from the run's start; 0 ms–20000 ms left out",
    );
  });

  it('never lets two labels above the lanes overlap, however crowded, and keeps each inside the picture', () => {
    const width = 600;
    const crowded = history().start(1, 'master', 0).worker(2, 5).worker(3, 5).ready(1, [2, 3], 20);
    for (let index = 0; index < 12; index++) {
      crowded.mark(
        3000 + index * 3,
        `step ${index + 1}: burst 9 connections (6 at once), SIGTERM on the newest worker in flight after 8`,
      );
      crowded.fault({
        at: 3001 + index * 3,
        pid: 2,
        kind: index % 2 === 0 ? 'uncaught-exception' : 'SIGKILL',
        landsAt: null,
      });
    }
    crowded.mark(3100, 'settled: final burst').mark(3110, 'run end').stop(3120).stopped(3130);
    const svg = parseXml(renderTimelineSvg(crowded.events, { width }));
    const labels = byClass(svg, 'cc-event-label').map((label) => {
      const x = Number(label.attributes.x);
      const labelWidth = textWidth(textOf(label), 10.5);
      const left = label.attributes['text-anchor'] === 'end' ? x - labelWidth : x;
      return { y: Number(label.attributes.y), left, right: left + labelWidth, text: textOf(label) };
    });
    expect(labels.length).toBeGreaterThan(4);
    for (const [index, a] of labels.entries()) {
      expect(a.left, a.text).toBeGreaterThanOrEqual(0);
      expect(a.right, a.text).toBeLessThanOrEqual(width);
      for (const b of labels.slice(index + 1)) {
        if (Math.abs(a.y - b.y) >= 10.5) continue;
        expect(a.right <= b.left || b.right <= a.left, `"${a.text}" and "${b.text}" overlap`).toBe(true);
      }
    }
    // No line runs through a label: a line goes from its own label's top down to the lanes.
    const paths = byClass(svg, 'cc-event').map(
      (line) => /M([\d.]+) ([\d.]+)V/.exec(line.attributes.d!)!.slice(1).map(Number) as [number, number],
    );
    for (const label of labels) {
      for (const [x, top] of paths) {
        const own =
          label.left - 3 === x ||
          label.right + 3 === x ||
          Math.abs(x - (label.left - 3)) < 0.01 ||
          Math.abs(x - (label.right + 3)) < 0.01;
        if (own || top > label.y) continue;
        expect(x < label.left - 1 || x > label.right + 1, `a line at ${x} runs through "${label.text}"`).toBe(true);
      }
    }
    // A label too long for either side of its line is shortened; its line's tooltip keeps the whole event.
    expect(labels.some((label) => label.text.endsWith('…'))).toBe(true);
    // Every label is drawn after every line, so that no later line crosses an earlier label.
    const drawn = byClass(svg, 'cc-events')[0]!.children.filter(
      (child): child is XmlElement => typeof child !== 'string',
    );
    const lastLine = drawn.map((element) => element.attributes.class).lastIndexOf('cc-event');
    const firstLabel = drawn.map((element) => element.attributes.class).indexOf('cc-event-label');
    expect(lastLine).toBeLessThan(firstLabel);
  });

  it('marks each landed fault with a bolt whose label and tooltip name its kind', () => {
    const twoFaults = history()
      .start(1, 'master', 0)
      .worker(2, 10)
      .worker(3, 10)
      .fault({ at: 100, pid: 2, kind: 'SIGKILL' })
      .fault({ at: 200, pid: 3, kind: 'hang' })
      .fault({ at: 250, pid: 3, kind: 'SIGTERM', landsAt: null }).events;
    const svg = parseXml(renderTimelineSvg(twoFaults));
    const bolts = byClass(svg, 'cc-fault');
    expect(bolts).toHaveLength(2);
    expect(byClass(laneOf(svg, 2), 'cc-fault')).toHaveLength(1);
    const landed = twoFaults.filter((event) => event.type === 'fault-landed');
    expect(bolts.map(tooltipOf)).toEqual(landed.map(formatEvent));
    const labels = byClass(laneOf(svg, 3), 'cc-marker-label').map(textOf);
    expect(labels).toContain('fault #2 hang');
    // The requested-but-never-landed SIGTERM is a dashed line, not a bolt.
    const requested = byClass(svg, 'cc-event').filter((line) => line.attributes['data-event'] === 'fault-requested');
    expect(requested).toHaveLength(3);
  });

  it('marks readiness and exits, with the exit signal or code as a label', () => {
    const svg = parseXml(renderTimelineSvg(events));
    expect(byClass(laneOf(svg, 103), 'cc-ready')).toHaveLength(1);
    expect(byClass(svg, 'cc-ready')).toHaveLength(3);
    const killed = laneOf(svg, 101);
    expect(byClass(killed, 'cc-exit')).toHaveLength(1);
    expect(byClass(killed, 'cc-marker-label').map(textOf)).toEqual(['signal SIGKILL', 'fault #1 SIGKILL']);
    expect(byClass(laneOf(svg, 102), 'cc-marker-label').map(textOf)).toContain('exit 0');
  });

  it('draws each connection on the lane of the process it was attributed to, lost ones in their loss colour', () => {
    const svg = parseXml(renderTimelineSvg(events));
    expect(connectionsOf(svg)).toHaveLength(12);
    const [reset, closedEmpty] = lostIds;
    const onWorker = connectionsOf(laneOf(svg, 101)).find(
      (element) => element.attributes['data-connection'] === String(reset),
    );
    expect(onWorker?.attributes.stroke).toBe(outcomeColors.reset);
    const onMaster = connectionsOf(laneOf(svg, 100));
    expect(onMaster.map((element) => element.attributes['data-connection'])).toEqual([String(closedEmpty)]);
    expect(onMaster[0]!.attributes.stroke).toBe(outcomeColors['closed-empty']);
    const answered = connectionsOf(svg).filter((element) => element.attributes['data-outcome'] === 'answered');
    expect(answered).toHaveLength(10);
    for (const element of answered) expect(element.attributes.stroke).toBe(outcomeColors.answered);
    expect(outcomeColors.reset).not.toBe(outcomeColors.answered);
  });

  it('draws highlighted connections bold and numbered, and only those', () => {
    const svg = parseXml(renderTimelineSvg(events, { highlight: lostIds }));
    const bold = connectionsOf(svg).filter((element) => element.attributes['data-highlight'] === 'true');
    expect(bold.map((element) => Number(element.attributes['data-connection'])).sort((a, b) => a - b)).toEqual(lostIds);
    for (const element of connectionsOf(svg)) {
      expect(Number(element.attributes['stroke-width'])).toBe(bold.includes(element) ? 3 : 1.6);
    }
    const numbers = byClass(svg, 'cc-marker-label')
      .map(textOf)
      .filter((label) => label.startsWith('#'));
    expect(numbers.sort()).toEqual(lostIds.map((id) => `#${id}`));
  });

  it('puts connections no process reported on an "unattributed" lane at the bottom; client aborts are grey', () => {
    const unattributed = history()
      .start(1, 'master', 0)
      .worker(2, 10)
      .connection({ at: 50, pid: 2 })
      .connection({ at: 60, outcome: 'refused', lasts: 1 })
      .connection({ at: 70, outcome: 'timeout', lasts: 100, clientAborted: true })
      .connection({ at: 80, lasts: null }).events;
    const svg = parseXml(renderTimelineSvg(unattributed));
    const lanes = lanesOf(svg);
    const last = lanes.at(-1)!;
    expect(last.attributes['data-unattributed']).toBe('true');
    expect(textOf(last)).toContain('unattributed');
    const outcomes = connectionsOf(last).map((element) => element.attributes['data-outcome']);
    expect(outcomes).toEqual(['refused', 'client-aborted', 'open']);
    expect(connectionsOf(last)[1]!.attributes.stroke).toBe('#9e9e9e');
    expect(tooltipOf(connectionsOf(last)[2]!)).toContain('never closed');
  });

  it('draws cluster-wide events as labelled vertical lines, each with its formatted event as tooltip', () => {
    const wide = history()
      .start(1, 'master', 0)
      .worker(2, 10)
      .ready(1, [2], 40)
      .fault({ at: 100, pid: 2 })
      .reload(200, 400)
      .mark(450, 'settle')
      .stop(600)
      .stopped(700).events;
    const svg = parseXml(renderTimelineSvg(wide));
    const lines = byClass(svg, 'cc-event');
    expect(lines.map((line) => line.attributes['data-event'])).toEqual([
      'cluster-ready',
      'fault-requested',
      'reload',
      'reload',
      'mark',
      'stop-requested',
      'stopped',
    ]);
    for (const line of lines) expect(line.attributes['stroke-dasharray']).toBeTruthy();
    const lineEvents = wide.filter((event) =>
      ['cluster-ready', 'fault-requested', 'reload', 'mark', 'stop-requested', 'stopped'].includes(event.type),
    );
    expect(lines.map(tooltipOf)).toEqual(lineEvents.map(formatEvent));
    expect(byClass(svg, 'cc-event-label').map(textOf)).toEqual([
      'cluster ready',
      'fault #1: SIGKILL',
      'reload start',
      'reload end',
      'settle',
      'stop requested',
      'stopped',
    ]);
    expect(byClass(svg, 'cc-reload')).toHaveLength(1);
  });

  it('gives every drawn mark a tooltip', () => {
    const svg = parseXml(renderTimelineSvg(events, { highlight: lostIds }));
    const marks = ['cc-bar', 'cc-ready', 'cc-fault', 'cc-exit', 'cc-connection', 'cc-event'].flatMap((name) =>
      byClass(svg, name),
    );
    expect(marks.length).toBeGreaterThan(20);
    for (const mark of marks) expect(tooltipOf(mark), mark.name).toBeTruthy();
    // A connection's tooltip tells its whole story: opened, received by whom, closed how.
    const lost = connectionsOf(svg).find((element) => element.attributes['data-connection'] === String(lostIds[0]))!;
    expect(tooltipOf(lost)!.split('\n')).toEqual(
      events
        .filter(
          (event) =>
            ('connection' in event && event.connection === lostIds[0]) ||
            (event.type === 'connection-handled' && event.clientPort === clientPortOf(events, lostIds[0]!)),
        )
        .map(formatEvent),
    );
  });

  it('escapes <, & and " wherever text from the history appears', () => {
    const nasty = 'a<b> & "c" \'d\'';
    const hostile = history()
      .start(1, 'master', 0, { command: `node -e "${nasty}"` })
      .mark(10, nasty)
      .stop(20).events;
    const source = renderTimelineSvg(hostile, { title: nasty });
    expect(source).not.toContain(nasty);
    expect(source).not.toContain('<b>');
    const svg = parseXml(source);
    expect(byClass(svg, 'cc-event-label').map(textOf)).toContain(nasty);
    expect(textOf(byClass(svg, 'cc-title')[0]!)).toBe(nasty);
    expect(svg.attributes['aria-label']).toBe(nasty);
    expect(tooltipOf(byClass(svg, 'cc-bar')[0]!)).toContain(`node -e "${nasty}"`);
  });

  it('draws a legend naming every connection outcome', () => {
    const legend = byClass(parseXml(renderTimelineSvg(events)), 'cc-legend')[0]!;
    const words = textOf(legend);
    for (const label of [
      'answered',
      'refused',
      'reset',
      'closed-empty',
      'timeout',
      'client aborted',
      'fault landed',
      'cluster ready',
    ]) {
      expect(words).toContain(label);
    }
  });

  it('renders an empty history as a well-formed picture that says it is empty', () => {
    const svg = parseXml(renderTimelineSvg([]));
    expect(lanesOf(svg)).toEqual([]);
    expect(textOf(svg)).toContain('The history is empty');
    expect(byClass(svg, 'cc-axis')).toHaveLength(1);
  });

  it('keeps a 5000-connection history under 1.5 MB, answered ones as density strips, every loss drawn on its own', () => {
    const builder = history().start(1, 'master', 0).worker(2, 10).worker(3, 10).ready(1, [2, 3], 50);
    const lost: number[] = [];
    for (let index = 0; index < 5000; index++) {
      const at = 100 + index * 2;
      if (index % 100 === 50)
        builder.connection({ at, lasts: 20, outcome: 'reset', pid: index % 2 === 0 ? 2 : 3 }, (id) => lost.push(id));
      else builder.connection({ at, lasts: 3, pid: index % 2 === 0 ? 2 : 3 });
    }
    const many = builder.fault({ at: 5000, pid: 2 }).exit(2, 5001).events;
    const source = renderTimelineSvg(many, { highlight: [lost[0]!] });
    expect(Buffer.byteLength(source)).toBeLessThan(1.5 * 1024 * 1024);
    const svg = parseXml(source);
    const drawn = connectionsOf(svg);
    expect(drawn.map((element) => Number(element.attributes['data-connection'])).sort((a, b) => a - b)).toEqual(lost);
    expect(drawn.every((element) => element.attributes['data-outcome'] === 'reset')).toBe(true);
    expect(byClass(svg, 'cc-strip')).toHaveLength(2);
    expect(tooltipOf(byClass(svg, 'cc-strip')[0]!.children[0] as XmlElement)).toMatch(
      /answered connections? opened between/,
    );
  });
});

function clientPortOf(events: readonly HistoryEvent[], connection: number): number | undefined {
  const connected = events.find((event) => event.type === 'connection-connected' && event.connection === connection);
  return connected?.type === 'connection-connected' ? connected.clientPort : undefined;
}
