// Every relative link of the README and of docs/ leads somewhere: the file exists, and an anchor names a heading of
// the page it points to (as GitHub makes anchors from headings).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Markdown text without its fenced code blocks and inline code, where a `[x](y)` is no link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes; a repeated one gets `-1`, `-2`... */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  for (const [, heading = ''] of text.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const plain = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The relative links (and images) of a Markdown text: `[text](target)`, no scheme. */
function relativeLinksOf(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('relative links of the README and docs/', () => {
  test('the anchors are made as GitHub makes them', () => {
    expect([...anchorsOf("# A\n## In CI: `cluster-chaos check`\n## PM2: Node's round robin\n## A\n")]).toEqual([
      'a',
      'in-ci-cluster-chaos-check',
      'pm2-nodes-round-robin',
      'a-1',
    ]);
  });

  test.each(pages)('%s: every relative link resolves', (page) => {
    const file = join(root, page);
    const markdown = readFileSync(file, 'utf8');
    const broken: string[] = [];
    for (const link of relativeLinksOf(markdown)) {
      const [path, anchor] = link.split('#', 2) as [string, string | undefined];
      const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      if (!existsSync(target)) {
        broken.push(`${link}: no ${relative(root, target)}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!target.endsWith('.md') || statSync(target).isDirectory()) {
        broken.push(`${link}: an anchor into a file that is not Markdown`);
      } else if (!anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${relative(root, target)}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
