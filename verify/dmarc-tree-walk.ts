import { endsTreeWalk, TreeWalkAnswer, treeWalkAnswer, treeWalkNames, TreeWalkStep } from '../model/dmarc-tree-walk';
import { DnsAnswer, DnsResolver } from './resolver';

/**
 * Walks the DNS tree from `domain` as a receiver does (RFC 9989 §4.10): `_dmarc.<name>` TXT for the domain and its
 * parents, one at a time, until a record with `psd=y` or `psd=n` or the top-level domain. At most eight queries
 * (`treeWalkNames`). `first` is the answer for the domain itself when the caller already has it.
 *
 * A DNS error at one name counts as "no record there" and the walk goes on, as a receiver that fails open would
 * (RFC 9989 §4.10.1 leaves DNS errors to the receiver); the step keeps the error so that reasons can mention it.
 */
export async function walkDmarcTree(domain: string, resolver: DnsResolver, first?: DnsAnswer): Promise<TreeWalkStep[]> {
  const walk = new DmarcTreeWalk(domain);
  if (first) walk.add(first);
  for (let name = walk.next(); name !== undefined; name = walk.next()) walk.add(await resolver.query(name, 'TXT'));
  return walk.steps;
}

/**
 * The walk without the waiting: {@link next} names the query to ask, {@link add} takes its answer. verify feeds it
 * from answer callbacks, with no async frame per domain (issue 20).
 */
export class DmarcTreeWalk {
  readonly steps: TreeWalkStep[] = [];
  private readonly names: string[];
  private ended = false;

  constructor(domain: string) {
    this.names = treeWalkNames(domain);
  }

  /** `_dmarc.<name>` of the next name to ask, or undefined when the walk has ended. */
  next(): string | undefined {
    const name = this.ended ? undefined : this.names[this.steps.length];
    return name === undefined ? undefined : `_dmarc.${name}`;
  }

  /** The answer for the name {@link next} gave (the domain itself, first). */
  add(answer: DnsAnswer): void {
    const name = this.names[this.steps.length];
    if (name === undefined) return;
    const step = { name, answer: walkAnswer(answer) };
    this.steps.push(step);
    if (endsTreeWalk(step.answer)) this.ended = true;
  }
}

function walkAnswer(answer: DnsAnswer): TreeWalkAnswer {
  switch (answer.kind) {
    case 'records':
      return treeWalkAnswer(answer.values);
    case 'error':
      return { kind: 'error', code: answer.code, unreachable: answer.unreachable };
    default:
      return { kind: 'none' };
  }
}
