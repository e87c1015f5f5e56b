// The public API of both entry points, held in files beside this spec: a change to what the package exports is always
// deliberate (`npx vitest run specs/api -u`, then the diff is reviewed), and no public signature mentions a type the
// entry point does not export.

import { describe, expect, test } from 'vitest';
import { examplesOf, readPublicApis, typeCheckExamples } from './_public-api.js';

const entries = {
  'cluster-chaos': 'src/index.ts',
  'cluster-chaos/vitest': 'src/vitest/index.ts',
} as const;

const { program, apis } = readPublicApis(Object.values(entries));

describe.each(Object.entries(entries))('%s (%s)', (name, file) => {
  const api = apis.get(file)!;

  test('exports exactly the names in its API file', async () => {
    const text = [`# ${name}: ${api.exports.length} exports`, '', ...api.exports, ''].join('\n');
    await expect(text).toMatchFileSnapshot(`./${name.replace('/', '-')}.api.txt`);
  });

  test('exports every type its signatures mention', () => {
    expect(api.forgotten).toEqual([]);
  });
});

test('every function of the vitest entry point (the core, the fixture, the matchers) has an @example', () => {
  expect(apis.get(entries['cluster-chaos/vitest'])!.withoutExample).toEqual([]);
});

test('every @example of the vitest entry point type-checks as a user would write it', () => {
  const names = apis.get(entries['cluster-chaos/vitest'])!.exports.map((line) => line.split(':')[0]!);
  const examples = examplesOf(program, entries['cluster-chaos/vitest']);
  expect(examples.size).toBeGreaterThanOrEqual(5);
  expect(Object.fromEntries(typeCheckExamples(program, examples, names))).toEqual({});
}, 60_000);

test('the vitest entry point is the core plus the fixture and matchers, not the whole library', () => {
  const names = (file: string) => apis.get(file)!.exports.map((line) => line.split(':')[0]!);
  const root = new Set(names(entries['cluster-chaos']));
  const vitest = names(entries['cluster-chaos/vitest']);
  expect(vitest.length).toBeLessThan(root.size);
  expect(vitest.filter((name) => !root.has(name))).toEqual([
    'ClusterFixtures',
    'ClusterMatchers',
    'ClusterTestOptions',
    'HistorySource',
    'OrphanProcessesError',
    'clusterTest',
    'describeResilience',
  ]);
});
