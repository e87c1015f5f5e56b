// The options `cluster-chaos check` accepts, as node:util's parseArgs reads them, and the nearest one to a typo.

export const checkOptions = {
  workers: { type: 'string' },
  protocol: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  'restore-within': { type: 'string' },
  port: { type: 'string' },
  'shrink-budget': { type: 'string' },
  'ready-timeout': { type: 'string' },
  'reload-signal': { type: 'string' },
  'reload-command': { type: 'string' },
  'min-available': { type: 'string' },
  'max-answered-status': { type: 'string' },
  'runs-after-failure': { type: 'string' },
  'time-limit': { type: 'string' },
  'client-faults': { type: 'string' },
  'max-idle': { type: 'string' },
  shard: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  config: { type: 'string' },
  strict: { type: 'boolean', default: false },
  report: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Edit distance between two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known option closest to an unknown one, if it is close enough to be a typo (or a prefix of it). */
export function closestOption(unknown: string): string | undefined {
  const name = unknown.replace(/^-+/, '').split('=')[0]!;
  let best: { option: string; score: number } | undefined;
  for (const option of Object.keys(checkOptions)) {
    const score = option.startsWith(name) && name.length >= 3 ? 0 : distance(name, option);
    const close = score <= Math.max(1, Math.floor(option.length / 4));
    if (close && (best === undefined || score < best.score)) best = { option, score };
  }
  return best && `--${best.option}`;
}
