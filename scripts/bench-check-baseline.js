'use strict';
// Baseline of the check row (scripts/bench-check.js): what `email-auth check` does at the least. It parses the YAML
// config with js-yaml (its default schema) and prints one line per record value the config describes (SPF with the
// platform include, kept TXT values, the two DKIM CNAMEs, DMARC, MX, the report authorisation a parent report domain
// needs), nothing else: no validation, no bounds, no escaping, no warnings. Written for the configs scripts/bench-generate.js writes.
//   node scripts/bench-check-baseline.js CONFIG.yaml
const { readFileSync } = require('node:fs');
const { load } = require('js-yaml');

const PROVIDER_TTL = { route53: 3600, cloudflare: 1 };
const config = load(readFileSync(process.argv[2], 'utf8'));
const defaults = config.defaults ?? {};
let out = '';
for (const own of config.institutions) {
  const inst = { ...defaults, ...own };
  const ttl = inst.ttl ?? PROVIDER_TTL[inst.provider];
  const domain = inst.domain.toLowerCase();
  const code = inst.code.toLowerCase();
  const spf = ['v=spf1', 'include:spf.secutix.com', ...(inst.spf?.mechanisms ?? []), inst.spf?.all ?? '~all'].join(' ');
  out += `TXT ${domain} ${ttl} ${spf}\n`;
  for (const kept of inst.keepTxt ?? []) out += `TXT ${domain} ${ttl} ${kept}\n`;
  out += `CNAME stxsel1._domainkey.${domain} ${ttl} sel1-${code}._domainkey.dkim.secutix.com\n`;
  out += `CNAME stxsel2._domainkey.${domain} ${ttl} sel2-${code}._domainkey.dkim.secutix.com\n`;
  out += `TXT _dmarc.${domain} ${ttl} v=DMARC1; p=${inst.dmarc?.policy ?? 'none'}${inst.dmarc?.rua ? `; rua=${inst.dmarc.rua.join(',')}` : ''}\n`;
  for (const mx of inst.mx ?? []) out += `MX ${domain} ${ttl} ${mx.priority} ${mx.host}\n`;
  // A report address in a parent domain: the config publishes no DMARC record there, so the RFC 9989 tree walk makes
  // the sender its own organizational domain and the report domain must authorise it (in the same zone, here).
  for (const uri of inst.dmarc?.rua ?? []) {
    const reportDomain = uri.slice(uri.indexOf('@') + 1).toLowerCase();
    if (reportDomain !== domain) out += `TXT ${domain}._report._dmarc.${reportDomain} ${ttl} v=DMARC1\n`;
  }
}
process.stdout.write(out);
