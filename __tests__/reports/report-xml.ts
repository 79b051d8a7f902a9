/** Builds aggregate report XML for tests, in either format, from a compact description. */
export interface RowSpec {
  readonly ip: string;
  readonly count: number;
  readonly dkimAligned?: 'pass' | 'fail';
  readonly spfAligned?: 'pass' | 'fail';
  readonly headerFrom?: string;
  /** `[domain, selector, result]` per DKIM signature. */
  readonly dkim?: readonly (readonly [string, string, string])[];
  readonly spf?: readonly (readonly [string, string])[];
}

export interface ReportSpec {
  readonly format?: 'rfc7489' | 'rfc9990';
  readonly orgName?: string;
  readonly reportId: string;
  readonly domain: string;
  readonly p?: string;
  readonly testing?: 'y' | 'n';
  readonly sp?: string;
  readonly np?: string;
  /** Seconds; the report covers one day from here. */
  readonly begin: number;
  readonly end?: number;
  readonly rows: readonly RowSpec[];
}

/** 2026-11-01T00:00:00Z: test reports are about November 2026 (this machine's clock is later). */
export const NOV_1 = Date.UTC(2026, 10, 1) / 1000;
export const DAY = 86400;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function reportXml(spec: ReportSpec): string {
  const ns = spec.format === 'rfc9990' ? ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"' : '';
  const version = spec.format === 'rfc9990' ? '<version>1.0</version>' : '';
  const policy = [
    `<domain>${esc(spec.domain)}</domain>`,
    spec.p !== undefined ? `<p>${spec.p}</p>` : '',
    spec.sp !== undefined ? `<sp>${spec.sp}</sp>` : '',
    spec.np !== undefined ? `<np>${spec.np}</np>` : '',
    spec.testing !== undefined ? `<testing>${spec.testing}</testing>` : '',
  ].join('');
  const rows = spec.rows.map((r) => {
    const dkim = (r.dkim ?? []).map(([d, s, res]) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>${res}</result></dkim>`).join('');
    const spf = (r.spf ?? [[spec.domain, r.spfAligned ?? 'fail']]).map(([d, res]) => `<spf><domain>${d}</domain><result>${res}</result></spf>`).join('');
    return (
      `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>none</disposition>` +
      `<dkim>${r.dkimAligned ?? 'fail'}</dkim><spf>${r.spfAligned ?? 'fail'}</spf></policy_evaluated></row>` +
      `<identifiers><header_from>${r.headerFrom ?? spec.domain}</header_from></identifiers><auth_results>${dkim}${spf}</auth_results></record>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback${ns}>${version}<report_metadata><org_name>${esc(spec.orgName ?? 'google.com')}</org_name>` +
    `<email>dmarc@reporter.example</email><report_id>${esc(spec.reportId)}</report_id><date_range><begin>${spec.begin}</begin>` +
    `<end>${spec.end ?? spec.begin + DAY - 1}</end></date_range></report_metadata><policy_published>${policy}</policy_published>\n${rows.join('\n')}\n</feedback>\n`
  );
}

/** A row of platform mail: signed with `selector` and d=domain; `pass` decides DKIM and its alignment. */
export function platformRow(domain: string, ip: string, count: number, pass = true, selector = 'stxsel1'): RowSpec {
  return { ip, count, dkimAligned: pass ? 'pass' : 'fail', spfAligned: 'fail', dkim: [[domain, selector, pass ? 'pass' : 'fail']], spf: [['bounce.secutix.com', 'pass']] };
}
