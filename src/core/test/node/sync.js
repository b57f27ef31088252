// Syncs an environment from gitflags' flagd.sync.v1 gRPC service with @openfeature/flagd-provider in in-process
// mode, then evaluates requests with it. Usage: node sync.js PORT SELECTOR REQUESTS.json > RESULTS.json
// REQUESTS: [{"flag": key, "type": "boolean"|"string"|"number"|"object", "context": {...}}, ...]
// RESULTS: per request [value, variant, reason, errorCode]
'use strict';
const fs = require('fs');
const { OpenFeature } = require('@openfeature/server-sdk');
const { FlagdProvider } = require('@openfeature/flagd-provider');

async function main() {
  const [port, selector, requestsFile] = process.argv.slice(2);
  const provider = new FlagdProvider({ resolverType: 'in-process', host: '127.0.0.1', port: Number(port), selector });
  await OpenFeature.setProviderAndWait(provider);
  const client = OpenFeature.getClient();
  const requests = JSON.parse(fs.readFileSync(requestsFile, 'utf8'));
  const results = [];
  for (const { flag, type, context } of requests) {
    const details = type === 'boolean' ? await client.getBooleanDetails(flag, false, context)
      : type === 'string' ? await client.getStringDetails(flag, '', context)
      : type === 'number' ? await client.getNumberDetails(flag, 0, context)
      : await client.getObjectDetails(flag, {}, context);
    results.push([details.value, details.variant ?? null, details.reason, details.errorCode ?? null]);
  }
  process.stdout.write(JSON.stringify(results));
  await OpenFeature.close();
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
