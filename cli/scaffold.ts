import { CORE_FAMILIES, CoreName } from '../core/packages';
import { PACKAGE_NAME } from '../io/package-json';

/** One file `email-auth init` writes, by its path in the new repository. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** Files copied from the package's templates/init/ folder: path in the new repository → template file name. */
export const TEMPLATE_FILES = {
  'institutions.yaml': 'institutions.yaml',
  // npm leaves every `.gitignore` out of a package: the template goes by another name.
  '.gitignore': 'gitignore',
  '.github/workflows/dns.yml': 'workflow.yml',
  'README.md': 'README.md',
} as const;

export type TemplateTexts = Readonly<Record<keyof typeof TEMPLATE_FILES, string>>;

/**
 * cdktf.json's app in the new repository: the installed CLI's synth, run by node directly (not through npx or npm,
 * which add 0.2-0.5 s to every synth, nor through `.bin`, whose form differs on Windows).
 */
export const SCAFFOLD_APP = `node node_modules/${PACKAGE_NAME}/dist/cli/main.js synth`;

/** The core a new repository runs on unless `--core` says otherwise: CDK Terrain, the maintained fork of cdktf. */
export const DEFAULT_SCAFFOLD_CORE: CoreName = 'cdktn';

/**
 * The peers a new repository depends on with a core: the core, constructs, and the core's AWS binding (the example
 * config has a Route53 institution; its Cloudflare institution needs no binding).
 */
export function scaffoldPeers(core: CoreName): string[] {
  const family = CORE_FAMILIES.find((f) => f.core === core)!;
  return [family.core, 'constructs', family.aws];
}

export interface ScaffoldInput {
  readonly templates: TemplateTexts;
  /** This package's version: the new repository depends on `^<version>`. */
  readonly version: string;
  /** This package's peer dependency ranges. */
  readonly peerDependencies: Readonly<Record<string, string>>;
  /** The CDK core the new repository runs on. */
  readonly core: CoreName;
  /** The new repository's folder name, for its package name. */
  readonly folderName: string;
}

/** Every file of a config-only repository, in the order `init` writes and lists them. */
export function scaffoldFiles(input: ScaffoldInput): ScaffoldFile[] {
  const name = packageName(input.folderName);
  const dependencies: Record<string, string> = { [PACKAGE_NAME]: `^${input.version}` };
  for (const peer of scaffoldPeers(input.core)) dependencies[peer] = input.peerDependencies[peer] ?? '*';
  const packageJson = {
    name,
    private: true,
    description: 'Email-authentication DNS records (SPF, DKIM, DMARC, MX) of our institutions, published by email-auth-dns',
    // `npm run --silent email-auth -- <command>` is how the workflow calls the CLI, here and in email-auth-dns itself.
    scripts: { 'email-auth': 'email-auth', check: 'email-auth check', synth: 'email-auth synth' },
    // The core's CLI (cdktn-cli, cdktf-cli) is not one of them: `deploy` is optional (README.md), and it weighs 400 MB.
    dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
    engines: { node: '>=20' },
  };
  const cdktfJson = {
    language: 'typescript',
    app: SCAFFOLD_APP,
    output: 'cdktf.out',
    projectId: name,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { path: 'institutions.yaml', text: input.templates['institutions.yaml'] },
    { path: 'cdktf.json', text: json(cdktfJson) },
    { path: 'package.json', text: json(packageJson) },
    { path: '.gitignore', text: input.templates['.gitignore'] },
    { path: '.github/workflows/dns.yml', text: input.templates['.github/workflows/dns.yml'] },
    { path: 'README.md', text: input.templates['README.md'] },
  ];
}

/** An npm package name from a folder name: lowercase, URL-safe characters, at most 214; `email-auth-config` else. */
export function packageName(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name === '' || name === 'node_modules' || name === 'favicon.ico' ? 'email-auth-config' : name;
}
