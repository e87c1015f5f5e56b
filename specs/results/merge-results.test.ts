// Merging shards' results: one verdict by the campaign rules, every shard's runs, and what cannot be merged refused.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Shard } from '../../src/property/shard-schedules.js';
import { campaignReportInput } from '../../src/results/campaign-report-input.js';
import { mergeResults, type ResultFile } from '../../src/results/merge-results.js';
import { ResultInputError, readResultDocument } from '../../src/results/read-result-document.js';
import type { ResultDocument } from '../../src/results/result-document.js';
import { validate } from './_json-schema.js';
import { asWritten, campaignOf, documentOf, results } from './_results.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8'));
const now = new Date('2026-12-01T13:00:00.000Z');
const of4 = (index: number): Shard => ({ index, count: 4 });

function shardFiles(statuses: (keyof typeof results)[], seed = 2026): ResultFile[] {
  return statuses.map((status, position) => ({
    file: `shard-${position + 1}.json`,
    document: documentOf(campaignOf(results[status], { shard: of4(position + 1), seed })),
  }));
}

describe('mergeResults', () => {
  test.each([
    [['pass', 'pass', 'pass', 'pass'], 'pass', 0],
    [['pass', 'unknown', 'pass', 'pass'], 'unknown', 3],
    [['pass', 'unknown', 'error', 'pass'], 'error', 4],
    [['pass', 'fail', 'error', 'unknown'], 'fail', 1],
  ] as const)('shards %j: %s, exit %i', (statuses, status, exitCode) => {
    const merged = mergeResults(shardFiles([...statuses]), '0.1.0', now);
    expect([merged.status, merged.exitCode, merged.campaigns[0]!.status]).toEqual([status, exitCode, status]);
    expect(validate(asWritten(merged), schema)).toEqual([]);
  });

  test('every shard’s runs, numbered on in shard order; totals over all of them; the longest shard’s duration', () => {
    const files = shardFiles(['pass', 'fail', 'pass', 'unknown']);
    const [merged] = mergeResults(files, '0.1.0', now).campaigns;
    const shards = files.map(({ document }) => document.campaigns[0]!);
    const runs = shards.reduce((sum, shard) => sum + shard.runs, 0);
    expect(merged!.runs).toBe(runs);
    expect(merged!.runLog.map((row) => row.index)).toEqual(Array.from({ length: runs }, (_, index) => index));
    expect(merged!.totals.runs).toBe(runs);
    expect(merged!.totals.connections.judged).toBe(
      shards.reduce((sum, shard) => sum + shard.runLog.reduce((n, row) => n + row.figures.connections.judged, 0), 0),
    );
    expect(merged!.durationMs).toBe(Math.max(...shards.map((shard) => shard.durationMs)));
    expect(merged!.shards).toEqual([1, 2, 3, 4].map(of4));
    expect(merged!.replay).toContain('--shard <i>/4');
  });

  test('one problem per cause: the smallest counterexample kept, its own replay line (naming its shard), sightings summed', () => {
    const files = shardFiles(['fail', 'fail', 'pass', 'pass']);
    const smaller = files[1]!.document.campaigns[0]!.problems[0]!;
    smaller.counterexample = [];
    const [merged] = mergeResults(files, '0.1.0', now).campaigns;
    const shardProblems = files.flatMap(({ document }) => document.campaigns[0]!.problems);
    expect(merged!.problems).toHaveLength(2);
    const kept = merged!.problems.find((problem) => problem.cause.key === smaller.cause.key)!;
    expect(kept.counterexample).toEqual([]);
    expect(kept.path).toMatch(/^2\/4@/);
    expect(kept.seenInRuns).toBe(
      shardProblems.filter((p) => p.cause.key === smaller.cause.key).reduce((n, p) => n + p.seenInRuns, 0),
    );
    expect(merged!.problems[0]!.cause.origin).toBe('app');
  });

  test('the merged report draws the first problem’s run (the very events of the document)', () => {
    const [merged] = mergeResults(shardFiles(['pass', 'fail', 'pass', 'pass']), '0.1.0', now).campaigns;
    const input = campaignReportInput(merged!);
    expect(input.events).toBe(input.problems![0]!.events);
    expect(input.target).toContain('(4 shards merged)');
    expect(input.runLog).toHaveLength(merged!.runs);
  });

  test('a missing shard: the campaign was not played in full, so no pass (error), but a problem still fails it', () => {
    const three = shardFiles(['pass', 'pass', 'pass', 'pass']).slice(0, 3);
    const merged = mergeResults(three, '0.1.0', now);
    expect([merged.status, merged.merged.missingShards]).toEqual(['error', ['fixtures/x/master.js shard 4/4']]);
    expect(merged.campaigns[0]!.harnessFailure?.message).toMatch(/shard 4\/4 of .* has no result/);
    expect(mergeResults(shardFiles(['fail', 'pass']), '0.1.0', now).status).toBe('fail');
  });

  test.each([
    [
      'different seeds',
      () => [...shardFiles(['pass']), ...shardFiles(['pass', 'pass'], 7).slice(1)],
      /different seeds/,
    ],
    [
      'different targets',
      () => [
        ...shardFiles(['pass']),
        { file: 'b.json', document: documentOf(campaignOf(results.pass, { shard: of4(2), name: 'other.js' })) },
      ],
      /different targets: shard-1.json has fixtures\/x\/master.js; b.json has other.js/,
    ],
    [
      'a shard twice',
      () => [...shardFiles(['pass']), { ...shardFiles(['pass'])[0]!, file: 'again.json' }],
      /shard 1\/4 is in both shard-1.json and again.json/,
    ],
    [
      'different shard counts',
      () => [
        ...shardFiles(['pass']),
        { file: 'c.json', document: documentOf(campaignOf(results.pass, { shard: { index: 2, count: 3 } })) },
      ],
      /different shard counts/,
    ],
  ])('%s: refused (bad input)', (_what, files, message) => {
    expect(() => mergeResults(files(), '0.1.0', now)).toThrow(ResultInputError);
    expect(() => mergeResults(files(), '0.1.0', now)).toThrow(message);
  });
});

describe('readResultDocument', () => {
  const text = JSON.stringify(documentOf(campaignOf(results.pass)));
  test('reads a result', () => {
    expect(readResultDocument(text, 'a.json').campaigns).toHaveLength(1);
  });

  test.each([
    ['not JSON', '{', /^a.json: not JSON/],
    ['another format', '{"format":"junit"}', /^a.json: not a cluster-chaos result/],
    [
      'another schema version',
      JSON.stringify({ ...(JSON.parse(text) as ResultDocument), schemaVersion: 2 }),
      /^a.json: schema version 2, this cluster-chaos reads version 1/,
    ],
    [
      'a bad shard',
      text.replace('"shard":null', '"shard":{"index":5,"count":4}'),
      /campaigns\[0\]\.shard must be null or/,
    ],
  ])('refuses %s, naming the file', (_what, content, message) => {
    expect(() => readResultDocument(content, 'a.json')).toThrow(message);
  });
});
