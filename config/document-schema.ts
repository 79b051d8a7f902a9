import { z } from 'zod';
import { backendShapes, partialInstitution, reportCollector, REQUIRED_INSTITUTION_KEYS } from './schema';

/**
 * The whole config file in one zod schema, from the same parts the loader checks step by step (config/load.ts): the
 * JSON Schema that editors use is built from it (scripts/build-schema.js), and a test holds both to the same verdicts.
 * The loader itself checks in steps so that each error names the one field at fault.
 */

/** A backend: `type` picks the shape; without `type` it is the local backend. */
export const backendDocument = z
  .union([backendShapes.local.extend({ type: backendShapes.local.shape.type.optional() }), backendShapes.s3, backendShapes.cloud])
  .describe('Where Terraform keeps each stack\'s state: local (default), s3 or cloud.');

export const institutionDocument = partialInstitution.describe(
  'One institution: one Terraform stack, email-auth-<code>. code, domain and provider are required, here or in defaults.',
);

export const configDocument = z
  .object({
    defaults: partialInstitution.describe('Merged under every institution: maps one level deep, lists replace.').optional(),
    backend: backendDocument.optional(),
    institutions: z.array(institutionDocument).min(1, 'list at least one institution').describe('The institutions whose mail the platform sends.'),
    reportAuthorizations: z
      .array(reportCollector)
      .describe('Zones this config manages only to publish DMARC report authorisations, such as a central report collector\'s: one stack each.')
      .optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    // Required keys may come from defaults, so an institution alone cannot require them (see requiredKeysRule).
    file.institutions.forEach((inst, i) => {
      for (const key of REQUIRED_INSTITUTION_KEYS) {
        if (inst[key] === undefined && file.defaults?.[key] === undefined) ctx.addIssue({ code: 'custom', path: ['institutions', i, key], message: 'is required' });
      }
    });
  })
  .describe('email-auth-dns config: the institutions whose SPF, DKIM, DMARC and MX records to publish.');

/**
 * The required keys in JSON Schema terms: an institution's schema cannot require `code`, `domain` or `provider`,
 * because `defaults` may give them. So, per key: when `defaults` does not give it, every institution must.
 */
export function requiredKeysRule(): object[] {
  return REQUIRED_INSTITUTION_KEYS.map((key) => ({
    if: { not: { required: ['defaults'], properties: { defaults: { required: [key] } } } },
    then: { properties: { institutions: { items: { required: [key] } } } },
  }));
}
