// Preloaded (`node -r`) by the npm scripts that run a tool from the compiled output (dist/). They no longer compile
// first, so a checkout that was never built gets a plain instruction instead of Node's stack trace for a missing
// module. Plain CommonJS, since it has to work before anything is compiled.
'use strict';
const { existsSync } = require('node:fs');
const { relative } = require('node:path');

const entry = process.argv[1];
if (entry && !existsSync(entry)) {
  process.stderr.write(`${relative(process.cwd(), entry)} is missing: run \`npm run build\` first.\n`);
  process.exit(1);
}
