'use strict';
// Baseline of the reports bench: reads every file of a folder and parses it with the same XML parser and options
// as `email-auth reports`, nothing else (no validation, no checks, no adding up). Prints the files and messages seen
// so that the bench can check both sides read the same data.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { XMLParser } = require('fast-xml-parser');
const { xmlParserOptions } = require('../dist/reports/parse/xml');

const dir = process.argv[2];
const parser = new XMLParser(xmlParserOptions());
let files = 0;
let messages = 0;
for (const name of readdirSync(dir).sort()) {
  const tree = parser.parse(readFileSync(join(dir, name), 'utf8'));
  const records = tree.feedback.record;
  for (const record of Array.isArray(records) ? records : [records]) messages += Number(record.row.count);
  files++;
}
process.stdout.write(JSON.stringify({ files, messages }));
