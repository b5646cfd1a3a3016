// Cycle check between top-level folders, part of `npm run lint`.
// dependency-cruiser's folder-scope rules also count the parent folders (src → projections → src), so the
// strongly connected components are computed here over the graph of top-level units: each folder directly
// under src/ and projections/, and each file directly in them (composition roots such as app.module.ts).
// Usage: node test/support/folder-cycles.mjs [config] [dirs…]   (run from the repository root)
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** The top-level unit a module belongs to, or undefined outside src/ and projections/. */
export function unitOf(source) {
  const parts = source.split('/');
  if (parts[0] !== 'src' && parts[0] !== 'projections') return undefined;
  return parts.slice(0, 2).join('/');
}

/** Tarjan's strongly connected components; returns those with more than one unit (or a unit importing itself is impossible here). */
export function folderCycles(modules) {
  const edges = new Map();
  for (const module of modules) {
    const from = unitOf(module.source);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    for (const dependency of module.dependencies) {
      const to = unitOf(dependency.resolved);
      if (!to || to === from) continue;
      // Keep one example file edge per folder edge so the report says where to cut.
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
    }
  }
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (unit) => {
    index.set(unit, next);
    low.set(unit, next);
    next += 1;
    stack.push(unit);
    onStack.add(unit);
    for (const to of edges.get(unit)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit), low.get(to)));
      } else if (onStack.has(to)) {
        low.set(unit, Math.min(low.get(unit), index.get(to)));
      }
    }
    if (low.get(unit) === index.get(unit)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const unit of [...edges.keys()].sort()) if (!index.has(unit)) visit(unit);
  return components.map((units) => ({
    units,
    edges: units.flatMap((from) =>
      [...(edges.get(from) ?? new Map())].filter(([to]) => units.includes(to)).map(([to, example]) => ({ from, to, example })),
    ),
  }));
}

async function main() {
  const [configFile = '.dependency-cruiser.cjs', ...dirs] = process.argv.slice(2);
  const options = await extractDepcruiseOptions(path.resolve(configFile));
  const tsConfig = options.tsConfig?.fileName ? extractTSConfig(options.tsConfig.fileName) : undefined;
  // Rules are depcruise's job; this pass only needs the graph.
  const { output } = await cruise(dirs.length ? dirs : ['src', 'projections'], { ...options, ruleSet: undefined, validate: false }, undefined, { tsConfig });
  const cycles = folderCycles(output.modules);
  if (cycles.length === 0) {
    console.log('✔ no cycles between top-level folders');
    return;
  }
  for (const { units, edges } of cycles) {
    console.error(`  error no-folder-cycles: ${units.join(', ')}`);
    for (const edge of edges) console.error(`      ${edge.from} → ${edge.to}   (e.g. ${edge.example})`);
  }
  console.error(`\n✘ ${cycles.length} cycle(s) between top-level folders`);
  process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
