/**
 * The mailbox providers with bulk-sender rules, by the names their aggregate reports give (`org_name`): Gmail and
 * Yahoo since February 2024 (rejecting since November 2025), Outlook.com since 5 May 2025 (`550 5.7.515`). All three
 * want DMARC, SPF and DKIM passing and the From domain aligned, so a low aligned pass rate at one of them costs
 * delivery there even when the institution's overall rate looks fine. Data only; each entry cites the provider's page.
 */
export interface LargeReceiver {
  readonly id: string;
  /** The provider as a reader knows it. */
  readonly name: string;
  /** `org_name` values its reports carry, lowercase. */
  readonly orgNames: readonly string[];
  readonly sources: readonly string[];
}

export const LARGE_RECEIVERS: readonly LargeReceiver[] = [
  {
    id: 'gmail',
    name: 'Gmail',
    orgNames: ['google.com'],
    sources: ['https://support.google.com/a/answer/81126'],
  },
  {
    // Yahoo's reports said "Yahoo! Inc." before they said "Yahoo".
    id: 'yahoo',
    name: 'Yahoo',
    orgNames: ['yahoo', 'yahoo! inc.', 'yahoo inc.'],
    sources: ['https://senders.yahooinc.com/best-practices/'],
  },
  {
    // Consumer Outlook.com reports as "Outlook.com"; Microsoft 365 (business) as "Enterprise Outlook".
    id: 'outlook',
    name: 'Outlook.com',
    orgNames: ['outlook.com', 'enterprise outlook', 'microsoft corporation'],
    sources: ['https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730'],
  },
];

/** The large receiver that sends reports under this `org_name`, or undefined (case and surrounding space do not matter). */
export function largeReceiverOf(orgName: string, receivers: readonly LargeReceiver[] = LARGE_RECEIVERS): LargeReceiver | undefined {
  const name = orgName.trim().toLowerCase();
  return receivers.find((r) => r.orgNames.includes(name));
}
