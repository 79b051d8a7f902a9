// The trust rules every shipped GitHub Actions workflow must keep (issue 15, item 2), read from the workflow as YAML
// data: who may hold a deploy credential, who may apply, how actions are pinned, and that no job keeps the GitHub
// token in .git/config for the code it runs.
import { isScalar, parseDocument, visit } from 'yaml';

/** The credentials that can change DNS or state: only a job with `environment: production` may name them. */
export const DEPLOY_CREDENTIALS = ['AWS_DEPLOY_ROLE_ARN', 'CLOUDFLARE_API_TOKEN', 'TF_API_TOKEN'] as const;
/** The environment whose required reviewers approve a deploy. */
export const DEPLOY_ENVIRONMENT = 'production';

/** Events whose runs execute a pull request's code (and whose workflow file a pull request may have changed). */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
/** A step that changes infrastructure. */
const APPLY = /\b(?:email-auth(?:\s+--)?\s+apply|terraform(?:\s+-chdir=\S+)?\s+apply|cdktf\s+deploy)\b/;
/** `owner/repo[/path]@<40 hex>`; local actions and digest-pinned images are pinned by nature. */
const PINNED = /^(?:\.\/.*|docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}|[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40})$/;

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly environment?: string | { readonly name?: string };
  readonly uses?: string;
  readonly secrets?: unknown;
  readonly steps?: readonly Step[];
}
interface Workflow {
  readonly on?: unknown;
  readonly jobs?: Record<string, Job>;
}

/** Every rule broken by a workflow's text, one line each: `<job>: <what>`. */
export function workflowTrustProblems(text: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map((e) => `(yaml): ${e.message}`);
  const workflow = doc.toJS() as Workflow;
  const problems: string[] = [];
  const triggers = eventNames(workflow.on);
  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    const json = JSON.stringify(job);
    const deploys = environmentName(job) === DEPLOY_ENVIRONMENT;
    const onPullRequests = triggers.some((t) => PULL_REQUEST_EVENTS.includes(t)) && !excludesPullRequests(job.if);
    for (const credential of DEPLOY_CREDENTIALS) {
      if (!namesCredential(json, credential) && !(job.secrets === 'inherit' || /\btoJSON\(\s*secrets\s*\)/.test(json))) continue;
      if (!deploys) problems.push(`${name}: names the deploy credential ${credential} without environment: ${DEPLOY_ENVIRONMENT}`);
      else if (onPullRequests) problems.push(`${name}: names the deploy credential ${credential} and may run on a pull request`);
    }
    if (deploys && onPullRequests) problems.push(`${name}: environment ${DEPLOY_ENVIRONMENT} in a job that may run on a pull request (its if: must exclude them)`);
    const steps = job.steps ?? [];
    if (steps.some((s) => typeof s.run === 'string' && APPLY.test(s.run)) && !deploys) problems.push(`${name}: applies without environment: ${DEPLOY_ENVIRONMENT}`);
    const pushes = steps.some((s) => typeof s.run === 'string' && /\bgit\s+push\b/.test(s.run));
    for (const step of steps) {
      if (typeof step.uses === 'string' && /^actions\/checkout@/.test(step.uses) && !pushes && step.with?.['persist-credentials'] !== false) {
        problems.push(`${name}: checks out without persist-credentials: false (the job does not push: the token must not stay in .git/config)`);
      }
    }
  }
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value)) return;
      const uses = String(pair.value.value);
      if (!PINNED.test(uses)) problems.push(`(uses): ${uses} is not pinned to a full commit SHA`);
      else if (!uses.startsWith('./') && !uses.startsWith('docker://') && !/^\s*v?\d+(\.\d+)*\b/.test(pair.value.comment ?? '')) {
        problems.push(`(uses): ${uses} has no version comment (# v1.2.3) saying which release the SHA is`);
      }
    },
  });
  return problems;
}

/** The events of `on:` (a name, a list of names, or a map). */
function eventNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on !== null && typeof on === 'object') return Object.keys(on);
  return [];
}

function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** Whether the workflow names `secrets.NAME` / `vars.NAME` (or the `['NAME']` form), not a longer name. */
function namesCredential(json: string, name: string): boolean {
  return new RegExp(`\\b(?:secrets|vars)(?:\\.${name}(?![A-Za-z0-9_])|\\[\\s*'${name}'\\s*\\])`).test(json);
}

/**
 * Whether a job's `if:` keeps it off pull requests: one of its `&&` terms is `github.event_name == '<event>'` (or an
 * `||` of such terms) naming only events that are not pull requests. Anything else may run on one: the rule errs
 * towards a failing test, never a passing one.
 */
export function excludesPullRequests(condition: string | undefined): boolean {
  if (condition === undefined) return false;
  const expression = condition.replace(/^\s*\$\{\{\s*|\s*\}\}\s*$/g, '');
  if (/[()]/.test(expression.replace(/\b[a-zA-Z]+\([^()]*\)/g, 'f'))) return false;
  return expression.split('&&').some((term) => {
    const events = term.split('||').map((t) => /^\s*github\.event_name\s*==\s*'([a-z_]+)'\s*$/.exec(t)?.[1]);
    return events.every((e) => e !== undefined && !PULL_REQUEST_EVENTS.includes(e));
  });
}
