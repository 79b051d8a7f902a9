// What in a synthesized stack says which CDK core wrote it: the core's version in the stack's `//` metadata
// (`"version": "0.21.0"` from cdktf, `"0.24.0"` from cdktn) and in manifest.json. Everything else is the same under
// both cores, byte for byte (__tests__/core/other-core.int.test.ts), so comparisons and snapshots leave only this out.

/** A stack's `cdk.tf.json` (parsed) without `//.metadata.version`; other keys keep their order. */
export function withoutCoreVersion<T>(stack: T): T {
  if (typeof stack !== 'object' || stack === null || !('//' in stack)) return stack;
  const meta = (stack as { '//': { metadata?: Record<string, unknown> } })['//'];
  if (!meta.metadata || !('version' in meta.metadata)) return stack;
  const { version: _, ...metadata } = meta.metadata;
  return { ...stack, '//': { ...meta, metadata } };
}

/** A stack's or manifest's text with the core's version, the one line that differs between cores, taken out. */
export function textWithoutCoreVersion(text: string, coreVersion: string): string {
  const line = `"version": ${JSON.stringify(coreVersion)}`;
  const at = text.indexOf(line);
  if (at < 0) throw new Error(`no ${line} in the synthesized text`);
  if (text.indexOf(line, at + 1) >= 0) throw new Error(`${line} twice in the synthesized text`);
  return text.slice(0, at) + '"version": "<core>"' + text.slice(at + line.length);
}
