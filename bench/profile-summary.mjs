// Summarises a V8 .cpuprofile (node --cpu-prof): where the samples fall, by function and by file (self time), and
// the total time under each function of the project (inclusive).
//
//   node bench/profile-summary.mjs FILE.cpuprofile [--top 25]

import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}
const topIndex = rest.indexOf('--top');
const top = topIndex >= 0 ? Number(rest[topIndex + 1]) : 25;
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample weights: the time delta that follows each sample.
const selfUs = new Map();
for (let index = 0; index < profile.samples.length; index++) {
  const id = profile.samples[index];
  const delta = profile.timeDeltas[index + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
}
const totalUs = [...selfUs.values()].reduce((sum, value) => sum + value, 0);

const short = (url) => url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist|src|bench|fixtures)\//, '$1/');
const label = (frame) =>
  `${frame.functionName || '(anonymous)'} ${frame.url ? `${short(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();

const selfByFunction = new Map();
const selfByFile = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const frame = node.callFrame;
  selfByFunction.set(label(frame), (selfByFunction.get(label(frame)) ?? 0) + us);
  const fileKey = frame.url ? short(frame.url) : `(${frame.functionName || 'native'})`;
  selfByFile.set(fileKey, (selfByFile.get(fileKey) ?? 0) + us);
  // Inclusive time of each function on the stack (counted once per stack).
  const seen = new Set();
  for (let current = id; current !== undefined; current = parentOf.get(current)) {
    const key = label(byId.get(current).callFrame);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}

const print = (title, map, filter = () => true) => {
  console.log(`\n${title}`);
  const entries = [...map]
    .filter(([key]) => filter(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [key, us] of entries)
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`);
};

console.log(`${file}: ${(totalUs / 1000).toFixed(1)} ms sampled, ${profile.samples.length} samples`);
print('self time by function', selfByFunction);
print('self time by file', selfByFile);
print('inclusive time, project and bench functions', inclusive, (key) => /(dist|src|bench)\//.test(key));
