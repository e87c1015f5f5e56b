// What a fresh connection's answer says once its stream ends or fails: one reading for plain and faulted connections.

import type { ConnectionOutcome } from '../history/events.js';
import { INVALID_RESPONSE, TRUNCATED_RESPONSE } from './connection-plan.js';
import { outcomeOfError } from './error-outcome.js';
import type { HttpResponseParser } from './http-response-parser.js';
import type { ReplyBuffer } from './reply-buffer.js';

/** The answer as read so far: TCP's bytes, or HTTP's response. */
export type Answer = { reply: ReplyBuffer; parser?: undefined } | { reply?: undefined; parser: HttpResponseParser };

export interface Ending {
  outcome: ConnectionOutcome;
  errorCode: string | undefined;
}

/** The server ended the stream: TCP's answer is whatever came; HTTP's is judged by the parser. */
export function endingAtEnd(answer: Answer): Ending {
  if (answer.reply !== undefined) {
    return { outcome: answer.reply.isEmpty ? 'closed-empty' : 'answered', errorCode: undefined };
  }
  switch (answer.parser.end()) {
    case 'complete':
      return { outcome: 'answered', errorCode: undefined };
    case 'empty':
      return { outcome: 'closed-empty', errorCode: undefined };
    case 'truncated':
      return { outcome: 'reset', errorCode: TRUNCATED_RESPONSE };
    case 'invalid':
      return { outcome: 'reset', errorCode: INVALID_RESPONSE };
  }
}

/** The socket failed: the outcome its error means, given whether it connected and whether any answer came. */
export function endingAtError(
  answer: Answer,
  error: NodeJS.ErrnoException,
  protocol: 'tcp' | 'http',
  connected: boolean,
): Ending {
  const received = answer.reply !== undefined ? !answer.reply.isEmpty : answer.parser.received > 0;
  return { outcome: outcomeOfError(error.code, protocol, connected, received), errorCode: error.code ?? error.message };
}

/** The reply text a connection-close carries. */
export function replyOf(answer: Answer): string {
  return answer.reply !== undefined ? answer.reply.text() : answer.parser.reply();
}

/** A final response's status: the parser skips 1xx responses, so a status still in 1xx (but 101) means none came. */
export function finalStatusOf(answer: Answer): number | undefined {
  const status = answer.parser?.status ?? 0;
  return status >= 200 || status === 101 ? status : undefined;
}
