'use strict';
// The public API of each entry point of the package, recorded by @microsoft/api-extractor in api-report/*.api.md
// (checked in, so that every change to the surface shows in review). Reads the built declarations in dist/exports/.
//
//   node scripts/api-report.js            compare: exit 1 and name the files when the API differs from the reports
//   node scripts/api-report.js --update   rewrite the reports (`npm run api`)
//   --reports DIR                         compare with (or update) the reports in DIR instead of api-report/
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const { tmpdir } = require('node:os');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const ROOT = join(__dirname, '..');
const UPDATE_COMMAND = 'npm run api';

/** Entry point (package.json "exports" key) → its declaration file and its report's name. */
const ENTRY_POINTS = [
  { entry: '.', dts: 'dist/exports/index.d.ts', report: 'email-auth-dns.api.md' },
  { entry: './route53', dts: 'dist/exports/route53.d.ts', report: 'email-auth-dns-route53.api.md' },
  { entry: './cloudflare', dts: 'dist/exports/cloudflare.d.ts', report: 'email-auth-dns-cloudflare.api.md' },
];

/** Runs api-extractor on one entry point; returns { report, changed, errors, warnings, text }. */
function extract({ dts, report }, update, work, reportFolder) {
  const reportFileName = report.replace(/\.api\.md$/, '');
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: join(ROOT, dts),
      compiler: { tsconfigFilePath: join(ROOT, 'tsconfig.build.json') },
      apiReport: { enabled: true, reportFileName, reportFolder, reportTempFolder: work },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Written into the report (so reviewers see them) rather than failing the run.
        extractorMessageReporting: {
          default: { logLevel: 'none', addToApiReportFile: true },
          // Release tags (@public, @beta) are not used: what "exports" names is public, the rest internal.
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
        compilerMessageReporting: { default: { logLevel: 'warning' } },
      },
      newlineKind: 'lf',
    },
    configObjectFullPath: join(ROOT, 'api-extractor.json'),
    packageJsonFullPath: join(ROOT, 'package.json'),
  });
  const messages = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback: (message) => {
      if (message.logLevel === 'warning' || message.logLevel === 'error') messages.push(message.formatMessageWithLocation(ROOT));
      message.handled = true;
    },
  });
  return { report, changed: result.apiReportChanged, messages };
}

function main() {
  const { values } = parseArgs({ options: { update: { type: 'boolean', default: false }, reports: { type: 'string', default: join(ROOT, 'api-report') } } });
  const update = values.update;
  const missing = ENTRY_POINTS.filter((e) => !existsSync(join(ROOT, e.dts)));
  if (missing.length > 0) {
    console.error(`${missing.map((e) => e.dts).join(', ')} missing: run npm run build first`);
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'email-auth-api-'));
  try {
    const results = ENTRY_POINTS.map((entry) => extract(entry, update, work, resolve(values.reports)));
    for (const r of results) for (const m of r.messages) console.error(m);
    const changed = results.filter((r) => r.changed);
    if (update) {
      console.log(changed.length > 0 ? `updated api-report/${changed.map((r) => r.report).join(', api-report/')}` : 'the API reports are up to date');
      return;
    }
    if (changed.length > 0) {
      console.error(
        `The public API changed and api-report/ was not updated: ${changed.map((r) => r.report).join(', ')}.\n` +
          `Run \`${UPDATE_COMMAND}\`, review the difference (git diff api-report/), and commit it; bump the version ` +
          'by semver (a removed or changed export is a major change) and add a CHANGELOG.md entry.',
      );
      process.exit(1);
    }
    console.log(`the public API matches api-report/ (${results.length} entry points)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { ENTRY_POINTS, UPDATE_COMMAND };

if (require.main === module) main();
