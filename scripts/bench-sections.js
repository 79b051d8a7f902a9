'use strict';
// The marked sections of BENCHMARKS.md (`<!-- bench:NAME -->` … `<!-- /bench:NAME -->`): each row that runs on its
// own (reports, pipeline, check-verify) replaces its section in place, and a full run keeps the sections of rows it
// skipped.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');

const markers = (name) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];

/** The sections named, in that order, as they stand in `text` (each with its markers); absent ones left out. */
function sectionsBetweenMarkers(text, names) {
  return names.flatMap((name) => {
    const [start, end] = markers(name);
    const [a, b] = [text.indexOf(start), text.indexOf(end)];
    return a >= 0 && b > a ? [text.slice(a, b + end.length)] : [];
  });
}

/** Puts `section` (which starts and ends with its markers) into the file: replaces the previous one, or appends it. */
function spliceSection(file, name, section) {
  const [start, end] = markers(name);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const [a, b] = [text.indexOf(start), text.indexOf(end)];
  writeFileSync(file, a >= 0 && b > a ? `${text.slice(0, a)}${section}${text.slice(b + end.length)}` : `${text.trimEnd()}\n\n${section}\n`);
}

module.exports = { markers, sectionsBetweenMarkers, spliceSection };
