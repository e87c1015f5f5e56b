// The opt-in invariant "restart latency": from a worker's fault to its replacement being ready, p95 within a bound.

import type { HistoryEvent, Millis, WorkerReadyEvent } from '../history/events.js';
import { count, describeFault, evidenceOf, formatMs, listFirst } from './_internals/evidence.js';
import { faultKills, landedFaults, type LandedFault } from './_internals/faults.js';
import { liveWorkersAt, workerLives } from './_internals/processes.js';
import { inTimeOrder, judgedRun, ofTypes } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

export interface RestartLatencyOptions {
  /** The highest acceptable 95th percentile of the restart latencies, in ms. Default 2000. */
  p95Ms?: number;
}

/** The fix for slow restarts. */
export const restartFix =
  "Fork the replacement as soon as the worker's exit is seen (no back-off for a single crash), and make a worker's start-up faster (load only what it needs to listen before it listens).";

/** One fault's restart: the latency when a replacement came, else how long it was watched for in vain. */
interface Restart {
  fault: LandedFault;
  replacement?: WorkerReadyEvent;
  /** The latency, or for an unreplaced fault the time from the fault to the end of the run (a lower bound). */
  latency: Millis;
}

/**
 * The 95th percentile (nearest rank: the ⌈0.95·n⌉-th smallest) of the restart latencies is at most `p95Ms`
 * (default 2000 ms).
 *
 * Only events before the first `stop-requested` are read. For each killing fault (every kind but `hang`: a hung worker
 * is not restarted) that landed on a worker, in time order, the latency runs from the fault landing to the next
 * `worker-ready` of a new worker: a pid not live when the fault landed, not already claimed as an earlier fault's
 * replacement (replacements are matched one to one, so two crashes need two new workers).
 *
 * A fault with no replacement counts as infinite when the run went on for longer than `p95Ms` after it; when the
 * run ended sooner, its latency is only known to be at least that long, and the verdict is `unknown` if the answer
 * depends on it. `unknown` too with no killing worker fault. `fail` evidence: the slowest faults, their workers' exits
 * and their replacements' `worker-ready`; cause `restart-latency/slow-restart`, counting the restarts over the bound.
 */
export function restartLatency(events: readonly HistoryEvent[], options: RestartLatencyOptions = {}): Verdict {
  const p95Ms = options.p95Ms ?? 2000;
  const run = judgedRun(inTimeOrder(events));
  const lives = workerLives(run.events);
  const faults = landedFaults(run.events).filter(
    (fault) => fault.landed.role === 'worker' && faultKills(fault.landed.kind),
  );
  if (faults.length === 0) {
    const hangs = landedFaults(run.events).filter((fault) => fault.landed.role === 'worker').length;
    return {
      invariant: 'restart-latency',
      status: 'unknown',
      message: `no fault killed a worker${hangs > 0 ? ` (${count(hangs, 'hang')} left out: a hung worker is not restarted)` : ''}: there is no restart to time`,
      evidence: [],
    };
  }

  const readies = ofTypes(run.events, 'worker-ready').filter((event) => lives.get(event.pid)?.ready === event);
  const claimed = new Set<number>();
  const restarts: Restart[] = faults.map((fault) => {
    const liveAtFault = new Set(liveWorkersAt(lives, fault.landed.t));
    const replacement = readies.find(
      (event) => event.t >= fault.landed.t && !liveAtFault.has(event.pid) && !claimed.has(event.pid),
    );
    if (!replacement) return { fault, latency: run.end - fault.landed.t };
    claimed.add(replacement.pid);
    return { fault, replacement, latency: replacement.t - fault.landed.t };
  });

  // Unreplaced faults are censored: the true p95 lies between these two.
  const lower = percentile95(restarts.map((restart) => restart.latency));
  const upper = percentile95(
    restarts.map((restart) => (restart.replacement ? restart.latency : Number.POSITIVE_INFINITY)),
  );
  const status = upper <= p95Ms ? 'pass' : lower > p95Ms ? 'fail' : 'unknown';

  const slowest = [...restarts].sort((a, b) => slowness(b) - slowness(a));
  const described = slowest.map((restart) =>
    restart.replacement
      ? `${describeFault(restart.fault)} replaced by pid ${restart.replacement.pid} after ${formatMs(restart.latency)}`
      : `${describeFault(restart.fault)} never replaced (watched for ${formatMs(restart.latency)})`,
  );
  const p95 =
    lower === upper
      ? formatMs(upper)
      : Number.isFinite(upper)
        ? `between ${formatMs(lower)} and ${formatMs(upper)}`
        : `at least ${formatMs(lower)}`;
  const comparison =
    status === 'pass'
      ? `<= ${formatMs(p95Ms)}`
      : status === 'fail'
        ? `> ${formatMs(p95Ms)}`
        : `may or may not exceed ${formatMs(p95Ms)} (the run ended too soon after an unreplaced fault)`;
  const message = `p95 restart latency ${p95} ${comparison} over ${count(restarts.length, 'worker fault')}; slowest first: ${listFirst(described, 3)}`;
  // The restarts over the bound (the unreplaced ones included) are the failures.
  const slow = slowest.flatMap((restart, index) => (slowness(restart) > p95Ms ? [described[index]!] : []));
  return {
    invariant: 'restart-latency',
    status,
    message,
    evidence: evidenceOf(
      slowest.flatMap((restart) => [
        restart.fault.landed,
        lives.get(restart.fault.landed.pid)?.exit,
        restart.replacement,
      ]),
    ),
    ...(status === 'fail'
      ? {
          causes: [
            {
              key: 'restart-latency/slow-restart',
              origin: 'app' as const,
              summary: message,
              fix: restartFix,
              count: slow.length,
            },
          ],
          details: slow.map((text) => ({ key: 'restart-latency/slow-restart', text })),
        }
      : {}),
  };
}

/** Sorts unreplaced faults first, then by latency. */
function slowness(restart: Restart): number {
  return restart.replacement ? restart.latency : Number.POSITIVE_INFINITY;
}

/** The nearest-rank 95th percentile of a non-empty list. */
function percentile95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}
