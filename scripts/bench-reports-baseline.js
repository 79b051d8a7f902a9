'use strict';
// Baseline of the reports bench: reads every file of a folder and parses it with fast-xml-parser, the XML parser
// `email-auth reports` used before it had its own bounded reader, with the options it used (entities off, attributes
// ignored, namespace prefixes removed, values as trimmed strings), and nothing else: no well-formedness check, no
// bounds, no field checks, no adding up. Prints the files and messages seen so that the bench can check both sides
// read the same data.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { XMLParser } = require('fast-xml-parser');

const dir = process.argv[2];
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});
let files = 0;
let messages = 0;
for (const name of readdirSync(dir).sort()) {
  const tree = parser.parse(readFileSync(join(dir, name), 'utf8'));
  const records = tree.feedback.record;
  for (const record of Array.isArray(records) ? records : [records]) messages += Number(record.row.count);
  files++;
}
process.stdout.write(JSON.stringify({ files, messages }));
