// `npm run build:ide`: copies the GraphiQL page (index.html, start.js, page.css beside this file) and the prebuilt
// browser bundles of React, ReactDOM and GraphiQL from their npm packages into dist/graphiql, which the service serves
// outside production. The packages are development dependencies: the production image carries only these files.
// React stays on 18 and GraphiQL on 4: React 19 and GraphiQL 5 publish no prebuilt browser bundle.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', '..', 'dist', 'graphiql');
/** A package's folder (their `exports` do not list the bundles, but every package lists package.json). */
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

/** [source, name in dist/graphiql] */
const FILES = [
  [join(here, 'index.html'), 'index.html'],
  [join(here, 'start.js'), 'start.js'],
  [join(here, 'page.css'), 'page.css'],
  [join(packageDir('react'), 'umd', 'react.production.min.js'), 'react.production.min.js'],
  [join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), 'react-dom.production.min.js'],
  [join(packageDir('graphiql'), 'graphiql.min.js'), 'graphiql.min.js'],
  [join(packageDir('graphiql'), 'graphiql.min.css'), 'graphiql.min.css'],
  // The React bundles carry their licence header; GraphiQL's bundle does not.
  [join(packageDir('graphiql'), 'LICENSE'), 'graphiql.LICENSE.txt'],
];

mkdirSync(target, { recursive: true });
for (const [source, name] of FILES) copyFileSync(source, join(target, name));
