import { RECORD_PURPOSES, RecordPurpose } from '../model/records';

/**
 * The functions config/schema.ts passes to `.transform()`, in a module without zod, so that the compiled shape
 * checks (config/generated-shape-checks.ts) call the very same code.
 */

/** `adoptExisting`: `true` adopts every record set, `false` none, a list the purposes it names. */
export function adoptExistingList(value: boolean | RecordPurpose[]): RecordPurpose[] {
  return value === true ? [...RECORD_PURPOSES] : value === false ? [] : value;
}
