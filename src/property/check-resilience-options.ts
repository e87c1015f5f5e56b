// What a caller may ask of checkResilience: the options, each with its default (resolved in resolveCheckOptions).

import type { StartClusterOptions } from '../cluster/options.js';
import type { ReloadHow } from '../cluster/reload-cluster.js';
import type { ClientFaultKind } from '../history/events.js';
import type { CheckOptions } from '../invariants/check.js';
import type { ScheduleConstraints } from './arbitraries.js';
import type { CampaignProgress } from './campaign-progress.js';
import type { Problem } from './resilience-result.js';
import type { Shard } from './shard-schedules.js';

/**
 * The options of `checkResilience`. Only `cluster` is required; every default below is applied in one place
 * (`resolveCheckOptions`), and every option is checked there, where it enters.
 *
 * @example
 * ```ts
 * const options: CheckResilienceOptions = {
 *   cluster: { entry: 'server.js', workers: 4 },
 *   runs: 50, // default 100
 *   restoreWithinMs: 3000, // default 5000
 *   timeLimitMs: 40_000, // default none: well below the test's own timeout
 * };
 * ```
 */
export interface CheckResilienceOptions {
  /** The cluster under test: a topology, an entry or a command, with its workers (see `startCluster`). */
  cluster: StartClusterOptions;
  /**
   * How many schedules the campaign plays.
   * @defaultValue 100
   */
  runs?: number;
  /**
   * The seed the schedules are generated from: the same seed plays the same schedules.
   * @defaultValue `CHAOS_SEED` from the environment, else random (the result says which: `seedFrom`)
   */
  seed?: number;
  /**
   * With `seed`, replays exactly one counterexample (the path printed with it) instead of a campaign.
   * @defaultValue `CHAOS_PATH` from the environment, else none (a campaign)
   */
  path?: string;
  /**
   * The deadline for restoring the worker count after a fault, in ms.
   * @defaultValue 5000
   */
  restoreWithinMs?: number;
  /**
   * No lost connection at all, even one a fault hit.
   * @defaultValue false (lenient: see docs/campaigns.md)
   */
  strict?: boolean;
  /**
   * HTTP: a response counts as an answer when its status is at most this (a 5xx is a lost connection).
   * @defaultValue 499
   */
  maxAnsweredStatus?: number;
  /**
   * More invariants (fairness, restart latency, handled once); the core ones always run.
   * @defaultValue none
   */
  invariants?: Pick<CheckOptions, 'fairness' | 'restartLatency' | 'handledOnce'>;
  /**
   * Misbehaving clients: bursts of the schedules may have some of their connections misbehave (see
   * `BurstStep.clientFaults`). `true`: every kind the protocol can play (over TCP, where runs send no payload, all but
   * `stall` and `slow-drip`); or a list of kinds. A misbehaving client's own loss is never held against the app; the
   * other connections are judged as always, and the app must survive them (a worker that dies of a client is a
   * failure of the run).
   * @defaultValue false (and then a seed generates the same schedules as without this option)
   */
  clientFaults?: boolean | readonly ClientFaultKind[];
  /**
   * Checks that the app cuts off an idle client (stall, connect-then-silence, a slow drip) within this many ms of its
   * last byte (the invariant idle-clients-cut-off); below `connectionTimeoutMs`. Without `clientFaults`, the schedules
   * draw the idle kinds the protocol can play.
   * @defaultValue none (not checked)
   */
  maxIdleMs?: number;
  /**
   * What schedules may contain (fault kinds, sizes; reloads: see `reload`).
   * @defaultValue every fault kind, the sizes of `ScheduleConstraints`, no reload
   */
  schedule?: ScheduleConstraints;
  /**
   * How to reload the cluster (a signal to its master, or a command such as `pm2 reload app`). Given, schedules also
   * reload it, between bursts and during them, and no connection lost across a reload is excused.
   * @defaultValue no reload (and then a seed generates the same schedules as without this option)
   */
  reload?: ReloadHow;
  /**
   * How long one reload may take, in ms.
   * @defaultValue 15000
   */
  reloadTimeoutMs?: number;
  /**
   * A connection with no answer after this many ms ends `timeout`.
   * @defaultValue 3000
   */
  connectionTimeoutMs?: number;
  /**
   * A fault budget (a Kubernetes PodDisruptionBudget): schedules never take the available workers below this many; a
   * fault that would waits for the workers to come back, or is skipped, and the history says so.
   * @defaultValue 0
   */
  minAvailable?: number;
  /**
   * How long shrinking may go on in the whole campaign, all problems together, in ms: the first problems get what they
   * need, later ones what is left. Past it, the smallest failing schedule found so far is the counterexample (it did
   * fail); a problem found once it is spent keeps its failing run's schedule.
   * @defaultValue 30000
   */
  shrinkBudgetMs?: number;
  /**
   * After a failure the campaign goes on to find other problems, and ends once this many runs in a row found nothing
   * new (every run failing the same way says: fix that first). 0 stops at the first failure.
   * @defaultValue 10
   */
  runsAfterFailure?: number;
  /**
   * A time budget for the whole check, in ms (shrinking included): no run starts after it (a run is never cut in half,
   * the first always plays), and the result says how many ran (`runs`, `endedEarly: 'time-limit'`). Past it, the run
   * under way no longer waits for the fault budget (`minAvailable`): such a fault is skipped at once, so the run ends
   * within about its settle (`restoreWithinMs`) and the cluster's stop. Inside a test with a timeout, set it below that
   * timeout by at least that much (and more on a loaded machine), so a failure is reported with its counterexample
   * before the test is killed.
   * @defaultValue none
   */
  timeLimitMs?: number;
  /**
   * Play one shard of the campaign: `{ index: 3, count: 4 }` (1-based) is the third of four machines. Every shard walks
   * the same seeded stream of schedules and keeps its own distinct ones (`ShardSchedules`), so shards never repeat a
   * schedule and need no coordination; `runs` and `timeLimitMs` are per shard. Problem paths name their shard
   * (`3/4@12`), so the seed and path replay on any machine without it.
   * @defaultValue none (the whole campaign)
   */
  shard?: Shard;
  /**
   * Fresh replays of everything a reused cluster ran, to confirm a failure seen on it.
   * @defaultValue 3
   */
  confirmAttempts?: number;
  /**
   * With `path`: how many fresh clusters the replayed schedule may run on until it fails (races).
   * @defaultValue 5
   */
  replayAttempts?: number;
  /**
   * Play the smallest schedules first (see `smallestSchedules`). They count toward `runs`.
   * @defaultValue true
   */
  smallestFirst?: boolean;
  /**
   * Reuse a healthy cluster between runs (a failure on it is always confirmed on fresh ones).
   * @defaultValue true
   */
  reuseCluster?: boolean;
  /**
   * A reused cluster plays at most this many runs, so a confirmation replays at most this many schedules.
   * @defaultValue 20
   */
  maxRunsPerCluster?: number;
  /** Called after each run (confirmation, shrinking and replay runs included). */
  onProgress?: (progress: CampaignProgress) => void;
  /** Called once per problem as soon as it is final, while the campaign goes on (the verdict is FAIL from then on). */
  onProblem?: (problem: Problem) => void;
}
