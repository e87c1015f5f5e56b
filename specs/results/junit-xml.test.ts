// The `--junit` XML: a test case per target and shard, the counterexample and replay line as the failure; valid Ant JUnit.

import { describe, expect, test } from 'vitest';
import { escapeXml, junitXml } from '../../src/results/junit-xml.js';
import { parseXml, type XmlElement } from '../report/_xml.js';
import { expectValidJunit, xmllintSchemaErrors } from './_junit.js';
import { campaignOf, documentOf, results } from './_results.js';

const elements = (node: XmlElement, name: string): XmlElement[] =>
  node.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === name);

describe('junitXml', () => {
  const shards = [1, 2, 3, 4].map((index) => ({ index, count: 4 }));
  const document = documentOf(
    campaignOf(results.pass, { shard: shards[0]! }),
    campaignOf(results.fail, { shard: shards[1]! }),
    campaignOf(results.unknown, { shard: shards[2]! }),
    campaignOf(results.error, { shard: shards[3]! }),
  );
  const xml = junitXml(document);

  test('is valid against the Ant JUnit schema', () => {
    expectValidJunit(xml);
  });

  test.skipIf(xmllintSchemaErrors('<testsuites/>') === undefined)(
    'the schema refuses what CI tools would not read',
    () => {
      expect(
        xmllintSchemaErrors(xml.replace('<testcase name="fixtures/x/master.js [shard 1/4]"', '<testcase')),
      ).toMatch(/attribute 'name' is required/);
      expect(
        xmllintSchemaErrors(
          xml.replace('tests="4" failures="1" errors="1" skipped', 'tests="four" failures="1" errors="1" skipped'),
        ),
      ).toMatch(/'four' is not a valid value/);
    },
  );

  test('a test case per target and shard; counts per outcome', () => {
    const suite = elements(parseXml(xml), 'testsuite')[0]!;
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    expect(elements(suite, 'testcase').map((testCase) => testCase.attributes.name)).toEqual(
      shards.map((shard) => `fixtures/x/master.js [shard ${shard.index}/4]`),
    );
  });

  test('a failure says the first problem and its replay line; its body has every counterexample', () => {
    const failing = elements(elements(parseXml(xml), 'testsuite')[0]!, 'testcase')[1]!;
    const [failure] = elements(failing, 'failure');
    const problem = document.campaigns[1]!.problems[0]!;
    expect(failure!.attributes.type).toBe(problem.cause.key);
    expect(failure!.attributes.message).toContain(`replay: ${problem.replay}`);
    expect(problem.replay).toMatch(/--path 2\/4@/);
    const body = failure!.children.join('');
    for (const each of document.campaigns[1]!.problems) expect(body).toContain(`replay: ${each.replay}`);
    expect(body).toContain('counterexample (');
  });

  test('an inconclusive campaign is skipped with its reasons, never a silent pass; a harness error is an error', () => {
    const cases = elements(elements(parseXml(xml), 'testsuite')[0]!, 'testcase');
    expect(elements(cases[2]!, 'skipped')[0]!.attributes.message).toMatch(/^inconclusive: 3 run/);
    expect(elements(cases[3]!, 'error')[0]!.attributes.type).toBe('WaitTimeoutError');
    expect(elements(cases[0]!, 'failure')).toEqual([]);
  });

  test('text that is not XML-safe is escaped or replaced', () => {
    expect(escapeXml(`<a href="x">'&'\u0001</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;\uFFFD&lt;/a&gt;',
    );
    expectValidJunit(junitXml(documentOf(campaignOf(results.pass, { name: 'app <"&"> \u0007' }))));
  });
});
