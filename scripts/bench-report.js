'use strict';
// BENCHMARKS.md from one `npm run bench` run.

const s = (seconds) => seconds.toFixed(3);
const mb = (value) => value.toFixed(0);
const x = (ratio) => ratio.toFixed(2);

function renderMarkdown({ info, rows, example, jest, pkg, checks, targets, profile }) {
  const m = info.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`scripts/bench.js\`) on ${info.date}; regenerate it rather than editing it.`,
    '',
    `**Machine:** ${m.model}, ${m.cpus} CPUs, ${m.memGiB} GiB memory, ${m.os}, Node ${m.node}. ` +
      `Load average (1, 5, 15 min) before: ${info.loadBefore}; after: ${info.loadAfter}.`,
    '',
    '## Synth: the project\'s app against a hand-written app',
    '',
    `*Project* is the app command of \`cdktf.json\` exactly (\`${info.app}\`: a hash of the sources says \`dist/\` is up to ` +
      'date, then the app compiled ahead by `tsc` runs in the same process): it reads the YAML ' +
      'config, validates it, plans the records and declares one stack per institution through our constructs. ' +
      '*Baseline* (`scripts/bench-baseline.js`) is a bare hand-written cdktf app: deep imports of the provider bindings, ' +
      'no config parsing, no validation; it declares the same providers, backends, data sources, resources and outputs ' +
      'from a pre-computed JSON list. The bench checks that both write the same Terraform (logical ids aside) and ' +
      'prints the stack and resource counts. Both run with `App({ stackTraces: false })` and write to a fresh `CDKTF_OUTDIR`.',
    '',
    `Configs of 1 to 1,000 institutions are generated (half Route53 by zone id, half Cloudflare by zone name; SPF ` +
      'extras, DMARC with `rua`, one or two MX). Per size: one warm-up of each, then ' +
      `${info.runs} run${info.runs === '1' ? '' : 's'} of each in alternating order (A B, B A: the first run after the outputs are deleted pays for the deletes); medians. Wall time is measured around the child process; ` +
      `CPU time (user + system, less sensitive to other load than wall time) and peak RSS with ${info.rssMethod}.`,
    '',
    '| institutions | stacks | resources | same output | project wall | baseline wall | wall ratio | CPU ratio | project peak RSS | baseline peak RSS | RSS ratio |',
    '|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[example, ...rows].filter(Boolean).map(
      (r) =>
        `| ${r.label === 'example' ? 'example (`institutions.yaml`)' : Number(r.label).toLocaleString('en')} | ${r.stacks} | ${r.resources} | ${r.equivalent ? 'yes' : '**no**'} ` +
        `| ${s(r.project.wall)} s | ${s(r.baseline.wall)} s | ${flag(r.wallRatio, targets.ratio)} | ${x(r.cpuRatio)} ` +
        `| ${mb(r.project.rssMB)} MB | ${mb(r.baseline.rssMB)} MB | ${flag(r.rssRatio, targets.ratio)} |`,
    ),
    '',
  ];
  const at = (n) => rows.find((r) => r.label === `${n}`);
  if (at(100) && at(1000)) {
    lines.push(
      `Growth from 100 to 1,000 institutions: project ${x(at(1000).project.wall / at(100).project.wall)} ×, ` +
        `baseline ${x(at(1000).baseline.wall / at(100).baseline.wall)} × (linear would be ≤ ${targets.linearity} ×: ` +
        'the fixed start-up cost is paid once).',
      '',
    );
  }
  if (pkg) lines.push(...packageSection(pkg, targets));
  if (jest) {
    lines.push(
      '## Unit + snapshot tests',
      '',
      `\`${jest.command}\` (swc transform, no type-checking: that is \`tsc --noEmit\`'s job), warm cache, ` +
        `${jest.walls.length} run${jest.walls.length === 1 ? '' : 's'} after a warm-up: median **${jest.wall.toFixed(1)} s** (${jest.walls.map((w) => `${w.toFixed(1)} s`).join(', ')}); ` +
        `${jest.passed ? 'all passed' : '**some failed**'} (${jest.summary.replace(/^Tests:\s*/, '')}).`,
      '',
    );
    lines.push(
      'jest.config.js sets `maxWorkers: 2`: jest\'s default (CPUs - 1) is a single worker on this machine, and most of the ' +
        'loop is test files waiting for the real app they spawn (`node dist/main.js`, ~0.35 s each), which a second ' +
        'worker overlaps (17.7 s → 10 s when it was introduced).',
      '',
    );
    lines.push(
      `Left out: the integration suites that run real terraform, BIND or Dovecot (folders \`__tests__/terraform\`, \`__tests__/verify\` and any ` +
        `file using \`describeWithTerraform\` / \`describeWithBind\` / \`describeWithDovecot\`): ${jest.excluded.map((f) => `\`${f}\``).join(', ')}.`,
      '',
      `Included (${jest.files.length} files): ${jest.files.map((f) => `\`${f}\``).join(', ')}.`,
      '',
    );
  }
  if (profile) {
    lines.push(
      `## Where the time goes (${profile.label})`,
      '',
      `One run of the project's app under \`node --cpu-prof\` (\`node scripts/bench-profile.js ${profile.label.split(' ')[0].replace(/,/g, '')}\`), ` +
        `${profile.summary.totalMs.toFixed(0)} ms of CPU sampled (profiling slows it down). Self time by owner:`,
      '',
      '| owner | self time | share |',
      '|---|---:|---:|',
      ...profile.summary.owners.filter((o) => o.share >= 0.005).map((o) => `| ${o.who} | ${o.ms.toFixed(0)} ms | ${(o.share * 100).toFixed(1)} % |`),
      '',
      'Top functions by self time:',
      '',
      '| function | owner | self time | share |',
      '|---|---|---:|---:|',
      ...profile.summary.functions.slice(0, 12).map((f) => `| \`${f.fn}\` | ${f.who} | ${f.ms.toFixed(0)} ms | ${(f.share * 100).toFixed(1)} % |`),
      '',
    );
  }
  lines.push(
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.what} | ${c.value} | ${c.met ? 'met' : '**target missed**'} |`),
    '',
  );
  if (info.notes) lines.push(...info.notes, '');
  return `${lines.join('\n')}\n`.replace(/\n{3,}/g, '\n\n');
}

/** The package as users install it: install cost, the scaffold's synth against this repository's, the npm scripts. */
function packageSection({ tarball, installs, synth, scripts }, targets) {
  return [
    '## Package: installed from the tarball',
    '',
    `\`npm pack\`: **${tarball.filename}**, ${tarball.files} files, ${(tarball.size / 1024).toFixed(1)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(1)} kB unpacked. ` +
      'Each consumer is a fresh folder where `npm install --prefer-offline` installs the tarball and the peers named; the npm cache is warm ' +
      '(an untimed install of the same packages runs first). Size is `du -sk node_modules`.',
    '',
    '| consumer | install wall | node_modules | files |',
    '|---|---:|---:|---:|',
    ...installs.map((i) => `| ${i.label} | ${i.seconds.toFixed(1)} s | ${i.mb.toFixed(0)} MB | ${i.files.toLocaleString('en')} |`),
    '',
    `Synth of the example, each app as its \`cdktf.json\` runs it, alternating (A B A B), medians: this repository \`${synth.own}\` ` +
      `**${s(synth.project.wall)} s**, the scaffold \`${synth.theirs}\` **${s(synth.consumer.wall)} s**: ` +
      `${flag(synth.wallRatio, targets.consumerRatio)} × (CPU ${x(synth.cpuRatio)} ×, peak RSS ${mb(synth.consumer.rssMB)} MB / ${mb(synth.project.rssMB)} MB); ` +
      `${synth.same ? 'same stacks' : '**outputs differ**'} (${synth.stacks} stacks, ${synth.resources} resources).`,
    '',
    'The npm scripts with `dist/` up to date (the build step only hashes the sources and skips `tsc`):',
    '',
    '| script | wall | the app alone | ratio |',
    '|---|---:|---:|---:|',
    ...scripts.map((r) => `| ${r.what} | ${s(r.wall)} s | ${s(r.app)} s (${r.appText}) | ${x(r.wall / r.app)} |`),
    '',
  ];
}

const flag = (ratio, target) => (ratio <= target ? x(ratio) : `**${x(ratio)}**`);

module.exports = { renderMarkdown };
