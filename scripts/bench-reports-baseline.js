'use strict';
// Baselines of the reports bench: read every file of a folder and parse it, nothing else (no field checks, no adding
// up, no output). Prints the files and messages seen so that the bench can check both sides read the same data.
//
//   node scripts/bench-reports-baseline.js DIR           fast-xml-parser, the XML parser `email-auth reports` used
//                                                          before it had its own reader, with the options it used
//                                                          (entities off, attributes ignored, namespace prefixes
//                                                          removed, values as trimmed strings); no well-formedness
//                                                          check, no bounds. The baseline the target is set against.
//   node scripts/bench-reports-baseline.js DIR --own     the project's own bounded XML reader (dist/reports/parse/xml),
//                                                          to show what the analysis costs on top of parsing.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The options `reports` gave fast-xml-parser (the tests compare the project's reader with it under these too). */
const FAST_XML_PARSER_OPTIONS = Object.freeze({
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

function ownReader() {
  const { parseXml } = require('../dist/reports/parse/xml');
  return {
    parse: (xml) => {
      const tree = parseXml(xml);
      return { [tree.root]: tree.value };
    },
  };
}

function main(dir, own) {
  const parser = own ? ownReader() : new (require('fast-xml-parser').XMLParser)(FAST_XML_PARSER_OPTIONS);
  let files = 0;
  let messages = 0;
  for (const name of readdirSync(dir).sort()) {
    const tree = parser.parse(readFileSync(join(dir, name), 'utf8'));
    const records = tree.feedback.record;
    for (const record of Array.isArray(records) ? records : [records]) messages += Number(record.row.count);
    files++;
  }
  process.stdout.write(JSON.stringify({ files, messages }));
}

if (require.main === module) main(process.argv[2], process.argv[3] === '--own');

module.exports = { FAST_XML_PARSER_OPTIONS };
