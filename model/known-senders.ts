/**
 * Services that send mail for an institution's domain, or pass it on: one table, shared by the PR summary (which
 * names the service behind a new SPF `include:`) and by whatever identifies senders in DMARC reports (PTR names,
 * DKIM domains, what to fix). Data only, with lookup helpers; each entry cites the service's own documentation.
 *
 * Fields rest on the cited pages where they say so. Where a value comes from FACTS.md or a secondary page instead
 * (PTR suffixes above all: services rarely document the names of their sending hosts), the entry's comment says so.
 */
import { canonicalName } from './names';

export type SenderKind = 'esp' | 'mailbox-provider' | 'platform' | 'forwarder' | 'mailing-list';

export interface KnownSender {
  /** Stable id, lowercase with dashes. */
  readonly id: string;
  /** The service's name as a reader knows it. */
  readonly name: string;
  readonly kind: SenderKind;
  /** Domains an SPF `include:` names to authorise the service (lowercase, no trailing dot). */
  readonly spfIncludes: readonly string[];
  /** Suffixes of the PTR names (or envelope domains) of the service's sending hosts: `mcsv.net` matches `mail1.mcsv.net`. */
  readonly ptrSuffixes: readonly string[];
  /** Domains that host the service's DKIM keys or sign its mail when the customer's domain is not set up. */
  readonly dkimDomains: readonly string[];
  /** What to do so that the service's mail passes for the institution's domain, one sentence per mechanism. */
  readonly fix: { readonly spf?: string; readonly dkim?: string };
  /** The service's own documentation (and, where a value rests on it, the secondary page), as URLs. */
  readonly sources: readonly string[];
}

