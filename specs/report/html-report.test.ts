// The HTML report: one self-contained page with the verdict, the schedule, how to replay, the timeline and the evidence.

import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/history/format.js';
import { formatStep } from '../../src/property/schedule.js';
import { statusColors } from '../../src/report/_internals/palette.js';
import { renderHtmlReport } from '../../src/report/index.js';
import { byClass, findAll, parseXml, textOf, type XmlElement } from './_xml.js';
import { failingReport, originalSchedule, passingReport, shrunkSchedule } from './_reports.js';

function page(html: string): XmlElement {
  // The page is written as well-formed markup (void elements self-closed), so the strict checker reads it whole.
  return parseXml(html);
}

function section(root: XmlElement, className: string): XmlElement {
  const found = byClass(root, className)[0];
  if (!found) throw new Error(`no .${className} in the page`);
  return found;
}

describe('renderHtmlReport', () => {
  it('is one self-contained page: no script, nothing loaded from elsewhere', () => {
    const html = renderHtmlReport(failingReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const root = page(html);
    expect(root.name).toBe('html');
    expect(findAll(root, (element) => ['script', 'link', 'img', 'iframe', 'object'].includes(element.name))).toEqual(
      [],
    );
    expect(findAll(root, (element) => 'src' in element.attributes || 'href' in element.attributes)).toEqual([]);
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(findAll(root, (element) => element.name === 'style')).toHaveLength(2); // the page's and the picture's
  });

  it('leads with the verdict in its colour and the failing invariant with its message', () => {
    const report = failingReport();
    const root = page(renderHtmlReport(report));
    const header = findAll(root, (element) => element.name === 'header')[0]!;
    expect(header.attributes['data-status']).toBe('fail');
    expect(textOf(section(header, 'badge'))).toBe('FAIL');
    expect(textOf(findAll(header, (element) => element.name === 'h1')[0]!)).toBe('every-connection-answered');
    expect(textOf(section(header, 'message'))).toBe(report.verdicts[0]!.message);
    expect(textOf(findAll(root, (element) => element.name === 'title')[0]!)).toBe(
      'cluster-chaos: FAIL every-connection-answered',
    );
    expect(renderHtmlReport(report)).toContain(`border-left-color: ${statusColors.fail}`);
  });

  it('states the target, workers, protocol, runs, shrinks, seed, path and duration', () => {
    const facts = section(page(renderHtmlReport(failingReport())), 'facts');
    const pairs = findAll(facts, (element) => element.name === 'div').map((div) => textOf(div));
    expect(pairs).toEqual([
      'Targetfixtures/x/master.js',
      'Workers2',
      'ProtocolTCP',
      'Runs3',
      'Shrinks5',
      'Seed42',
      'Path"0:1:1"',
      'Duration12.3 s',
    ]);
  });

  it('gives the replay line in a <pre> to copy, and the shrunk and original schedules', () => {
    const report = failingReport();
    const root = page(renderHtmlReport(report));
    const replay = findAll(root, (element) => element.name === 'pre' && element.attributes.class === 'replay')[0]!;
    expect(textOf(replay)).toBe(report.replay);
    const schedule = section(root, 'schedule');
    expect(textOf(findAll(schedule, (element) => element.name === 'h2')[0]!)).toBe(
      'Counterexample (shrunk 5 times, from 6 steps to 2)',
    );
    const [shrunk, original] = findAll(schedule, (element) => element.name === 'pre').map(textOf);
    expect(shrunk!.split('\n')).toEqual(shrunkSchedule.map((step, index) => `${index + 1}. ${formatStep(step)}`));
    expect(original!.split('\n')).toEqual(originalSchedule.map((step, index) => `${index + 1}. ${formatStep(step)}`));
  });

  it('embeds the timeline, with the connections of the failing evidence drawn bold', () => {
    const report = failingReport();
    const root = page(renderHtmlReport(report));
    const svg = findAll(section(root, 'timeline'), (element) => element.name === 'svg')[0]!;
    expect(byClass(svg, 'cc-lane')).toHaveLength(4);
    const bold = byClass(svg, 'cc-connection').filter((element) => element.attributes['data-highlight'] === 'true');
    const lostClose = report.verdicts[0]!.evidence.find((event) => event.type === 'connection-close');
    expect(bold.map((element) => element.attributes['data-connection'])).toEqual([
      String(lostClose?.type === 'connection-close' ? lostClose.connection : -1),
    ]);
  });

  it('lists every invariant with its status and message, and the evidence formatted', () => {
    const report = failingReport();
    const rows = findAll(section(page(renderHtmlReport(report)), 'invariants'), (element) => element.name === 'tr');
    expect(rows.map((row) => [row.attributes['data-invariant'], row.attributes['data-status']])).toEqual([
      ['every-connection-answered', 'fail'],
      ['worker-count-restored', 'pass'],
      ['master-survived', 'pass'],
    ]);
    const evidence = findAll(rows[0]!, (element) => element.name === 'details')[0]!;
    expect(evidence.attributes.open).toBe('');
    expect(textOf(findAll(evidence, (element) => element.name === 'pre')[0]!)).toBe(
      report.verdicts[0]!.evidence.map(formatEvent).join('\n'),
    );
    // A passing verdict's evidence is there, folded.
    expect(findAll(rows[1]!, (element) => element.name === 'details')[0]!.attributes.open).toBeUndefined();
  });

  it('shows the app’s output escaped, and the full history', () => {
    const outputTail = 'ready\n<script>alert("x")</script> & done\n';
    const report = failingReport({ outputTail });
    const html = renderHtmlReport(report);
    expect(html).not.toContain('<script>');
    const root = page(html);
    expect(textOf(findAll(section(root, 'output'), (element) => element.name === 'pre')[0]!)).toBe(
      'ready\n<script>alert("x")</script> & done',
    );
    const history = section(root, 'history');
    expect(textOf(findAll(history, (element) => element.name === 'h2')[0]!)).toBe(
      `Full history (${report.events.length} events)`,
    );
    expect(textOf(findAll(history, (element) => element.name === 'pre')[0]!)).toBe(
      report.events.map(formatEvent).join('\n'),
    );
  });

  it('reports a pass in green, naming how many invariants held, with no counterexample', () => {
    const html = renderHtmlReport(passingReport());
    const root = page(html);
    const header = findAll(root, (element) => element.name === 'header')[0]!;
    expect(header.attributes['data-status']).toBe('pass');
    expect(textOf(findAll(header, (element) => element.name === 'h1')[0]!)).toBe('Every invariant held (2 checked)');
    expect(html).not.toContain('Counterexample');
    expect(textOf(findAll(section(root, 'schedule'), (element) => element.name === 'h2')[0]!)).toBe(
      'Schedule (last run)',
    );
    expect(byClass(root, 'replay')).toEqual([]);
  });

  it('renders an empty history and no verdicts without throwing', () => {
    const root = page(
      renderHtmlReport({ target: 'x.js', workers: 1, protocol: 'tcp', status: 'unknown', verdicts: [], events: [] }),
    );
    expect(textOf(section(root, 'history'))).toContain('The history is empty.');
    expect(textOf(section(root, 'invariants'))).toContain('No invariant was checked.');
  });
});
