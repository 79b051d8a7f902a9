export * from './email-auth-base';
export * from './route53-email-auth';
export * from './cloudflare-email-auth';