export const KNOWN_SENDERS: readonly KnownSender[] = [
  {
    id: 'secutix',
    name: 'SecuTix',
    kind: 'platform',
    spfIncludes: ['spf.secutix.com'],
    ptrSuffixes: [],
    dkimDomains: ['dkim.secutix.com'],
    fix: {
      spf: 'add include:spf.secutix.com to the SPF record of the sender domain',
      dkim: 'publish the two CNAMEs stxsel1/stxsel2._domainkey → sel1/sel2-<code>._domainkey.dkim.secutix.com and ask support to switch signing on',
    },
    sources: ['https://go.confluence.secutix.com/wiki/pages/viewpage.action?navigatingVersions=true&pageId=43074837'],
  },
  {
    // PTR suffix: FACTS.md ("*.google.com"), not on the cited page.
    id: 'google-workspace',
    name: 'Google Workspace',
    kind: 'mailbox-provider',
    spfIncludes: ['_spf.google.com'],
    ptrSuffixes: ['google.com'],
    dkimDomains: [],
    fix: { spf: 'add include:_spf.google.com to the SPF record', dkim: 'generate a DKIM key in the Admin console, publish it and start signing' },
    sources: ['https://support.google.com/a/answer/33786?hl=en'],
  },
  {
    // The include is on the cited page (its source: MicrosoftDocs/defender-docs, email-authentication-spf-configure.md);
    // the PTR suffix comes from FACTS.md.
    id: 'microsoft-365',
    name: 'Microsoft 365',
    kind: 'mailbox-provider',
    spfIncludes: ['spf.protection.outlook.com'],
    ptrSuffixes: ['outbound.protection.outlook.com'],
    dkimDomains: [],
    fix: { spf: 'add include:spf.protection.outlook.com to the SPF record', dkim: 'publish the selector1/selector2 CNAMEs and enable DKIM signing for the domain' },
    sources: ['https://learn.microsoft.com/en-us/defender-office-365/email-authentication-spf-configure'],
  },
  {
    // The cited page covers the DKIM CNAMEs; the include and the PTR/envelope domains (mcsv.net, mcdlv.net) come
    // from FACTS.md and dmarc.wiki, which also notes that Mailchimp's envelope domain is its own, so SPF never aligns.
    id: 'mailchimp',
    name: 'Mailchimp',
    kind: 'esp',
    spfIncludes: ['servers.mcsv.net'],
    ptrSuffixes: ['mcsv.net', 'mcdlv.net'],
    dkimDomains: ['mcsv.net'],
    fix: { dkim: 'authenticate the domain in Mailchimp (two DKIM CNAMEs), so that its mail is signed with the institution\'s domain' },
    sources: ['https://mailchimp.com/help/set-up-email-domain-authentication/', 'https://dmarc.wiki/mailchimp'],
  },
  {
    // PTR suffix: FACTS.md.
    id: 'sendgrid',
    name: 'SendGrid',
    kind: 'esp',
    spfIncludes: ['sendgrid.net'],
    ptrSuffixes: ['sendgrid.net'],
    dkimDomains: [],
    fix: { spf: 'authenticate the domain in SendGrid (its return-path subdomain carries the SPF record)', dkim: 'publish the s1/s2._domainkey CNAMEs SendGrid gives' },
    sources: ['https://www.twilio.com/docs/sendgrid/ui/sending-email/verify-sender-with-spf.md', 'http://support.sendgrid.com/entries/94481-dns-setting-the-spf-record'],
  },
  {
    id: 'amazon-ses',
    name: 'Amazon SES',
    kind: 'esp',
    spfIncludes: ['amazonses.com'],
    ptrSuffixes: ['amazonses.com'],
    dkimDomains: ['amazonses.com'],
    fix: { spf: 'use a custom MAIL FROM subdomain and publish its SPF record and MX', dkim: 'set up Easy DKIM for the domain (three CNAMEs)' },
    sources: ['https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html', 'http://docs.aws.amazon.com/ses/latest/DeveloperGuide/spf.html'],
  },
  {
    // Brevo's help pages cover the Brevo code, DKIM and DMARC; the includes (spf.brevo.com, formerly
    // spf.sendinblue.com) come from suped.com, the PTR suffixes from FACTS.md.
    id: 'brevo',
    name: 'Brevo (Sendinblue)',
    kind: 'esp',
    spfIncludes: ['spf.brevo.com', 'spf.sendinblue.com'],
    ptrSuffixes: ['sendinblue.com', 'brevo.com'],
    dkimDomains: [],
    fix: { dkim: 'authenticate the domain in Brevo (Brevo code and DKIM records)' },
    sources: [
      'https://help.brevo.com/hc/en-us/articles/17286219877778-FAQs-About-domain-authentication-Brevo-code-DKIM-DMARC',
      'https://www.suped.com/email-deliverability/answers/how-should-i-combine-spf-records-and-what-domain-should-i-use-with-sendinblue',
    ],
  },
  {
    // PTR suffixes: FACTS.md.
    id: 'mailgun',
    name: 'Mailgun',
    kind: 'esp',
    spfIncludes: ['mailgun.org'],
    ptrSuffixes: ['mailgun.org', 'mailgun.net'],
    dkimDomains: [],
    fix: { spf: 'add include:mailgun.org to the SPF record of the sending domain', dkim: 'publish the DKIM TXT record from Mailgun\'s "Domain Verification & DNS" page' },
    sources: ['https://documentation.mailgun.com/docs/mailgun/user-manual/domains/domains-verify.md'],
  },
  {
    // The cited Salesforce page is its SPF FAQ; the include value comes from MxToolbox's provider page.
    id: 'salesforce-marketing-cloud',
    name: 'Salesforce Marketing Cloud',
    kind: 'esp',
    spfIncludes: ['cust-spf.exacttarget.com'],
    ptrSuffixes: [],
    dkimDomains: [],
    fix: { spf: 'add include:cust-spf.exacttarget.com, or use the Sender Authentication Package', dkim: 'use the Sender Authentication Package or Self-Service Authentication' },
    sources: ['https://help.salesforce.com/s/articleView?id=mktg.mc_es_sender_policy_framework_faq.htm&language=en_US&type=5', 'https://mxtoolbox.com/t/outbound-email-provider/?name=exacttarget'],
  },
  {
    // HubSpot's shared IPs use HubSpot's own envelope domain (no include to add); a dedicated IP comes with an
    // account-specific SPF record, so no include is listed.
    id: 'hubspot',
    name: 'HubSpot',
    kind: 'esp',
    spfIncludes: [],
    ptrSuffixes: [],
    dkimDomains: [],
    fix: { dkim: 'connect the email sending domain in HubSpot (two DKIM CNAMEs)' },
    sources: ['https://knowledge.hubspot.com/email/do-i-need-to-add-hubspot-to-our-spf-record'],
  },
  {
    id: 'google-groups',
    name: 'Google Groups',
    kind: 'mailing-list',
    spfIncludes: [],
    ptrSuffixes: ['google.com'],
    dkimDomains: [],
    fix: { dkim: 'nothing to publish: a group passes mail on, so SPF fails and DKIM survives only unmodified; such failures are expected' },
    sources: ['https://support.google.com/a/topic/1262452'],
  },
  {
    id: 'microsoft-365-forwarding',
    name: 'Microsoft 365 forwarding',
    kind: 'forwarder',
    spfIncludes: [],
    ptrSuffixes: ['outbound.protection.outlook.com'],
    dkimDomains: [],
    fix: { dkim: 'nothing to publish: forwarded mail fails SPF; receivers may trust the forwarder\'s ARC seal' },
    sources: ['https://learn.microsoft.com/powershell/module/exchange/Get-ArcConfig'],
  },
  {
    id: 'mailman',
    name: 'GNU Mailman (mailing lists)',
    kind: 'mailing-list',
    spfIncludes: [],
    ptrSuffixes: [],
    dkimDomains: [],
    fix: { dkim: 'nothing to publish: the list should apply its DMARC mitigation (munge From or wrap the message)' },
    sources: ['https://docs.mailman3.org/projects/mailman/en/latest/src/mailman/handlers/docs/dmarc-mitigations.html'],
  },
];

