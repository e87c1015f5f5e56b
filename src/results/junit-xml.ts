// A check's result as JUnit XML (`--junit`): a test case per target and shard, the counterexample as its failure.

import { formatSchedule } from '../property/schedule.js';
import { formatShard } from '../property/shard-schedules.js';
import type { CampaignResult, ResultDocument } from './result-document.js';

/** Text safe in XML content and attributes: the five escapes, and no character XML 1.0 forbids (control codes). */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A test case's name: the target, and its shard when it played one. */
export function testCaseName(campaign: Pick<CampaignResult, 'target' | 'shard'>): string {
  return campaign.shard ? `${campaign.target.name} [shard ${formatShard(campaign.shard)}]` : campaign.target.name;
}

/** The failure's body: every problem with its cause and fix, counterexample and replay line. */
function failureText(campaign: CampaignResult): string {
  return campaign.problems
    .map((problem, index) =>
      [
        `problem ${index + 1} (${problem.cause.origin}${problem.status === 'not-reproduced' ? ', seen once, not reproduced' : ''}): ${problem.cause.key}`,
        `  ${problem.cause.summary}`,
        `  fix: ${problem.cause.fix}`,
        `  counterexample (${problem.shrinks} shrinks):`,
        formatSchedule(problem.counterexample, '    '),
        `  replay: ${problem.replay}`,
      ].join('\n'),
    )
    .join('\n\n');
}

function testCase(campaign: CampaignResult, classname: string): string {
  const name = escapeXml(testCaseName(campaign));
  const attributes = `name="${name}" classname="${escapeXml(classname)}" time="${(campaign.durationMs / 1000).toFixed(3)}"`;
  const out = `seed ${campaign.seed}, ${campaign.runs} of ${campaign.runsAsked} runs${campaign.endedEarly ? ` (ended early: ${campaign.endedEarly})` : ''}; again: ${campaign.replay}`;
  const systemOut = `<system-out>${escapeXml(out)}</system-out>`;
  let verdict = '';
  if (campaign.status === 'fail') {
    const [first] = campaign.problems;
    const message = `${campaign.problems.length} problem${campaign.problems.length === 1 ? '' : 's'}: ${first?.cause.key}: ${first?.cause.summary}; replay: ${first?.replay}`;
    verdict = `<failure message="${escapeXml(message)}" type="${escapeXml(first?.cause.key ?? 'fail')}">${escapeXml(failureText(campaign))}</failure>`;
  } else if (campaign.status === 'error') {
    const failure = campaign.harnessFailure;
    verdict = `<error message="${escapeXml(`an error of cluster-chaos or of the environment, not a verdict on the app: ${failure?.message ?? 'unknown'}`)}" type="${escapeXml(failure?.name ?? 'Error')}">${escapeXml(failure?.detail ?? '')}</error>`;
  } else if (campaign.status === 'unknown') {
    // Inconclusive is not a pass: skipped, with why (JUnit has no third verdict).
    const reasons = campaign.unknownRuns.map(
      (run) => `run ${run.index}: ${run.verdicts.map((verdict) => verdict.message).join('; ')}`,
    );
    verdict = `<skipped message="${escapeXml(`inconclusive: ${campaign.unknownRuns.length} run(s) proved nothing`)}">${escapeXml(reasons.join('\n'))}</skipped>`;
  }
  return `    <testcase ${attributes}>${verdict}${systemOut}</testcase>`;
}

/**
 * The JUnit XML of a result: one `testsuite` (`cluster-chaos`) with a `testcase` per campaign (target and shard). A
 * failure's message is the first problem and its replay line, its body every problem with its counterexample; an
 * error of the harness is an `error`; an inconclusive campaign is `skipped` with its reasons (never a silent pass).
 * The shape of the Ant JUnit format that CI tools read (specs/cli/junit.xsd).
 */
export function junitXml(document: ResultDocument, suiteName = 'cluster-chaos'): string {
  const { campaigns } = document;
  const count = (status: CampaignResult['status']) => campaigns.filter((campaign) => campaign.status === status).length;
  const time = (campaigns.reduce((sum, campaign) => sum + campaign.durationMs, 0) / 1000).toFixed(3);
  const tests = campaigns.length;
  const [failures, errors, skipped] = [count('fail'), count('error'), count('unknown')];
  const seeds = [...new Set(campaigns.map((campaign) => campaign.seed))];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}" timestamp="${document.generatedAt.replace(/\.\d+Z$/, '')}">`,
    '    <properties>',
    `      <property name="seed" value="${seeds.join(' ')}"/>`,
    `      <property name="cluster-chaos.version" value="${escapeXml(document.tool.version)}"/>`,
    '    </properties>',
    ...campaigns.map((campaign) => testCase(campaign, `${suiteName}.check`)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
