// Configs the terraform tests synthesize besides the shipped example: one Route53 stack per feature that changes
// the Terraform it produces (long SPF, keepTxt, two MX, protect, zone by name, adoption, each backend) and
// Cloudflare stacks for the JSON-level checks.

/** ip4 terms that push the SPF record past 255 characters: it must travel as two strings. */
export const MANY_IP4 = Array.from({ length: 14 }, (_, i) => `ip4:198.51.100.${i + 10}`);

/** A Route53 zone given by id: everything a plan can check offline. */
export const ROUTE53_BY_ID = {
  institutions: [
    {
      code: 'zoo',
      domain: 'zoo-basel.ch',
      provider: 'route53',
      zoneId: 'Z0ZOOBASEL0000000001',
      ttl: 300,
      spf: { mechanisms: ['include:_spf.google.com', ...MANY_IP4], all: '-all' },
      dmarc: { policy: 'reject', rua: ['mailto:dmarc@zoo-basel.ch'] },
      mx: [
        { priority: 10, host: 'mx1.zoo-basel.ch' },
        { priority: 20, host: 'mx2.zoo-basel.ch' },
      ],
      keepTxt: ['google-site-verification=zoo123', 'MS=ms98765'],
      protect: true,
    },
  ],
};

/**
 * Report authorisations on Route53, zones by id: a collector's stack with one record per institution reporting into
 * it, one of them retired with `forget` (a `removed` block instead of a record).
 */
export const ROUTE53_REPORTS = {
  institutions: [
    { code: 'news', domain: 'news.theater.example', provider: 'route53', zoneId: 'Z0NEWS00000000000001', dmarc: { rua: ['mailto:d@reports.vendor.example'] } },
    { code: 'old', domain: 'old.example', provider: 'route53', zoneId: 'Z0OLD000000000000001', retired: 'forget', dmarc: { rua: ['mailto:d@reports.vendor.example'] } },
  ],
  reportAuthorizations: [{ name: 'vendor', reportDomain: 'reports.vendor.example', provider: 'route53', zoneId: 'Z0VENDOR000000000001', ttl: 600 }],
};

/** Route53 variants that validate but cannot be planned offline (zone lookup, imports) or use remote state. */
export const ROUTE53_VARIANTS = {
  institutions: [
    // Zone looked up by name: the data source needs the API at plan time.
    { code: 'byname', domain: 'tickets.theater.example', provider: 'route53', zoneName: 'theater.example' },
    // Adopting existing SPF and MX: import blocks, and allow_overwrite set explicitly.
    { code: 'adopt', domain: 'adopt.example', provider: 'route53', zoneId: 'Z0ADOPT0000000000001', adoptExisting: ['spf', 'mx'], mx: [{ priority: 5, host: 'mail.adopt.example' }], allowOverwrite: false },
    { code: 'adoptall', domain: 'adoptall.example', provider: 'route53', zoneId: 'Z0ADOPT0000000000002', adoptExisting: true },
  ],
};

export const S3_BACKEND = {
  backend: { type: 's3', bucket: 'secutix-dns-state', region: 'eu-central-1' },
  institutions: [{ code: 'state', domain: 'state.example', provider: 'route53', zoneId: 'Z0STATE0000000000001' }],
};

export const CLOUD_BACKEND = {
  backend: { type: 'cloud', organization: 'secutix', workspacePrefix: 'dns-', project: 'email-auth' },
  institutions: [{ code: 'hcp', domain: 'hcp.example', provider: 'route53', zoneId: 'Z0HCP00000000000001' }],
};

/** Cloudflare by id and by name, long SPF, keepTxt (left alone on Cloudflare), protect. */
export const CLOUDFLARE = {
  institutions: [
    {
      code: 'kunsthaus',
      domain: 'kunsthaus.example',
      provider: 'cloudflare',
      zoneId: '0123456789abcdef0123456789abcdef',
      spf: { mechanisms: MANY_IP4 },
      mx: [{ priority: 10, host: 'mx.kunsthaus.example' }],
      keepTxt: ['google-site-verification=kh'],
      protect: true,
    },
    { code: 'tonhalle', domain: 'mail.tonhalle.example', provider: 'cloudflare', zoneName: 'tonhalle.example', ttl: 300 },
  ],
};