/** The service an SPF `include:` domain authorises, or undefined (case and a trailing dot do not matter). */
export function senderBySpfInclude(domain: string, senders: readonly KnownSender[] = KNOWN_SENDERS): KnownSender | undefined {
  const name = canonicalName(domain);
  return senders.find((s) => s.spfIncludes.includes(name));
}

/** The service whose sending hosts carry this PTR name (or envelope domain), or undefined. */
export function senderByPtrName(host: string, senders: readonly KnownSender[] = KNOWN_SENDERS): KnownSender | undefined {
  return sendersByHost(host, senders)[0];
}

/**
 * Every service whose sending hosts carry this PTR name (or envelope domain), in the table's order: a name may be a
 * mailbox provider's and its forwarding's alike (`*.outbound.protection.outlook.com`), and only the mail tells which.
 */
export function sendersByHost(host: string, senders: readonly KnownSender[] = KNOWN_SENDERS): KnownSender[] {
  const name = canonicalName(host);
  return senders.filter((s) => s.ptrSuffixes.some((suffix) => underSuffix(name, suffix)));
}

/** Every service that signs with this DKIM `d=` domain (or one under it) when the customer's domain is not set up. */
export function sendersByDkimDomain(domain: string, senders: readonly KnownSender[] = KNOWN_SENDERS): KnownSender[] {
  const name = canonicalName(domain);
  return senders.filter((s) => s.dkimDomains.some((d) => underSuffix(name, d)));
}

/** `name` is `suffix` or a name under it; never a lookalike (`evilmcsv.net` is not under `mcsv.net`). */
function underSuffix(name: string, suffix: string): boolean {
  return name === suffix || name.endsWith(`.${suffix}`);
}
