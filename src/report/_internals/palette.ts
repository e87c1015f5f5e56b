// The colours of the reports: one per connection outcome, per verdict status, per kind of timeline event.

import type { ConnectionOutcome, ProcessRole } from '../../history/events.js';
import type { VerdictStatus } from '../../invariants/verdict.js';

/** Answered is green; the losses are reds and oranges, darkest for the hardest failure. */
export const outcomeColors: Readonly<Record<ConnectionOutcome, string>> = {
  answered: '#2e9e5b',
  refused: '#8e0000',
  reset: '#e53935',
  'closed-empty': '#f57c00',
  timeout: '#b8570b',
};

/** A connection the client gave up on purpose: neither an answer nor a loss. */
export const abortedColor = '#9e9e9e';

/** A misbehaving client's connection (a client fault): its conduct is part of its outcome, neither an answer nor a loss. */
export const clientFaultColor = '#c2185b';

/** A connection with no outcome in the history (still open at its end). */
export const openColor = '#757575';

export const statusColors: Readonly<Record<VerdictStatus, string>> = {
  pass: '#2e7d32',
  unknown: '#a15c00',
  fail: '#c62828',
};

/** Process bars: a light fill so that markers and connections on top of them stand out. */
export const roleColors: Readonly<Record<ProcessRole, { fill: string; stroke: string }>> = {
  master: { fill: '#c5cae9', stroke: '#3949ab' },
  worker: { fill: '#cfd8dc', stroke: '#546e7a' },
  launcher: { fill: '#e0e0e0', stroke: '#757575' },
  other: { fill: '#eeeeee', stroke: '#9e9e9e' },
};

/** Timeline markers and the vertical lines of cluster-wide events. */
export const markColors = {
  ready: '#2e7d32',
  fault: '#d50000',
  exitClean: '#424242',
  exitAbnormal: '#b71c1c',
  orphan: '#6a1b9a',
  clusterReady: '#1e88e5',
  stop: '#616161',
  reload: '#8e24aa',
  mark: '#00897b',
  text: '#212121',
  mutedText: '#616161',
  grid: '#e6e6e6',
  laneStripe: '#f7f8fa',
} as const;

/** The outcomes that are a loss (every outcome but `answered`). */
export function isLoss(outcome: ConnectionOutcome): boolean {
  return outcome !== 'answered';
}
