// The command line that replays a counterexample, with the options that shaped its run.

import type { CheckArguments } from './parse-check-args.js';

/** The command line that replays a counterexample. */
export function replayLine(args: CheckArguments, seed: number, path: string | undefined): string {
  const quote = (part: string) => (/^[\w./:=@%+-]+$/.test(part) ? part : `'${part.replaceAll("'", "'\\''")}'`);
  const parts = ['cluster-chaos', 'check'];
  const own = [`--workers ${args.cluster.workers ?? 2}`];
  if (args.cluster.protocol) own.push(`--protocol ${args.cluster.protocol}`);
  own.push(`--seed ${seed}`);
  // A sharded path names its shard (3/4@12); the campaign's own line plays its shard again.
  if (path !== undefined) own.push(`--path ${path}`);
  else if (args.shard) own.push(`--shard ${args.shard.index}/${args.shard.count}`);
  if (args.restoreWithinMs !== 5000) own.push(`--restore-within ${args.restoreWithinMs}`);
  if (args.strict) own.push('--strict');
  if (args.minAvailable > 0) own.push(`--min-available ${args.minAvailable}`);
  if (args.maxAnsweredStatus !== 499) own.push(`--max-answered-status ${args.maxAnsweredStatus}`);
  if (args.cluster.port !== undefined) own.push(`--port ${args.cluster.port}`);
  if (args.clientFaults !== false)
    own.push(args.clientFaults === true ? '--client-faults' : `--client-faults ${args.clientFaults.join(',')}`);
  if (args.maxIdleMs !== undefined) own.push(`--max-idle ${args.maxIdleMs}`);
  if (args.reload && 'signal' in args.reload) own.push(`--reload-signal ${args.reload.signal}`);
  if (args.reload && 'command' in args.reload) own.push(`--reload-command ${quote(args.reload.command.at(-1)!)}`);
  if (args.targetArguments[0] === '--') return [...parts, ...own, ...args.targetArguments.map(quote)].join(' ');
  return [...parts, quote(args.targetArguments[0]!), ...own].join(' ');
}
