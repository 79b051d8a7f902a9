'use strict';
// The pipeline section of BENCHMARKS.md (scripts/bench-pipeline.js), between markers so that
// `node scripts/bench.js --pipeline-only` can replace it in the file a full run wrote.
const { median } = require('./bench-measure');
const { PR_TARGET } = require('./bench-pipeline');

const START = '<!-- bench:pipeline -->';
const END = '<!-- /bench:pipeline -->';

const s1 = (seconds) => `${seconds.toFixed(1)} s`;
const s2 = (seconds) => `${seconds.toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const runsText = (runs) => runs.map((r) => `${s1(r.seconds)} (load ${r.load})`).join(', ');
const duration = (seconds) => (seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : seconds >= 120 ? `${(seconds / 60).toFixed(0)} min` : s1(seconds));

function pipelineMarkdown(result, { date, load }) {
  const lines = [START, '## Pipeline: changed, plan, apply (issue 12)', ''];
  if (!result || result.skipped) {
    lines.push(`Not measured on ${date}: ${result ? result.skipped : 'left out (--no-pipeline)'}.`, '', END);
    return lines.join('\n');
  }
  const { pr, fleet, install, extrapolation: x } = result;
  lines.push(
    `Measured on ${date} (load average ${load}) with terraform ${result.terraform}, offline: the AWS provider from the filesystem ` +
      'mirror, a warm shared plugin cache (as CI restores it), the test-only provider override beside each planned stack, ' +
      'dummy keys, no state. Every plan is `email-auth plan` (`terraform init -lockfile=readonly`, `plan -detailed-exitcode ' +
      '-lock=false -out`, `show -json`) in a fresh synthesized stack folder. This machine is shared: timings vary with the ' +
      'load of other work.',
    '',
    `**A pull request in a fleet of 1,000 institutions with one changed** (generated config, the DMARC policy of one Route53 ` +
      `institution edited; ${result.runs} runs each, alternating; medians):`,
    '',
    '| | wall |',
    '|---|---:|',
    `| lone \`plan --stacks ${pr.stack}\` | ${s2(median(pr.lone))} (${pr.lone.map(s2).join(', ')}) |`,
    `| \`changed --base --head --matrix\` (1,000 stacks on each side) | ${s2(median(pr.changedOnly))} |`,
    `| \`changed\` + \`plan\` of the stack it names | ${s2(median(pr.changedPlan))} (${pr.changedPlan.map(s2).join(', ')}) |`,
    `| ratio (target ≤ ${PR_TARGET}) | **${pr.ratio.toFixed(2)} ×** ${pr.ratio <= PR_TARGET ? '(met)' : '(**target missed**)'} |`,
    '',
    `**Bounded pool:** ${fleet.stacks} Route53 stacks of the same fleet, \`plan --parallel 2\` against the same stacks one after ` +
      `the other (\`--parallel 1\`), on this 2-CPU machine; ${result.fleetRuns} runs each, alternating, medians (each run with the ` +
      'load average when it ended: other work on this machine changes the figures):',
    '',
    '| | wall | runs | per stack (median of the manifest\'s seconds) |',
    '|---|---:|---|---:|',
    `| one after the other | ${s1(fleet.serial.seconds)} | ${runsText(fleet.serial.runs)} | ${s1(fleet.serial.perStack)} |`,
    `| \`--parallel 2\` | ${s1(fleet.parallel.seconds)} | ${runsText(fleet.parallel.runs)} | ${s1(fleet.parallel.perStack)} |`,
    `| speed-up | **${fleet.ratio.toFixed(2)} ×** | | |`,
    '',
    '**Extrapolated to 1,000 stacks** (from the 20-stack run; Cloudflare stacks assumed to cost the same):',
    '',
    `- nightly drift, one job, \`--parallel 2\`: 1,000 × ${s1(x.perStackParallel)} ≈ **${duration(x.nightly)}** ` +
      `(one after the other: ≈ ${duration(x.serialNightly)}, the old workflow's loop);`,
    `- as a matrix: ${x.maxJobs} jobs of ${x.stacksPerJob} stacks, ${x.jobsAtOnce} jobs at once (GitHub's free plan), ` +
      `${x.waves} waves of about ${duration(x.jobSeconds)} each (${x.jobOverhead} s assumed per job for checkout, npm ci, ` +
      `synth and artifacts, not measured here) ≈ **${duration(x.matrix)}**; each job starts with a warm plugin cache.`,
    '',
    `**Provider install** (\`terraform init\` of two stacks, hashicorp/aws ${mb(install.providerBytes)} unpacked, from a packed ` +
      '(zip) mirror as a registry serves it, through the pipeline\'s terraform runner; "fetched" is a copy taken from the ' +
      'mirror, which from a registry is a download of the zip, 148 MB for this provider):',
    '',
    '| | init of stack 1 | init of stack 2 | fetched (stack 1, 2) | disk: stacks | disk: plugin cache | disk in all |',
    '|---|---:|---:|:---:|---:|---:|---:|',
    ...install.cases.map(
      (c) =>
        `| ${c.label} | ${s1(c.times[0])} | ${s1(c.times[1])} | ${c.fetched.map((f) => (f ? 'yes' : 'no')).join(', ')} | ` +
        `${c.stackBytes.map(mb).join(' + ')} | ${mb(c.cacheBytes)} | ${mb(c.stackBytes.reduce((a, b) => a + b, 0) + c.cacheBytes)} |`,
    ),
    '',
    'Without a cache every stack keeps its own copy. With the cache but no lock file, Terraform (>= 1.4) does not take ' +
      'the provider from the cache (it has no checksum to check it against) and fetches it again for every stack. With ' +
      'the lock file synth copies into every stack, only the first init fetches; the others link to the cache (their ' +
      'time is then mostly the h1 hash check of the cached provider).',
    '',
    END,
  );
  return lines.join('\n');
}

/** `markdown` with its pipeline section replaced by `section` (appended when it has none). */
function withPipelineSection(markdown, section) {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start) return `${markdown.slice(0, start)}${section}${markdown.slice(end + END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

module.exports = { pipelineMarkdown, withPipelineSection };
