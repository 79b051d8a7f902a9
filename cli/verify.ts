import { isIP } from 'node:net';
import { normalizeCode, validateCode } from '../model/dkim';
import { normalizeDomain, validateHostname } from '../model/names';
import { formatProblem, Problems } from '../model/problems';
import { SECUTIX_PROFILE } from '../model/sender-profile';
import { NodeDnsResolver } from '../verify/node-resolver';
import { mapBounded } from '../io/pool';
import { buildReport, reportText, VerifyReport } from '../verify/report';
import { DnsResolver, StaticResolver } from '../verify/resolver';
import { verifyDomain, VerifyTarget } from '../verify/verify-domain';
import { writeErrorText } from '../io/file-error';
import { writeFileWhole } from '../io/write-whole';
import { CliError, Command, EXIT, Io, loadConfig, processIo, UsageError } from './command';
import { parseDnsServer } from './dns-server';
import { VERIFY } from './commands/verify';
import { writeLines } from './output-lines';

/** Above this many institutions, verify shows its progress on stderr. */
const PROGRESS_THRESHOLD = 10;

export const verify: Command<typeof VERIFY> = {
  async run({ values }, io) {
    const server = values['dns-server'] === undefined ? undefined : parseDnsServer(values['dns-server']);
    if (values.ip !== undefined && !isIP(values.ip)) throw new UsageError(`--ip must be an IPv4 or IPv6 address, got ${JSON.stringify(values.ip)}`);
    // Bounded by the table (cli/commands/verify.ts): node:dns takes a 32-bit timeout and try count.
    const { timeout, retries, concurrency } = values;

    const targets = values.domain !== undefined || values.code !== undefined ? adHocTarget(values.domain, values.code, values.config) : configTargets(values.config, io);
    if (targets.length === 0) throw new CliError('config-invalid', 'the config has no institution to verify (every one is retired)');

    const live = new NodeDnsResolver({ server, timeout, tries: retries + 1 });
    // The planned overlay, the JUnit writer and their readers are loaded only when asked for: a plain verify never needs them.
    const resolver: DnsResolver = values.planned === undefined ? live : new (require('../verify/planned-resolver') as typeof import('../verify/planned-resolver')).PlannedResolver(plannedRecords(values.planned), live);
    const serverName = server ?? 'system resolver';

    // One query first: an unreachable server would otherwise cost timeout × tries for every query of every domain.
    const probe = await live.query(targets[0]!.profile.spfInclude, 'TXT');
    if (probe.kind === 'error' && probe.unreachable) throw new CliError('dns-unreachable', `DNS server ${serverName} did not answer (${probe.code})`, EXIT.usage, true);

    const progress = progressReporter(targets.length, io);
    const institutions = await mapBounded(targets, concurrency, (t) => verifyDomain(t, resolver, { ip: values.ip }), progress);
    const report = buildReport(institutions, values.planned === undefined ? 'live' : 'planned', serverName);
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else writeLines(io, reportText(report));
    if (values.junit !== undefined) {
      const { junitXml } = require('../verify/junit') as typeof import('../verify/junit');
      try {
        writeFileWhole(values.junit, junitXml(report));
      } catch (e) {
        throw new CliError('output-unwritable', `--junit ${values.junit} ${writeErrorText(e)}`);
      }
    }
    return exitCodeOf(report);
  },
};

/** 0 when every check passes (warnings allowed), 1 when one fails, 2 when DNS gave no usable answer to some query (no verdict). */
export function exitCodeOf(report: VerifyReport): number {
  if (report.unreachable) return EXIT.usage;
  return report.status === 'fail' ? EXIT.failed : EXIT.ok;
}

/** `--domain D --code C`: one institution with the platform's default sender profile. */
function adHocTarget(domain: string | undefined, code: string | undefined, config: string | undefined): VerifyTarget[] {
  if (config !== undefined) throw new UsageError('--config and --domain/--code are alternatives: give one');
  if (domain === undefined || code === undefined) throw new UsageError('--domain and --code go together (the code names the DKIM targets)');
  const problems = new Problems();
  const target = { domain: normalizeDomain(domain), code: normalizeCode(code), profile: SECUTIX_PROFILE };
  validateHostname(target.domain, problems.at('--domain'));
  validateCode(target.code, target.profile, problems.at('--code'));
  if (problems.hasErrors) throw new UsageError(problems.errors.map(formatProblem).join('\n'));
  return [target];
}

/** The institutions of a config; retired ones are left out (their records are meant to go), and said so. */
function configTargets(file: string | undefined, io: Io): VerifyTarget[] {
  const config = loadConfig(file, io);
  const retired = config.institutions.filter((inst) => inst.retired);
  if (retired.length > 0) io.err(`not verified, retired: ${retired.map((inst) => inst.code).join(', ')}`);
  return config.institutions.filter((inst) => !inst.retired).map((inst) => ({ code: inst.code, domain: inst.domain, profile: inst.senderProfile ?? SECUTIX_PROFILE }));
}

function plannedRecords(outdir: string): StaticResolver {
  const { recordsFromSynth } = require('../tfjson/records') as typeof import('../tfjson/records');
  try {
    return new StaticResolver(recordsFromSynth(outdir));
  } catch (e) {
    // The reader's message says what is missing, and that a synth writes it.
    throw new CliError('input-unreadable', `--planned: ${(e as Error).message}`);
  }
}

/** `verified 12/40` on stderr when there are many institutions: rewritten in place on a terminal, every tenth otherwise. */
function progressReporter(total: number, io: Io): ((done: number) => void) | undefined {
  if (total <= PROGRESS_THRESHOLD) return undefined;
  const tty = io === processIo && process.stderr.isTTY;
  const step = Math.ceil(total / 10);
  return (done) => {
    if (tty) process.stderr.write(`\rverified ${done}/${total} institutions${done === total ? '\n' : ''}`);
    else if (done % step === 0 || done === total) io.err(`verified ${done}/${total} institutions`);
  };
}
