// The CDK core, CDK Terrain (`cdktn`) or CDK for Terraform (`cdktf`), whichever is installed (core/packages.ts says
// which when both are): the one place that loads it. Every other file takes App, TerraformStack, Token... from here,
// so the rest of the code reads the same under both. The types are cdktf's (a development dependency): cdktn 0.24
// is cdktf 0.21 renamed, with the same classes and signatures, so the one set of types describes both.
//
// Loading this module loads the core, or throws a MissingPeerDependencyError naming what to install.
import type * as Core from 'cdktf';
import { PACKAGE_NAME } from '../io/package-json';
import { requireFamily } from './family';

const family = requireFamily(PACKAGE_NAME, false);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require(family.core) as typeof Core;

/** The core this process runs on: its package name and version (written into each stack's `//` metadata). */
export const CORE: { readonly name: typeof family.core; readonly version: string } = {
  name: family.core,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  version: (require(`${family.core}/package.json`) as { version: string }).version,
};

export const App = core.App;
export type App = Core.App;
export const TerraformStack = core.TerraformStack;
export type TerraformStack = Core.TerraformStack;
export const TerraformOutput = core.TerraformOutput;
export type TerraformOutput = Core.TerraformOutput;
export const TerraformResource = core.TerraformResource;
export type TerraformResource = Core.TerraformResource;
export const TerraformDataSource = core.TerraformDataSource;
export type TerraformDataSource = Core.TerraformDataSource;
export const TerraformProvider = core.TerraformProvider;
export type TerraformProvider = Core.TerraformProvider;
export const Annotations = core.Annotations;
export type Annotations = Core.Annotations;
export const Token = core.Token;
export type Token = Core.Token;
export const LocalBackend = core.LocalBackend;
export type LocalBackend = Core.LocalBackend;
export const S3Backend = core.S3Backend;
export type S3Backend = Core.S3Backend;
export const CloudBackend = core.CloudBackend;
export type CloudBackend = Core.CloudBackend;
export const NamedCloudWorkspace = core.NamedCloudWorkspace;
export type NamedCloudWorkspace = Core.NamedCloudWorkspace;
export type TerraformBackend = Core.TerraformBackend;
export type TerraformMetaArguments = Core.TerraformMetaArguments;
export const TerraformVariable = core.TerraformVariable;
export type TerraformVariable = Core.TerraformVariable;
/** cdktf's test helpers (`Testing.synthScope`...), for the tests; part of the core's root, so loading it costs nothing. */
export const Testing = core.Testing;
