import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import leven from 'leven';
import ts from 'typescript';

/**
 * Rules of the layout that a reader relies on and a compiler does not check: file names that cannot be mistaken for
 * each other, and one route per plain command (resolver → CommandDispatch → decider), so no handler class exists
 * only to forward to the pipeline.
 */

const ROOT = join(__dirname, '..', '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const sourceFiles = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'projections'))];

/** Pairs of names one letter apart (insert, delete or replace). */
function namesOneLetterApart(paths: readonly string[]): string[][] {
  const byName = new Map<string, string[]>();
  for (const path of paths) byName.set(basename(path), [...(byName.get(basename(path)) ?? []), path]);
  const names = [...byName.keys()].sort();
  const pairs: string[][] = [];
  names.forEach((a, i) => {
    for (const b of names.slice(i + 1)) {
      if (leven(a, b) === 1) pairs.push([...byName.get(a)!, ...byName.get(b)!].map((path) => relative(ROOT, path)));
    }
  });
  return pairs;
}

interface HandlerClass {
  name: string;
  file: string;
  /** Its execute body is one `return this.pipeline.run(…)` and nothing else. */
  onlyForwards: boolean;
}

function isPipelineRun(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  const call = ts.isAwaitExpression(node) ? node.expression : node;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const { expression: target, name } = call.expression;
  return (
    name.text === 'run' &&
    ts.isPropertyAccessExpression(target) &&
    target.expression.kind === ts.SyntaxKind.ThisKeyword &&
    target.name.text === 'pipeline'
  );
}

function commandHandlerClasses(source: string, file: string): HandlerClass[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: HandlerClass[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) {
      const handles = (ts.getDecorators(node) ?? []).some(
        (decorator) =>
          ts.isCallExpression(decorator.expression) &&
          ts.isIdentifier(decorator.expression.expression) &&
          decorator.expression.expression.text === 'CommandHandler',
      );
      if (handles) {
        const execute = node.members.find(
          (member): member is ts.MethodDeclaration =>
            ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === 'execute',
        );
        const statements = execute?.body?.statements ?? [];
        const [only] = statements;
        const onlyForwards =
          statements.length === 1 &&
          ((ts.isReturnStatement(only) && isPipelineRun(only.expression)) ||
            (ts.isExpressionStatement(only) && isPipelineRun(only.expression)));
        found.push({ name: node.name?.text ?? '(anonymous)', file: relative(ROOT, file), onlyForwards });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const handlers = sourceFiles
  .filter((file) => file.endsWith('.ts'))
  .flatMap((file) => commandHandlerClasses(readFileSync(file, 'utf8'), file));

describe('architecture', () => {
  it('has no two files under src/ and projections/ whose names differ by one letter', () => {
    expect(namesOneLetterApart(sourceFiles)).toEqual([]);
  });

  it('finds names one letter apart (the check itself)', () => {
    expect(namesOneLetterApart(['a/grants.commands.ts', 'b/grant.commands.ts', 'c/goals.decider.ts'])).toEqual([
      ['b/grant.commands.ts', 'a/grants.commands.ts'],
    ]);
  });

  it('routes plain commands through the one generic handler: no other handler only forwards to the pipeline', () => {
    expect(handlers.filter((handler) => handler.onlyForwards).map(({ name, file }) => `${file}: ${name}`)).toEqual([
      'src/core/command-dispatch.ts: DecideHandler',
    ]);
  });

  it('spots a handler that only forwards (the check itself)', () => {
    const source = `
      @CommandHandler(ACommand) class Forwards { execute({ data, context }) { return this.pipeline.run(d, data.id, { type: 'A', data, context }); } }
      @CommandHandler(BCommand) class LooksUp { async execute({ data, context }) { const x = await this.lookup(data); return this.pipeline.run(d, data.id, { type: 'B', data: { ...data, x }, context }); } }
      class NoHandler { execute() { return this.pipeline.run(d, 'id', c); } }`;
    expect(commandHandlerClasses(source, join(ROOT, 'x.ts'))).toEqual([
      { name: 'Forwards', file: 'x.ts', onlyForwards: true },
      { name: 'LooksUp', file: 'x.ts', onlyForwards: false },
    ]);
  });

  it('keeps a handler class only for the use cases that look things up, span streams or hand out a secret', () => {
    // One generic handler plus the use cases listed in README.md ("How to add a command"); a new one is a choice.
    expect(handlers.map(({ name }) => name).sort()).toEqual(
      [
        'DecideHandler',
        'AdoptConceptVersionHandler',
        'RecordSwotAnalysisHandler',
        'RecordActionFieldPlanHandler',
        'EstablishBodyHandler',
        'DefineGoalHandler',
        'ReviseGoalHandler',
        'RecordGoalReviewHandler',
        'PlanMeasureHandler',
        'StartMeasureHandler',
        'SubmitGrantApplicationHandler',
        'RecordExpenditureHandler',
        'IssueApiKeyHandler',
        'RegisterWebhookHandler',
        'UpdateWebhookHandler',
        'RotateWebhookSecretHandler',
        'RequestWebhookRedeliveryHandler',
      ].sort(),
    );
  });

  it('keeps unit tests beside the layout they test: test/unit/<top-level folder of src>/, projections/ or architecture/', () => {
    const unitRoot = join(ROOT, 'test', 'unit');
    const folders = new Set([
      ...readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name),
      'projections',
      'architecture',
    ]);
    const misplaced = filesUnder(unitRoot)
      .map((path) => relative(unitRoot, path))
      .filter((path) => path.endsWith('.spec.ts') && (!path.includes('/') || !folders.has(path.split('/')[0])));
    expect(misplaced).toEqual([]);
  });
});
