import { undecodableByte } from '../model/dns-text';
import { VerifyReport } from './report';

/**
 * The verify report as JUnit XML, the format CI dashboards read: one `<testsuite>` per institution, one `<testcase>`
 * per check. A failing check is a `<failure>`; a check without verdict (DNS gave no usable answer) is an `<error>`,
 * since the fault is not the institution's; a warning passes, with its reason in `<system-out>`.
 * @see https://github.com/testmoapp/junitxml (the de facto schema)
 */
export function junitXml(report: VerifyReport, timestamp = new Date()): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.institutions.flatMap((i) => i.checks);
  const count = (status: string, checks: readonly { status: string }[] = all) => checks.filter((c) => c.status === status).length;
  lines.push(`<testsuites name="email-auth verify (${xml(report.mode)}, ${xml(report.dnsServer)})" tests="${all.length}" failures="${count('fail')}" errors="${count('unknown')}" timestamp="${timestamp.toISOString()}">`);
  for (const inst of report.institutions) {
    const name = `${inst.domain} (code ${inst.code})`;
    lines.push(`  <testsuite name="${xml(name)}" tests="${inst.checks.length}" failures="${count('fail', inst.checks)}" errors="${count('unknown', inst.checks)}" skipped="0">`);
    for (const check of inst.checks) {
      const open = `    <testcase classname="email-auth.verify.${xml(inst.code)}" name="${xml(check.id)}"`;
      if (check.status === 'pass') lines.push(`${open}/>`);
      else if (check.status === 'warn') lines.push(`${open}>`, `      <system-out>WARN: ${xml(check.reason)}</system-out>`, '    </testcase>');
      else {
        const element = check.status === 'fail' ? 'failure' : 'error';
        const type = check.status === 'fail' ? 'fail' : 'no-verdict';
        lines.push(`${open}>`, `      <${element} type="${type}" message="${xml(check.reason)}">${xml(check.reason)}</${element}>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * Text for XML content and attribute values. The five markup characters are escaped; characters XML 1.0 cannot
 * carry at all (C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF) are written
 * `\xNN` / `\u{NNNN}`, so a control character in a live DNS record cannot make the whole file unreadable.
 */
export function xml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
      const code = c.charCodeAt(0);
      const byte = undecodableByte(code) ?? (code <= 0xff ? code : undefined);
      return byte !== undefined ? `\\x${byte.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    })
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
