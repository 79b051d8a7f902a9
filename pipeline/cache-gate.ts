/**
 * Terraform's plugin cache is not safe for concurrent `terraform init` runs that write it: two inits installing into
 * it at once fail with checksum mismatches or "text file busy" (hashicorp/terraform#31964, #32028; the docs say the
 * installer's behaviour is then undefined). Inits that only link what the cache already holds are safe together.
 *
 * So an init whose providers (its lock file) have not yet been installed by an init of this run runs alone; once one
 * such init has succeeded, every other stack with the same lock file inits in parallel. A cold cache costs one
 * serial init per distinct lock file, a warm one (restored in CI) one short serial init.
 */
export class PluginCacheGate {
  private readonly warm = new Set<string>();
  private readonly queue: { write: boolean; grant: () => void }[] = [];
  private readers = 0;
  private writer = false;

  /** Runs `init` for a stack whose lock file is `key`; `succeeded` says whether it installed its providers. */
  async init<T>(key: string, init: () => Promise<T>, succeeded: (result: T) => boolean): Promise<T> {
    if (!this.warm.has(key)) {
      await this.acquire(true);
      try {
        if (!this.warm.has(key)) {
          const result = await init();
          if (succeeded(result)) this.warm.add(key);
          return result;
        }
      } finally {
        this.release(true);
      }
    }
    await this.acquire(false);
    try {
      return await init();
    } finally {
      this.release(false);
    }
  }

  /** First come, first served: readers at the head of the queue go together, a writer waits for them and goes alone. */
  private acquire(write: boolean): Promise<void> {
    return new Promise((grant) => {
      this.queue.push({ write, grant });
      this.pump();
    });
  }

  private release(write: boolean): void {
    if (write) this.writer = false;
    else this.readers--;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.writer) {
      const head = this.queue[0]!;
      if (head.write && this.readers > 0) return;
      this.queue.shift();
      if (head.write) this.writer = true;
      else this.readers++;
      head.grant();
    }
  }
}
