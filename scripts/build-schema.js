'use strict';
// Writes dist/institutions.schema.json: the JSON Schema (draft-07, what editors' YAML support reads) of the config
// file, from the zod schema in config/document-schema.ts, with each key's `.describe()` text as its description.
// Run by scripts/build.js after tsc, so it reads the compiled schema.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { zodToJsonSchema } = require('zod-to-json-schema');

const SCHEMA_FILE = 'institutions.schema.json';

/** The JSON Schema of a compiled dist/ folder. */
function configJsonSchema(dist) {
  return jsonSchemaOf(require(join(dist, 'config', 'document-schema.js')));
}

/**
 * The JSON Schema of the config document module (config/document-schema.ts, compiled or not): tests build it from
 * the sources, so the configuration reference they compare is the one the current schema gives.
 */
function jsonSchemaOf({ configDocument, requiredKeysRule }) {
  const schema = zodToJsonSchema(configDocument, {
    target: 'jsonSchema7',
    // The file's form, not the loader's result: `fo: 1` and `adoptExisting: true` are what users write.
    effectStrategy: 'input',
    // Keep `default` out of "required": a key with a default may be left out of the file.
    // `/…/i` patterns keep their meaning (JSON Schema patterns have no flags).
    applyRegexFlags: true,
    // No $ref between definitions: editors show the description where the key is.
    $refStrategy: 'none',
  });
  const { $schema, ...body } = schema;
  return {
    $schema,
    title: 'email-auth-dns institutions',
    ...body,
    allOf: requiredKeysRule(),
  };
}

function writeSchema(dist) {
  writeFileSync(join(dist, SCHEMA_FILE), `${JSON.stringify(configJsonSchema(dist), null, 2)}\n`);
}

module.exports = { configJsonSchema, jsonSchemaOf, writeSchema, SCHEMA_FILE };
