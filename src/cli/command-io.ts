// What a command writes to (stdout and stderr, a terminal or not) and what one target's campaign gave back.

import type { CampaignResult } from '../results/result-document.js';

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** What one target's campaign gave: the exit code, and the campaign as a result document holds it (none for bad input). */
export interface TargetOutcome {
  code: number;
  campaign?: CampaignResult;
}
