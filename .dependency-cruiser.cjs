// Layer rules of DESIGN.md §3, checked by `npm run lint` (depcruise src projections).
// A "top-level folder" is each folder directly under src/ and each read model under projections/; the files
// directly in src/ and projections/ (main, app.module, projections.module, event-registry) are composition roots.
// Cycles between those top-level folders: test/support/folder-cycles.mjs (npm run lint:folders, part of lint).
// test/unit/architecture/architecture-rules.spec.ts injects one forbidden import per rule to prove each one bites.

/** Stores with more than one adapter: only the folder's own module (and the adapter's siblings) may import them. */
const ADAPTERS = '^src/(event-store|read-store)/(sqlite|eventstoredb|mongodb)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'A context\'s domain/ (deciders, events, commands, rules) imports nothing from Nest or any other framework.',
      severity: 'error',
      from: { path: '/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'domain-no-adapters',
      comment: 'A context\'s domain/ never reaches an adapter, a module or the API; ports and core are its only outside.',
      severity: 'error',
      from: { path: '/domain/' },
      to: { path: [ADAPTERS, '\\.module\\.ts$', '/(api|application)/', '^projections/'] },
    },
    {
      name: 'domain-no-foreign-internals',
      comment: 'A context\'s domain/ imports no other context\'s application/, api/ or module; another context\'s domain types are fine.',
      severity: 'error',
      from: { path: '^src/([^/]+)/(domain|.*/domain)/' },
      to: { path: '^src/([^/]+)/', pathNot: ['^src/$1/', '^src/[^/]+/(domain|.*/domain)/', '^src/core/', '^src/event-store/[^/]+\\.ts$', '^src/read-store/[^/]+\\.ts$'] },
    },
    {
      name: 'projections-read-side-only',
      comment: 'Projections are the read side: they never import a context\'s application/ (use cases) or api/ (GraphQL).',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^src/.+/(application|api)/' },
    },
    {
      name: 'adapters-only-by-their-module',
      comment: 'An adapter is picked by configuration in its store module; everything else talks to the port. Other adapters of the same technology may share its helpers.',
      severity: 'error',
      from: { pathNot: ['^src/(event-store|read-store)/[^/]+\\.module\\.ts$', ADAPTERS, '/(sqlite|mongodb|eventstoredb)-[^/]+\\.adapter\\.ts$'] },
      to: { path: ADAPTERS },
    },
    {
      name: 'no-file-cycles',
      comment: 'No import cycle between files (type-only imports included: they tie the same knot for readers).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|data|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
