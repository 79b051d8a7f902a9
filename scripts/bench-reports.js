'use strict';
// The reports row of `npm run bench`: `email-auth reports --json` on 1,000 and 10,000 generated report files
// (100 records each: 1,000,000 records at 10,000 files) against a baseline that only parses the same files with
// fast-xml-parser (scripts/bench-reports-baseline.js). Targets (issue 20): wall and CPU time ratios ≤ 1.3, and peak
// memory that does not grow with the number of files. A second, informative baseline parses with the project's own
// XML reader: project / own reader is what the analysis costs on top of parsing. Run alone with
// `node scripts/bench.js --reports-only` (after `npm run build`).
const { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join, resolve } = require('node:path');
const os = require('node:os');
const { measure, median } = require('./bench-measure');

const ROOT = resolve(__dirname, '..');
const TARGETS = { ratio: 1.3, rssGrowth: 1.25 };
const RECORDS_PER_FILE = 100;
const INSTITUTIONS = 100;
const DAY = 86400;
const MARK_START = '<!-- bench:reports -->';
const MARK_END = '<!-- /bench:reports -->';

/** A config of INSTITUTIONS institutions (JSON, so that YAML parsing does not weigh in). */
function writeConfig(dir) {
  const institutions = Array.from({ length: INSTITUTIONS }, (_, i) => ({
    code: `inst${i}`,
    domain: `inst${i}.example.org`,
    provider: 'route53',
    zoneId: `Z${String(i).padStart(6, '0')}BENCH`,
    dmarc: { policy: 'none', rua: [`mailto:dmarc@inst${i}.example.org`] },
  }));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ institutions }));
  return file;
}

