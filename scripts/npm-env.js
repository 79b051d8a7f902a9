'use strict';
/**
 * The environment for child npm processes of the tests and the bench: this process's, less the `npm_config_*`,
 * `npm_package_*` and `npm_lifecycle_*` variables that an outer `npm test` or `npm run bench` sets for its own run (an
 * `omit`, `global` or `prefix` of the outer run must not reach the installs), keeping the cache and the registry.
 */
function npmEnv(extra = {}) {
  const keep = /^npm_config_(cache|registry|userconfig)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key) || keep.test(key)));
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

module.exports = { npmEnv };
