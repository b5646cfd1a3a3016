// Lets a plain Node process load the TypeScript sources, compiled the way Jest compiles them (the @swc/jest options
// of package.json). The benchmark runs every contender in a Node process of its own through this hook
// (`node --import ./ts-hook.mjs`): outside Jest's sandbox, where errors thrown by native modules are not
// `instanceof Error` (which breaks Emmett's error handling), and without the sandbox distorting any contender.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { transformSync } from '@swc/core';

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

// `./x.js` names the TypeScript source `./x.ts` (Jest's moduleNameMapper does the same).
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (error) {
    if (!/^\.{1,2}\/.*\.js$/.test(request)) throw error;
    return resolveFilename.call(this, request.slice(0, -3), ...rest);
  }
};
