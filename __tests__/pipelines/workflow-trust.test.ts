// Every shipped workflow, read as YAML data, keeps the trust rules of issue 15 item 2: deploy credentials and applies
// only in the job behind `environment: production`, which never runs on a pull request; every action pinned to a
// full commit SHA with its version in a comment; no checkout leaves the token in .git/config. Each rule is shown
// firing on a workflow that breaks it (the shape of the dns.yml of before this rule, among them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_CREDENTIALS, excludesPullRequests, workflowTrustProblems } from '../helpers/workflow-trust';

const ROOT = join(__dirname, '..', '..');
const SHIPPED = [
  ...readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join('.github', 'workflows', f)),
  join('templates', 'init', 'workflow.yml'),
];

const CHECKOUT = 'actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0';

describe('the shipped workflows', () => {
  it('are the four we know of (a new one is checked too, by being in this list)', () => {
    expect(SHIPPED.sort()).toEqual(['.github/workflows/dmarc-reports.yml', '.github/workflows/dns.yml', '.github/workflows/release.yml', 'templates/init/workflow.yml']);
  });

  it.each(SHIPPED)('%s keeps every rule', (file) => {
    expect(workflowTrustProblems(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('the deploy credentials are named in one list, and dns.yml uses each of them in its deploy job only', () => {
    expect(DEPLOY_CREDENTIALS).toEqual(['AWS_DEPLOY_ROLE_ARN', 'CLOUDFLARE_API_TOKEN', 'TF_API_TOKEN']);
    const text = readFileSync(join(ROOT, '.github', 'workflows', 'dns.yml'), 'utf8');
    for (const name of DEPLOY_CREDENTIALS) expect(text.match(new RegExp(`(?:secrets|vars)\\.${name}(?![A-Z_])`, 'g'))).toHaveLength(1);
  });
});

describe('each rule fires', () => {
  const workflow = (jobs: string, on = 'on: [pull_request, push]') => `name: t\n${on}\njobs:\n${jobs}`;

  it.each<[string, string, string[]]>([
    [
      'the dns.yml of before: the PR plan job holds the apply-capable HCP token; actions pinned by tag',
      workflow(`  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm run --silent email-auth -- plan --out plans
        env:
          CLOUDFLARE_API_TOKEN: \${{ secrets.CLOUDFLARE_API_TOKEN_PLAN }}
          TF_TOKEN_app_terraform_io: \${{ secrets.TF_API_TOKEN }}
`),
      [
        'plan: names the deploy credential TF_API_TOKEN without environment: production',
        'plan: checks out without persist-credentials: false (the job does not push: the token must not stay in .git/config)',
        '(uses): actions/checkout@v4 is not pinned to a full commit SHA',
      ],
    ],
    [
      'a deploy role in a job without the environment',
      workflow(`  x:
    runs-on: ubuntu-latest
    if: github.event_name == 'push'
    steps:
      - run: echo \${{ vars.AWS_DEPLOY_ROLE_ARN }}
`),
      ['x: names the deploy credential AWS_DEPLOY_ROLE_ARN without environment: production'],
    ],
    [
      'production on a job that may run on a pull request',
      workflow(`  deploy:
    runs-on: ubuntu-latest
    environment: { name: production }
    steps:
      - run: npm run --silent email-auth -- apply --plans plans
        env: { T: "\${{ secrets['CLOUDFLARE_API_TOKEN'] }}" }
`),
      ['deploy: names the deploy credential CLOUDFLARE_API_TOKEN and may run on a pull request', 'deploy: environment production in a job that may run on a pull request (its if: must exclude them)'],
    ],
    [
      'an apply without the environment, in any form',
      workflow(`  a:
    runs-on: ubuntu-latest
    if: github.event_name == 'schedule'
    steps:
      - run: terraform -chdir=cdktf.out/stacks/x apply -auto-approve
  b:
    runs-on: ubuntu-latest
    if: github.event_name == 'schedule'
    steps:
      - run: npx cdktf deploy --auto-approve
`, 'on: [schedule]'),
      ['a: applies without environment: production', 'b: applies without environment: production'],
    ],
    [
      'every secret handed over at once',
      workflow(`  a:
    uses: ./.github/workflows/other.yml
    secrets: inherit
`, 'on: [push]'),
      DEPLOY_CREDENTIALS.map((c) => `a: names the deploy credential ${c} without environment: production`),
    ],
    [
      'a SHA without its version comment, and a short SHA',
      workflow(`  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020
      - uses: actions/cache@0057852 # v4.3.0
`, 'on: [push]'),
      [
        '(uses): actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 has no version comment (# v1.2.3) saying which release the SHA is',
        '(uses): actions/cache@0057852 is not pinned to a full commit SHA',
      ],
    ],
  ])('%s', (_what, text, problems) => {
    expect(workflowTrustProblems(text)).toEqual(problems);
  });

  it('a job that pushes may keep its credentials; a _PLAN secret is not a deploy one', () => {
    const text = workflow(`  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ${CHECKOUT}
      - run: git commit -am x && git push
        env: { T: "\${{ secrets.CLOUDFLARE_API_TOKEN_PLAN }}" }
`, 'on: [push]');
    expect(workflowTrustProblems(text)).toEqual([]);
  });
});

describe('excludesPullRequests', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ["github.event_name == 'push' && github.ref == 'refs/heads/main'", true],
    ["github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'", true],
    ["github.event_name == 'pull_request'", false],
    ["github.event_name == 'push' || github.event_name == 'pull_request'", false],
    ["github.event_name != 'pull_request'", false],
    ["always() && github.event_name == 'push'", true],
    ["(github.event_name == 'push' || github.ref == 'x') && true", false],
    ["${{ github.event_name == 'push' }}", true],
  ])('%j: %s', (condition, excludes) => {
    expect(excludesPullRequests(condition)).toBe(excludes);
  });
});
