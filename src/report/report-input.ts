// What a report is made of: the verdicts of a run, its history, and how to replay it.

import type { HistoryEvent } from '../history/events.js';
import type { Verdict, VerdictStatus } from '../invariants/verdict.js';
import type { Schedule } from '../property/schedule.js';

/** Everything the text, HTML and SVG reports show. Only the target, the verdicts and the history are required. */
export interface ReportInput {
  /** What was tested: the entry file (`fixtures/x/master.js`) or the command line. */
  target: string;
  /** How many workers the cluster was started with. */
  workers: number;
  protocol: 'tcp' | 'http';
  /** The overall status (the worst of the verdicts, as `worstStatus` computes it). */
  status: VerdictStatus;
  /** One verdict per invariant checked, in the order they were checked. */
  verdicts: Verdict[];
  /** The history of the failing run, or of the last run when every run passed. */
  events: HistoryEvent[];
  /** The schedule of that run: the shrunk counterexample when a run failed. */
  schedule?: Schedule;
  /** The schedule as first generated, before shrinking. */
  originalSchedule?: Schedule;
  /** How many runs the property ran. */
  runs?: number;
  /** How many successful shrink steps led from the original schedule to `schedule`. */
  shrinks?: number;
  /** The fast-check seed and path that replay the counterexample. */
  seed?: number;
  path?: string;
  /** The command line that replays it, ready to paste. */
  replay?: string;
  /** The last lines of the app's stdout and stderr. */
  outputTail?: string;
  /** How long the whole check took. */
  durationMs?: number;
  /** When the report was made (ISO 8601). */
  generatedAt?: string;
}
