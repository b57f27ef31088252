// Evaluates every flag of flagd flag definitions for every context with @openfeature/flagd-core, as a flagd
// in-process provider for JavaScript does. Usage: node evaluate.js INPUT.json > OUTPUT.json
// INPUT: {"contexts": [{...}, ...], "environments": [{"document": {flagd JSON}, "types": {"flag": "boolean"|...}}]}
// OUTPUT: per environment, per flag (in the order of "types"), per context: [value, variant, reason, errorCode]
'use strict';
const fs = require('fs');
const { FlagdCore } = require('@openfeature/flagd-core');

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const defaults = { boolean: false, string: '', number: 0, object: {} };
const output = input.environments.map(({ document, types }) => {
  const core = new FlagdCore();
  core.setConfigurations(JSON.stringify(document));
  return Object.entries(types).map(([flag, type]) => input.contexts.map((context) => {
    const details = core.resolve(type, flag, defaults[type], context);
    return [details.value, details.variant ?? null, details.reason, details.errorCode ?? null];
  }));
});
process.stdout.write(JSON.stringify(output));
