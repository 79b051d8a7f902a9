'use strict';
// The exact versions of each CDK core and its AWS binding that the tests and the bench install: tested together.
// Exact, because a range lets npm take a newer binding built for a newer core than the one beside it (a bare
// `npm install cdktn @cdktn/provider-aws` once took a binding whose peer was cdktn ^0.23). `constructs` comes from
// this package's peer range: npm takes the newest version that every installed package accepts (10.7.x with cdktn).
const TESTED_CORES = {
  cdktn: ['cdktn@0.24.0', '@cdktn/provider-aws@25.7.0'],
  cdktf: ['cdktf@0.21.0', '@cdktf/provider-aws@21.22.1'],
};

module.exports = { TESTED_CORES };
