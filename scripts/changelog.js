'use strict';
// CHANGELOG.md as the release workflow reads it: one `## <version>` section per release.

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The section of `text` for `version`: its heading line (`## 0.2.0 (2026-12-01)`, or `## [0.2.0] - 2026-12-01`) and
 * its body up to the next `## ` heading, or undefined when no heading names exactly that version: `## 0.2.0` is not
 * the section of `0.2.0-rc.1`, nor `## 0.2.01` that of `0.2.0`.
 */
function changelogSection(text, version) {
  const heading = new RegExp(`^## \\[?${escapeRegExp(version)}\\]?(\\s|$)`);
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const end = next < 0 ? lines.length : next;
  return { heading: lines[start].trim(), body: lines.slice(start + 1, end).join('\n').trim() };
}

module.exports = { changelogSection };
