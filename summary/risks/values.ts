import { RecordChange } from '../record-change';
import { RecordKind, valueKind } from '../classify';

/** The values of one kind on each side of a change (the name and type before it for the old side). */
export function valuesOfKind(change: RecordChange, kind: RecordKind): { before: string[]; after: string[] } {
  const nameBefore = change.nameBefore ?? change.name;
  const typeBefore = change.typeBefore ?? change.type;
  return {
    before: change.before.filter((v) => valueKind(nameBefore, typeBefore, v) === kind),
    after: change.after.filter((v) => valueKind(change.name, change.type, v) === kind),
  };
}

/** The first label of a DKIM name is its selector (`stxsel1._domainkey.example.com`). */
export function selectorOf(name: string): string {
  return name.split('.')[0] ?? name;
}
