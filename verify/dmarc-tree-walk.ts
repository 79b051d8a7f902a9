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
  const steps: TreeWalkStep[] = [];
  for (const name of treeWalkNames(domain)) {
    const answer = steps.length === 0 && first ? first : await resolver.query(`_dmarc.${name}`, 'TXT');
    const step = { name, answer: walkAnswer(answer) };
    steps.push(step);
    if (endsTreeWalk(step.answer)) break;
  }
  return steps;
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
