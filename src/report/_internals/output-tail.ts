// The app's output as a report shows it: the stack traces of faults cluster-chaos injected folded into one line each.

/** The message the probe throws or rejects with (src/cluster/probe.cjs), with the fault's number. */
const injectedMessage = /cluster-chaos: injected (uncaught exception|unhandled rejection) \(fault (\d+)\)/;

/** Node's header of an uncaught error: `/path/to/file.cjs:94`, then the source line, then a caret line. */
const sourceLocation = /^\S.*:\d+$/;
const caretLine = /^\s*\^+\s*$/;
const stackFrame = /^\s+at /;
const nodeVersion = /^Node\.js v\d+/;

/** A line without the stream mark an output tail may carry (`! ` for stderr, two spaces for stdout). */
function body(line: string): string {
  return line.replace(/^(?:! ?| {2})/, '');
}

/**
 * The output with each injected fault's stack trace (Node's source excerpt, the error line, its frames and the
 * `Node.js vX` trailer) replaced by one line that says what it was. Those traces are cluster-chaos's own doing, in its
 * probe's code: printed whole they read like a crash of the app. Everything else is kept as written.
 */
export function foldInjectedFaultTraces(output: string): string {
  const lines = output.split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const match = injectedMessage.exec(line);
    if (!match || stackFrame.test(body(line))) {
      kept.push(line);
      continue;
    }
    // Drop Node's excerpt above the error line when it is there: location, source line, caret, blank line.
    const excerptStart = kept.length - 4;
    if (
      excerptStart >= 0 &&
      sourceLocation.test(body(kept[excerptStart]!)) &&
      caretLine.test(body(kept[excerptStart + 2]!)) &&
      body(kept[excerptStart + 3]!).trim() === ''
    ) {
      kept.splice(excerptStart);
    }
    let next = index + 1;
    while (next < lines.length && stackFrame.test(body(lines[next]!))) next++;
    if (next + 1 < lines.length && body(lines[next]!).trim() === '' && nodeVersion.test(body(lines[next + 1]!)))
      next += 2;
    else if (next < lines.length && nodeVersion.test(body(lines[next]!))) next++;
    const mark = /^! /.test(line) ? '! ' : '';
    kept.push(
      `${mark}[the stack trace of fault #${match[2]} (an injected ${match[1]}) is left out: --verbose shows it]`,
    );
    index = next - 1;
  }
  return kept.join('\n');
}
