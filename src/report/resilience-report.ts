// Turns the result of a property-based check into the input of the text, HTML and SVG reports.

import type { ResilienceResult } from '../property/check-resilience.js';
import type { ReportInput } from './report-input.js';

export interface ReportTarget {
  /** The entry, topology or command, as the user named it. */
  target: string;
  workers: number;
  protocol: 'tcp' | 'http';
  /** The command line that replays the counterexample. */
  replay: string;
}

export function resilienceReportInput(result: ResilienceResult, target: ReportTarget): ReportInput {
  return {
    ...target,
    status: result.status,
    verdicts: result.verdicts,
    events: result.events,
    ...(result.counterexample ? { schedule: result.counterexample } : {}),
    ...(result.originalCounterexample ? { originalSchedule: result.originalCounterexample } : {}),
    runs: result.runs,
    shrinks: result.shrinks,
    seed: result.seed,
    ...(result.path ? { path: result.path } : {}),
    outputTail: result.outputTail,
    durationMs: result.durationMs,
    generatedAt: new Date().toISOString(),
  };
}
