// Scenarios that go wrong with a cluster up: a failing assertion, and a test that times out. Not part of npm test:
// teardown.chaos.test.ts runs them in a child vitest and checks that every cluster process is gone afterwards.
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { clusterTest } from '../../../src/vitest/index.js';

const test = clusterTest({ topology: 'corrected/round-robin', workers: 2 });

function note(pids: number[]): void {
  appendFileSync(process.env.SCENARIO_PIDS_FILE!, `${pids.join(' ')}\n`);
}

test('fails with a cluster up', async ({ cluster }) => {
  note(cluster.processes.map((process) => process.pid));
  expect(cluster.workers).toHaveLength(3);
});

test('times out with a cluster up', async ({ cluster }) => {
  note(cluster.processes.map((process) => process.pid));
  await new Promise(() => {});
});
