'use strict';
// The reports row of `npm run bench`: `email-auth reports --json` on 1,000 and 10,000 generated report files
// (100 records each: 1,000,000 records at 10,000 files) against a baseline that only parses the same files with the
// same XML parser (scripts/bench-reports-baseline.js). Targets: wall time ratio ≤ 1.5, and peak memory that does not
// grow with the number of files. Run alone with `node scripts/bench.js --reports-only` (after `npm run build`).
const { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join, resolve } = require('node:path');
const os = require('node:os');
const { measure, median } = require('./bench-measure');

const ROOT = resolve(__dirname, '..');
const TARGETS = { ratio: 1.5, rssGrowth: 1.25 };
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
  const project = [process.execPath, join(ROOT, 'dist/cli/main.js'), 'reports', '--config', config, '--json', dir];
  const baseline = [process.execPath, join(__dirname, 'bench-reports-baseline.js'), dir];
  // Warm-up of each, which also checks that both read the same files and messages.
  const ours = runJson(project);
  const theirs = runJson(baseline);
  const oursMessages = ours.institutions.reduce((n, i) => n + i.messages, 0);
  const equivalent = ours.input.reports === theirs.files && oursMessages === theirs.messages && ours.input.problemCount === 0;
  const samples = { project: [], baseline: [] };
  const env = process.env;
  for (let i = 0; i < runs; i++) {
    // measure() treats a non-zero exit as a failure; exit 1 (platform DKIM failing) does not happen on these files.
    samples.project.push(measure(project, { cwd: ROOT, env }));
    samples.baseline.push(measure(baseline, { cwd: ROOT, env }));
  }
  rmSync(dir, { recursive: true, force: true });
  const stat = (list) => ({ wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)), rssMB: median(list.map((s) => s.rssMB)) });
  const row = { files, records: files * RECORDS_PER_FILE, messages: theirs.messages, equivalent, project: stat(samples.project), baseline: stat(samples.baseline) };
  row.wallRatio = row.project.wall / row.baseline.wall;
  row.cpuRatio = row.project.cpu / row.baseline.cpu;
  console.log(
    `reports ${String(files).padStart(6)} files ${row.records.toLocaleString('en')} records ${equivalent ? 'same data' : 'DATA DIFFERS'} | wall ${row.project.wall.toFixed(2)} s / ${row.baseline.wall.toFixed(2)} s = ${row.wallRatio.toFixed(2)} | ` +
      `CPU ${row.cpuRatio.toFixed(2)} | peak RSS ${row.project.rssMB.toFixed(0)} MB / ${row.baseline.rssMB.toFixed(0)} MB`,
  );
  return row;
}

/** Runs the row; returns its rows and target checks. */
function benchReports({ sizes = [1000, 10000], runs = 3 } = {}) {
  if (!existsSync(join(ROOT, 'dist/cli/reports.js'))) throw new Error('run `npm run build` first');
  const work = mkdtempSync(join(os.tmpdir(), 'email-auth-bench-reports-'));
  try {
    const rows = sizes.map((n) => benchFiles(work, n, runs));
    const checks = [];
    for (const r of rows) {
      checks.push({ what: `reports, ${r.files.toLocaleString('en')} files: wall time ratio project/baseline ≤ ${TARGETS.ratio}`, value: r.wallRatio.toFixed(2), met: r.wallRatio <= TARGETS.ratio });
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
      '`node dist/cli/main.js reports --config <100 institutions> --json <folder>`: it walks the folder, reads each file, ' +
      'refuses DOCTYPEs, validates and parses the XML, checks every field into the neutral report, adds it up per ' +
      'institution and renders the JSON. *Baseline* (`scripts/bench-reports-baseline.js`) reads the same files and ' +
      'parses them with the same fast-xml-parser options, nothing else. Files of 100 records each (about 44 KB; ' +
      'both formats, platform mail, own servers, a newsletter tool, forgeries). ' +
      `${runs} runs of each alternating after a warm-up; medians; peak RSS as for the synth rows. Wall time on this shared ` +
      '2-CPU machine varies by ±20 % with other load; CPU time (user + system, file reads included) is the steadier ratio.',
    '',
    '| files | records | same data | project wall | baseline wall | wall ratio | CPU ratio | project peak RSS | baseline peak RSS |',
    '|---:|---:|:---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.files.toLocaleString('en')} | ${r.records.toLocaleString('en')} | ${r.equivalent ? 'yes' : '**no**'} | ${r.project.wall.toFixed(2)} s | ` +
        `${r.baseline.wall.toFixed(2)} s | ${r.wallRatio.toFixed(2)} | ${r.cpuRatio.toFixed(2)} | ${r.project.rssMB.toFixed(0)} MB | ${r.baseline.rssMB.toFixed(0)} MB |`,
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
