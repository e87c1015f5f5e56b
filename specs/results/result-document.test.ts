// The `--json` result: every status and a sharded campaign valid against docs/result.schema.json; the verdict rules.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exitCodeOfStatus, overallStatus, resultSchemaVersion } from '../../src/results/result-document.js';
import { validate } from './_json-schema.js';
import { campaignOf, documentOf, results } from './_results.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8'));

describe('the result document', () => {
  test.each(Object.entries(results))('a %s campaign is valid against the published schema', (_status, make) => {
    expect(validate(documentOf(campaignOf(make)), schema)).toEqual([]);
  });

  test('a sharded campaign names its shard, and its paths and replay lines name it too', () => {
    const document = documentOf(campaignOf(results.fail, { shard: { index: 3, count: 4 } }));
    expect(validate(document, schema)).toEqual([]);
    const [campaign] = document.campaigns;
    expect(campaign!.shard).toEqual({ index: 3, count: 4 });
    expect(campaign!.problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^3\/4@/)]),
    );
    expect(campaign!.problems[0]!.replay).toContain(`--path ${campaign!.problems[0]!.path}`);
    expect(campaign!.replay).toContain('--shard 3/4');
  });

  test('each problem lists the cause of each failure (each lost connection), and the verdict and exit code', () => {
    const document = documentOf(campaignOf(results.fail));
    const [campaign] = document.campaigns;
    expect(document).toMatchObject({ format: 'cluster-chaos-result', schemaVersion: resultSchemaVersion });
    expect(document.status).toBe('fail');
    expect(document.exitCode).toBe(1);
    for (const problem of campaign!.problems) {
      expect(problem.failures.length).toBeGreaterThan(0);
      expect(problem.failures.map((failure) => failure.key)).toContain(problem.cause.key);
    }
  });

  test('several targets: one document, the worst status', () => {
    const document = documentOf(campaignOf(results.pass, { name: 'a' }), campaignOf(results.unknown, { name: 'b' }));
    expect(validate(document, schema)).toEqual([]);
    expect([document.status, document.exitCode]).toEqual(['unknown', 3]);
  });

  test('the validator finds what is wrong (so a pass above means something)', () => {
    const document = documentOf(campaignOf(results.pass)) as unknown as Record<string, unknown>;
    const broken = { ...document, status: 'maybe', extra: 1, campaigns: [{}] };
    delete (broken as Record<string, unknown>).tool;
    const errors = validate(broken, schema);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/: required property tool is missing',
        '/: property extra is not in the schema',
        expect.stringMatching(/^\/status: "maybe" is not one of/),
        '/campaigns/0: required property target is missing',
      ]),
    );
  });
});

describe('the verdict over campaigns (docs/campaigns.md)', () => {
  test.each([
    [['pass', 'pass'], 'pass'],
    [['pass', 'unknown'], 'unknown'],
    [['unknown', 'error'], 'error'],
    [['error', 'fail', 'unknown'], 'fail'],
  ] as const)('%j is %s', (statuses, expected) => {
    expect(overallStatus(statuses)).toBe(expected);
  });

  test('exit codes: 0 pass, 1 fail, 3 unknown, 4 error', () => {
    expect((['pass', 'fail', 'unknown', 'error'] as const).map(exitCodeOfStatus)).toEqual([0, 1, 3, 4]);
  });
});