/** Rows as big receivers send them: platform mail, the institution's own servers, a newsletter tool, forgeries. */
function row(domain, i, j) {
  const kind = (i * 7 + j) % 10;
  const count = 1 + ((i + j * 13) % 50);
  const record = (ip, dkimAligned, spfAligned, dkim, spf) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>${dkimAligned}</dkim><spf>${spfAligned}</spf></policy_evaluated></row><identifiers><header_from>${domain}</header_from></identifiers>` +
    `<auth_results>${dkim.map(([d, s, r]) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>${r}</result></dkim>`).join('')}` +
    `<spf><domain>${spf[0]}</domain><result>${spf[1]}</result></spf></auth_results></record>`;
  if (kind < 6) return record(`192.0.2.${1 + (j % 20)}`, 'pass', 'fail', [[domain, j % 2 ? 'stxsel1' : 'stxsel2', 'pass']], ['bounce.secutix.com', 'pass']);
  if (kind < 8) return record(`198.51.100.${1 + (j % 30)}`, 'pass', 'pass', [[domain, 'google', 'pass'], ['gappssmtp.com', 'k1', 'pass']], [domain, 'pass']);
  if (kind < 9) return record(`2001:db8::${(j % 40).toString(16)}`, 'fail', 'fail', [['mcsv.net', 'k1', 'pass']], ['mail.mcsv.net', 'pass']);
  return record(`203.0.113.${1 + (j % 50)}`, 'fail', 'fail', [], [domain, 'softfail']);
}

function reportXml(i, now) {
  const domain = `inst${i % INSTITUTIONS}.example.org`;
  const begin = Math.floor(now / DAY) * DAY - (2 + (i % 60)) * DAY;
  const ns = i % 2 ? ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"' : '';
  const rows = Array.from({ length: RECORDS_PER_FILE }, (_, j) => row(domain, i, j)).join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback${ns}><report_metadata><org_name>${['google.com', 'Yahoo', 'Outlook.com'][i % 3]}</org_name>` +
    `<email>dmarc@reporter.example</email><report_id>bench-${i}</report_id><date_range><begin>${begin}</begin><end>${begin + DAY - 1}</end></date_range>` +
    `</report_metadata><policy_published><domain>${domain}</domain><p>none</p><sp>none</sp></policy_published>\n${rows}\n</feedback>\n`
  );
}

function writeReports(dir, files) {
  mkdirSync(dir, { recursive: true });
  const now = Date.now() / 1000;
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `report-${String(i).padStart(5, '0')}.xml`), reportXml(i, now));
}

function runJson(argv) {
  const result = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout.toString());
}

function benchFiles(work, files, runs) {
  const dir = join(work, `reports-${files}`);
  writeReports(dir, files);
  const config = writeConfig(work);
  const sides = {
    // --no-ptr: PTR lookups wait on DNS, not on the analysis; they have their own bounds (20 s, 200 addresses a run).
    project: [process.execPath, join(ROOT, 'dist/cli/main.js'), 'reports', '--no-ptr', '--config', config, '--json', dir],
    baseline: [process.execPath, join(__dirname, 'bench-reports-baseline.js'), dir],
    own: [process.execPath, join(__dirname, 'bench-reports-baseline.js'), dir, '--own'],
  };
  // Warm-up of each, which also checks that all read the same files and messages.
  const ours = runJson(sides.project);
  const theirs = runJson(sides.baseline);
  const own = runJson(sides.own);
  const oursMessages = ours.institutions.reduce((n, i) => n + i.messages, 0);
  const equivalent = ours.input.reports === theirs.files && oursMessages === theirs.messages && ours.input.problemCount === 0 && own.files === theirs.files && own.messages === theirs.messages;
  const samples = { project: [], baseline: [], own: [] };
  const env = process.env;
  // Interleaved, the order rotating each run, so that load from other work on the machine falls on every side alike.
  const order = ['project', 'baseline', 'own'];
  for (let i = 0; i < runs; i++) {
    // measure() treats a non-zero exit as a failure; exit 1 (platform DKIM failing) does not happen on these files.
    for (let k = 0; k < order.length; k++) {
      const side = order[(i + k) % order.length];
      samples[side].push(measure(sides[side], { cwd: ROOT, env }));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const stat = (list) => ({ wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)), rssMB: median(list.map((s) => s.rssMB)) });
  // The spread: the ratio of each run's pair (project run i against baseline run i), lowest and highest.
  const spread = (key) => {
    const ratios = samples.project.map((s, i) => s[key] / samples.baseline[i][key]);
    return { min: Math.min(...ratios), max: Math.max(...ratios) };
  };
  const row = { files, records: files * RECORDS_PER_FILE, messages: theirs.messages, equivalent, project: stat(samples.project), baseline: stat(samples.baseline), own: stat(samples.own) };
  row.wallRatio = row.project.wall / row.baseline.wall;
  row.cpuRatio = row.project.cpu / row.baseline.cpu;
  row.wallSpread = spread('wall');
  row.cpuSpread = spread('cpu');
  row.ownCpuRatio = row.project.cpu / row.own.cpu;
  console.log(
    `reports ${String(files).padStart(6)} files ${row.records.toLocaleString('en')} records ${equivalent ? 'same data' : 'DATA DIFFERS'} | wall ${row.project.wall.toFixed(2)} s / ${row.baseline.wall.toFixed(2)} s = ${row.wallRatio.toFixed(2)} ` +
      `(${range(row.wallSpread)}, target ${TARGETS.ratio}) | CPU ${row.project.cpu.toFixed(2)} s / ${row.baseline.cpu.toFixed(2)} s = ${row.cpuRatio.toFixed(2)} (${range(row.cpuSpread)}, target ${TARGETS.ratio}) | ` +
      `own reader alone: CPU ${row.own.cpu.toFixed(2)} s, project / own ${row.ownCpuRatio.toFixed(2)} | peak RSS ${row.project.rssMB.toFixed(0)} MB / ${row.baseline.rssMB.toFixed(0)} MB | load ${os.loadavg()[0].toFixed(1)}`,
  );
  return row;
}

const range = ({ min, max }) => `${min.toFixed(2)}–${max.toFixed(2)}`;

/** Runs the row; returns its rows and target checks. */
function benchReports({ sizes = [1000, 10000], runs = 3 } = {}) {
  if (!existsSync(join(ROOT, 'dist/cli/reports.js'))) throw new Error('run `npm run build` first');
  const work = mkdtempSync(join(os.tmpdir(), 'email-auth-bench-reports-'));
  try {
    const rows = sizes.map((n) => benchFiles(work, n, runs));
    const checks = [];
    for (const r of rows) {
      checks.push({ what: `reports, ${r.files.toLocaleString('en')} files: wall time ratio project/baseline ≤ ${TARGETS.ratio}`, value: `${r.wallRatio.toFixed(2)} (runs ${range(r.wallSpread)})`, met: r.wallRatio <= TARGETS.ratio });
      checks.push({ what: `reports, ${r.files.toLocaleString('en')} files: CPU time ratio project/baseline ≤ ${TARGETS.ratio}`, value: `${r.cpuRatio.toFixed(2)} (runs ${range(r.cpuSpread)})`, met: r.cpuRatio <= TARGETS.ratio });
      checks.push({ what: `reports, ${r.files.toLocaleString('en')} files: same reports and messages as the baseline`, value: `${r.files} files, ${r.messages.toLocaleString('en')} messages`, met: r.equivalent });
    }
    if (rows.length >= 2) {
      const [small, large] = [rows[0], rows[rows.length - 1]];
      const growth = large.project.rssMB / small.project.rssMB;
      checks.push({ what: `reports: peak RSS at ${large.files.toLocaleString('en')} files ≤ ${TARGETS.rssGrowth} × at ${small.files.toLocaleString('en')}`, value: `${growth.toFixed(2)} ×`, met: growth <= TARGETS.rssGrowth });
    }
    return { rows, checks, runs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function renderReportsSection({ rows, checks, runs }, date) {
  const lines = [
    MARK_START,
    '## Reports: `email-auth reports` against parsing alone',
    '',
    `Measured ${date} by \`node scripts/bench.js --reports-only\` (also part of \`npm run bench\`). *Project* is ` +
      '`node dist/cli/main.js reports --no-ptr --config <100 institutions> --json <folder>`: it walks the folder, reads each file, ' +
      'reads the XML with its own bounded reader (well-formedness and every XML bound of reports/limits.ts checked in the ' +
      'same pass), checks every field into the neutral report, adds it up per institution and renders the JSON. ' +
      '*Baseline* (`scripts/bench-reports-baseline.js`) reads the same files and parses them with fast-xml-parser, the ' +
      'parser `reports` used before, with the options it used, nothing else (the target of issue 20 is set against it). ' +
      '*Own reader* parses them with the project\'s reader alone: *project / own* is what the analysis costs on top of ' +
      'parsing. Files of 100 records each (about 44 KB; both formats, platform mail, own servers, a newsletter tool, ' +
      `forgeries). ${runs} runs of each, interleaved in rotating order after a warm-up; medians, with the lowest and highest ` +
      'ratio of a run pair; peak RSS as for the synth rows. Wall time on this shared 2-CPU machine varies with other load; ' +
      'CPU time (user + system, file reads included) is the steadier ratio.',
    '',
    '| files | records | same data | project wall | baseline wall | wall ratio (runs) | project CPU | baseline CPU | CPU ratio (runs) | own reader CPU | project / own | project peak RSS | baseline peak RSS |',
    '|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.files.toLocaleString('en')} | ${r.records.toLocaleString('en')} | ${r.equivalent ? 'yes' : '**no**'} | ${r.project.wall.toFixed(2)} s | ` +
        `${r.baseline.wall.toFixed(2)} s | ${r.wallRatio.toFixed(2)} (${range(r.wallSpread)}) | ${r.project.cpu.toFixed(2)} s | ${r.baseline.cpu.toFixed(2)} s | ` +
        `${r.cpuRatio.toFixed(2)} (${range(r.cpuSpread)}) | ${r.own.cpu.toFixed(2)} s | ${r.ownCpuRatio.toFixed(2)} | ${r.project.rssMB.toFixed(0)} MB | ${r.baseline.rssMB.toFixed(0)} MB |`,
    ),
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.what} | ${c.value} | ${c.met ? 'met' : '**missed**'} |`),
    MARK_END,
  ];
  return lines.join('\n');
}

/** Puts the section into BENCHMARKS.md: replaces the previous one, or appends it. */
function spliceReportsSection(benchmarksFile, section) {
  const text = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  const next = start >= 0 && end > start ? `${text.slice(0, start)}${section}${text.slice(end + MARK_END.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(benchmarksFile, next);
}

module.exports = { benchReports, renderReportsSection, spliceReportsSection, reportXml };
