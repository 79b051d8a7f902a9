// The prebuilt AWS provider binding of the core in use, `@cdktn/provider-aws` or `@cdktf/provider-aws`, by deep imports
// only (the package root loads every AWS resource: seconds and hundreds of MB). The types are those of the
// development dependency `@cdktf/provider-aws`; the three classes used here have the same shape in both bindings.
//
// Loading this module loads the binding, or throws a MissingPeerDependencyError naming what to install.
import type * as ProviderModule from '@cdktf/provider-aws/lib/provider';
import type * as RecordModule from '@cdktf/provider-aws/lib/route53-record';
import type * as ZoneModule from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { requireFamily } from './family';

const { aws } = requireFamily('the Route53 constructs', true);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(path: string): T => require(`${aws}/lib/${path}`) as T;

export const AwsProvider = load<typeof ProviderModule>('provider').AwsProvider;
export type AwsProvider = ProviderModule.AwsProvider;
export const Route53Record = load<typeof RecordModule>('route53-record').Route53Record;
export type Route53Record = RecordModule.Route53Record;
export const DataAwsRoute53Zone = load<typeof ZoneModule>('data-aws-route53-zone').DataAwsRoute53Zone;
export type DataAwsRoute53Zone = ZoneModule.DataAwsRoute53Zone;
