// The plugin-cache gate: an init that would write the cache runs alone; once a lock file's providers are in the
// cache, its inits run together.
import { PluginCacheGate } from '../../pipeline/cache-gate';

/** An init that records how many inits overlap it, and finishes when `release` is called. */
function recorder() {
  let running = 0;
  const overlaps: number[] = [];
  const pending: (() => void)[] = [];
  const init = (ok: boolean) => () =>
    new Promise<boolean>((resolve) => {
      running++;
      overlaps.push(running);
      pending.push(() => {
        running--;
        resolve(ok);
      });
    });
  /** Lets every init now running finish; resolves after the gate has started the next ones. */
  const releaseAll = async () => {
    pending.splice(0).forEach((f) => f());
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { init, overlaps, releaseAll, running: () => running };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('PluginCacheGate', () => {
  it('runs the first init of a lock file alone, then the others together', async () => {
    const gate = new PluginCacheGate();
    const r = recorder();
    const all = Array.from({ length: 4 }, () => gate.init('aws', r.init(true), (ok) => ok));
    await settle();
    expect(r.running()).toBe(1);
    await r.releaseAll();
    expect(r.running()).toBe(3);
    await r.releaseAll();
    await Promise.all(all);
    expect(r.overlaps).toEqual([1, 1, 2, 3]);
  });

  it('after a failed first init, the next one still runs alone', async () => {
    const gate = new PluginCacheGate();
    const r = recorder();
    const first = gate.init('aws', r.init(false), (ok) => ok);
    const rest = [gate.init('aws', r.init(true), (ok) => ok), gate.init('aws', r.init(true), (ok) => ok)];
    await settle();
    await r.releaseAll();
    expect(r.running()).toBe(1);
    await r.releaseAll();
    expect(r.running()).toBe(1);
    await r.releaseAll();
    await Promise.all([first, ...rest]);
    expect(r.overlaps).toEqual([1, 1, 1]);
  });

  it('a cold lock file waits for the warm inits running, and they wait for it', async () => {
    const gate = new PluginCacheGate();
    const r = recorder();
    const warmUp = gate.init('aws', r.init(true), (ok) => ok);
    await settle();
    await r.releaseAll();
    await warmUp;
    const warm = gate.init('aws', r.init(true), (ok) => ok);
    const cold = gate.init('cloudflare', r.init(true), (ok) => ok);
    const warmAfter = gate.init('aws', r.init(true), (ok) => ok);
    await settle();
    expect(r.running()).toBe(1); // the warm one; the cold one waits, and the later warm one waits behind it
    await r.releaseAll();
    expect(r.running()).toBe(1); // the cold one, alone
    await r.releaseAll();
    expect(r.running()).toBe(1); // the later warm one
    await r.releaseAll();
    await Promise.all([warm, cold, warmAfter]);
  });
});
