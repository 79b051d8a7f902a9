// A real npm registry on loopback for the publish test: Verdaccio (npm `verdaccio`) in a child process, with its
// storage in a temporary folder. Our own package can be published to it by anyone and is never looked up upstream;
// every other package is proxied from the registry that `npm config get registry` names.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { npmEnv, REPO_ROOT, run } from './npm';

export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** The npmrc that points npm at this registry, with a token for it (Verdaccio takes any for `$anonymous`). */
  readonly npmrc: string;
  /**
   * An environment in which plain `npm`, `npx` and `npm ci` use this registry and nothing of the outer run: the
   * outer npm's own settings are dropped (scripts/npm-env.js), the npmrc above is the user config. `extra` is added.
   */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** The server's last output (for a failure message). */
  log(): string;
  stop(): Promise<void>;
}

/** Why Verdaccio cannot run here, or undefined when it can. */
export function verdaccioUnavailableReason(): string | undefined {
  try {
    require.resolve('verdaccio/package.json', { paths: [REPO_ROOT] });
    return undefined;
  } catch {
    return 'the verdaccio dev dependency is not installed (npm ci)';
  }
}

/** The registry npm uses outside this test (what Verdaccio proxies). */
export function upstreamRegistry(): string {
  const registry = run('npm', ['config', 'get', 'registry'], { cwd: REPO_ROOT, timeoutMs: 30_000 }).stdout.trim();
  return registry === '' || registry === 'undefined' ? 'https://registry.npmjs.org/' : registry;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const MAX_LOG = 64 * 1024;

/**
 * GET over a connection of its own, closed after the answer (no keep-alive agent, unlike fetch, whose pooled socket
 * keeps a jest worker from exiting). Resolves with the status and the body as text; rejects after `timeoutMs`.
 */
export function httpGet(url: URL, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url.href}: no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/**
 * Starts Verdaccio on a free loopback port and resolves once `/-/ping` answers; rejects, with its output, when it
 * exits first or does not answer within `readyMs`. `ownPackages` may be published anonymously and are never proxied.
 */
export async function startVerdaccio(options: { ownPackages: readonly string[]; upstream: string; readyMs?: number }): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const own = Object.fromEntries(options.ownPackages.map((name) => [name, { access: '$all', publish: '$anonymous', unpublish: '$anonymous' }]));
  const config = {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: -1 } },
    uplinks: { upstream: { url: options.upstream, timeout: '120s', max_fails: 5 } },
    packages: { ...own, '@*/*': { access: '$all', proxy: 'upstream' }, '**': { access: '$all', proxy: 'upstream' } },
    web: { enable: false },
    max_body_size: '100mb',
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  };
  mkdirSync(config.storage);
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, stringify(config));
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=email-auth-dns-test\n`);

  // Node trusts its own CA list; the npm config may name another (a proxy's), which Verdaccio's uplink then needs too.
  const cafile = run('npm', ['config', 'get', 'cafile'], { cwd: REPO_ROOT, timeoutMs: 30_000 }).stdout.trim();
  const caEnv = cafile && cafile !== 'null' && cafile !== 'undefined' ? { NODE_EXTRA_CA_CERTS: cafile } : {};
  const bin = require.resolve('verdaccio/bin/verdaccio', { paths: [REPO_ROOT] });
  const child: ChildProcess = spawn(process.execPath, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: { ...process.env, ...caEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = `${output}${chunk.toString('utf8')}`.slice(-MAX_LOG));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyMs ?? 60_000);
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`verdaccio exited before it answered on ${url}:\n${output}`);
    }
    if ((await httpGet(new URL('-/ping', url), 2_000).catch(() => undefined))?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer on ${url}-/ping within ${(options.readyMs ?? 60_000) / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    npmrc,
    env: (extra = {}) => {
      const env = npmEnv();
      for (const key of Object.keys(env)) if (/^npm_config_(userconfig|registry|cache)$/i.test(key)) delete env[key];
      return { ...env, npm_config_userconfig: npmrc, ...extra };
    },
    log: () => output,
    stop,
  };
}
