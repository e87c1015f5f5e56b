// Misbehaving clients in the reports: their own colour and a cross on the timeline, in the legend, never counted lost.

import { describe, expect, it } from 'vitest';
import { history } from '../invariants/_build.js';
import { clientFaultColor } from '../../src/report/_internals/palette.js';
import { renderTimelineSvg } from '../../src/report/index.js';
import { byClass, parseXml, textOf, tooltipOf } from './_xml.js';

const events = history()
  .ready(100, [101, 102])
  .connection({ id: 1, at: 10, closeAt: 20, pid: 101 })
  .connection({
    id: 2,
    at: 12,
    closeAt: 1012,
    outcome: 'closed-empty',
    pid: 101,
    clientFault: { kind: 'stall', bytes: 9 },
    clientFaultAt: 13,
  })
  .connection({ id: 3, at: 14, closeAt: 40, outcome: 'reset', pid: 101 })
  .stop(1500)
  .stopped(1600).events;

describe('client faults on the timeline', () => {
  const svg = parseXml(renderTimelineSvg(events));
  const connection = (id: number) =>
    byClass(svg, 'cc-connection').find((element) => element.attributes['data-connection'] === String(id))!;

  it("draws a misbehaving client's connection in its own colour, with a cross where its fault took effect", () => {
    const faulted = connection(2);
    expect(faulted.attributes['data-client-fault']).toBe('stall');
    expect(faulted.attributes.stroke).toBe(clientFaultColor);
    const [cross] = byClass(faulted, 'cc-client-fault');
    expect(tooltipOf(cross!)).toBe('client fault: stall after 9 bytes, took effect at 13.0 ms');
    expect(tooltipOf(faulted)).toContain('misbehaving client: stall after 9 bytes');
    expect(connection(3).attributes['data-client-fault']).toBeUndefined();
  });

  it('counts only the plain loss as lost on the lane, and the legend names misbehaving clients', () => {
    const lane = byClass(svg, 'cc-lane').find((element) => element.attributes['data-pid'] === '101')!;
    expect(textOf(byClass(lane, 'cc-lane-note')[0]!)).toBe('3 connections · 1 lost');
    expect(textOf(byClass(svg, 'cc-legend')[0]!)).toContain('misbehaving client (× its fault)');
  });
});
