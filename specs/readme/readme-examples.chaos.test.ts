// The README's "Use it in your project" section, and the docs sections it sends a user to for more examples, are a
// spec: cluster-chaos packed, installed into an empty project with their install lines, every code block of those
// sections copied in as it is (the app, the vitest config, each test file), then the tests run with vitest and the
// README's command run by the CLI. The examples work there, or the docs change.

import { execFile, type ExecFileOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Block {
  lang: string;
  code: string;
}

/** The fenced code blocks of one `## ` section of a Markdown text, in order. */
function codeBlocksOf(markdown: string, heading: string): Block[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, code: match[2]! }));
}

function run(
  command: string,
  args: string[],
  options: ExecFileOptions,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** One shell line of the README, split on spaces (the README's commands quote nothing). */
function words(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** The sections whose code blocks are examples to run, in order: every block in them must work as it is. */
const exampleSections = [
  { file: 'README.md', heading: 'Use it in your project' },
  { file: 'docs/api.md', heading: 'An app that follows the convention' },
  { file: 'docs/api.md', heading: 'The vitest fixture: clusterTest' },
  { file: 'docs/campaigns.md', heading: 'In code: checkResilience and fast-check' },
];
const blocks = exampleSections.flatMap(({ file, heading }) =>
  codeBlocksOf(readFileSync(join(root, file), 'utf8'), heading),
);
let project: string;

describe("the README's examples, in a project of a user's own", () => {
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'cc-readme-'));
    expect(existsSync(join(root, 'dist', 'index.js')), 'dist/ is built (npm test builds it first)').toBe(true);
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', project, '--silent'], {
      cwd: root,
      timeout: 120_000,
    });
    expect(packed.code, packed.output).toBe(0);
    const tarball = join(project, readdirSync(project).find((name) => name.endsWith('.tgz'))!);
    expect((await run('npm', ['init', '-y'], { cwd: project })).code).toBe(0);

    // The install lines, as written, in order (the README's first), with the package taken from the tarball (it is
    // not published).
    const installs = blocks.filter((block) => block.lang === 'sh' && block.code.startsWith('npm install'));
    expect(installs.length, 'an install line in the sections').toBeGreaterThan(0);
    expect(words(installs[0]!.code), "the README's install line names cluster-chaos").toContain('cluster-chaos');
    for (const install of installs) {
      const args = words(install.code)
        .slice(1)
        .map((word) => (word === 'cluster-chaos' ? tarball : word));
      const installed = await run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: project,
        timeout: 300_000,
      });
      expect(installed.code, installed.output).toBe(0);
    }

    // Every code block into its file: the app (its first line names it), the vitest config, one test file per example.
    let examples = 0;
    for (const block of blocks) {
      if (block.lang === 'js') writeFileSync(join(project, /^\/\/ (\S+):/.exec(block.code)![1]!), block.code);
      else if (block.lang === 'ts' && block.code.includes('defineConfig'))
        writeFileSync(join(project, 'vitest.config.mts'), block.code);
      else if (block.lang === 'ts') writeFileSync(join(project, `readme-example-${++examples}.test.ts`), block.code);
    }
    expect(examples, 'test examples in the sections').toBeGreaterThanOrEqual(4);
    expect(existsSync(join(project, 'server.js')), 'the app of the examples').toBe(true);
  }, 420_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test('every example passes under vitest with the README config', async () => {
    const result = await run('npx', ['vitest', 'run'], {
      cwd: project,
      timeout: 300_000,
      env: { ...process.env, CI: '1' },
    });
    expect(result.code, result.output).toBe(0);
    const examples = blocks.filter((block) => block.lang === 'ts' && !block.code.includes('defineConfig')).length;
    // Without the colours vitest may print.
    expect(stripVTControlCharacters(result.output)).toMatch(
      new RegExp(`Test Files +${examples} passed \\(${examples}\\)`),
    );
  }, 320_000);

  test('the same examples on an app that never replaces a worker: each failure says why and how to replay it, before any timeout', async () => {
    // The examples' app with its replacement taken out, and the two property examples pointed at it.
    const app = blocks.find((block) => block.lang === 'js')!.code;
    const broken = app.replace(
      'if (!stopping) cluster.fork(); // replace a worker that died',
      'if (!stopping) return; // this one never replaces a worker',
    );
    expect(broken, 'the line the broken app takes out').not.toBe(app);
    writeFileSync(join(project, 'broken-server.js'), broken);
    const properties = blocks.filter((block) => block.lang === 'ts' && /checkResilience|test\.prop/.test(block.code));
    expect(properties).toHaveLength(2);
    const failing = join(project, 'failing');
    mkdirSync(failing, { recursive: true });
    for (const [index, block] of properties.entries()) {
      writeFileSync(
        join(failing, `failing-${index + 1}.test.ts`),
        block.code.replaceAll("entry: 'server.js'", "entry: 'broken-server.js'"),
      );
    }

    const result = await run('npx', ['vitest', 'run', 'failing/'], {
      cwd: project,
      timeout: 300_000,
      env: { ...process.env, CI: '1', NO_COLOR: '1' },
    });
    const output = stripVTControlCharacters(result.output);
    expect(result.code, output).toBe(1);
    expect(output).not.toContain('Test timed out');
    // checkResilience + toBeResilient: the problem, its fix, its counterexample and the replay command.
    expect(output).toMatch(/Problem 1 of \d+ \(app\): worker-count-restored\/not-restored/);
    expect(output).toContain('Fix: ');
    const replay = /Replay: CHAOS_SEED=(\d+) CHAOS_PATH=(\S+) npx vitest run -t "survives generated chaos"/.exec(
      output,
    );
    expect(replay, output).not.toBeNull();
    // fast-check's own report for test.prop: its seed, path and counterexample.
    expect(output).toMatch(/Property failed after \d+ tests?[\s\S]*seed: -?\d+, path: "[^"]*"[\s\S]*Counterexample: /);

    // The replay line, as printed: the same path fails again.
    const [, seed, path] = replay!;
    const again = await run('npx', ['vitest', 'run', 'failing/', '-t', 'survives generated chaos'], {
      cwd: project,
      timeout: 120_000,
      env: { ...process.env, CI: '1', NO_COLOR: '1', CHAOS_SEED: seed!, CHAOS_PATH: path! },
    });
    const replayed = stripVTControlCharacters(again.output);
    expect(again.code, replayed).toBe(1);
    expect(replayed).toContain(`seed ${seed} (from CHAOS_SEED)`);
    expect(replayed).toContain(`CHAOS_PATH=${path} npx vitest run`);
  }, 420_000);

  test("the README's command passes", async () => {
    const commands = blocks.filter((block) => block.lang === 'sh' && block.code.startsWith('npx cluster-chaos'));
    expect(commands.length).toBeGreaterThan(0);
    for (const block of commands) {
      for (const line of block.code.split('\n').filter((text) => text.startsWith('npx cluster-chaos'))) {
        const [, ...args] = words(line);
        const result = await run('npx', args, { cwd: project, timeout: 120_000 });
        expect(result.code, `${line}\n${result.output}`).toBe(0);
        expect(result.output).toContain('cluster-chaos: PASS');
      }
    }
  }, 240_000);
});
