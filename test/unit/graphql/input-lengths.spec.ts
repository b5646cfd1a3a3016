import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { MAX_TEXT_LENGTH } from '../../../src/graphql/validators';

/**
 * Every text a command takes is bounded: no string field of a GraphQL input accepts more than MAX_TEXT_LENGTH
 * characters (a plan section, the longest, takes 10,000). An input type with a string field and no maximum fails
 * here the day it is added.
 */

const SRC = join(__dirname, '..', '..', '..', 'src');

function inputFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return inputFiles(path);
    return /\.inputs?\.ts$/.test(name) || name === 'integration-filter.ts' ? [path] : [];
  });
}

type Constructor = new () => object;

async function inputClasses(): Promise<{ file: string; input: Constructor }[]> {
  const classes: { file: string; input: Constructor }[] = [];
  for (const file of inputFiles(SRC)) {
    for (const value of Object.values((await import(file)) as Record<string, unknown>)) {
      if (typeof value === 'function' && /Input$/.test(value.name)) {
        classes.push({ file: relative(SRC, file), input: value as Constructor });
      }
    }
  }
  return classes;
}

/** The properties class-validator checks as strings (or lists of strings), as declared on the class. */
function stringProperties(input: Constructor): { property: string; each: boolean }[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(input, '', true, false);
  const found = new Map<string, boolean>();
  for (const { propertyName, name, type, each } of metadata) {
    if (name === 'isString' || type === 'isString' || name === 'matches' || name === 'isNotEmpty') {
      found.set(propertyName, (found.get(propertyName) ?? false) || Boolean(each));
    }
  }
  return [...found].map(([property, each]) => ({ property, each }));
}

describe('lengths of command inputs', () => {
  let classes: { file: string; input: Constructor }[];

  beforeAll(async () => {
    classes = await inputClasses();
  });

  it('finds the input types of every context', () => {
    const names = classes.map(({ input }) => input.name);
    for (const expected of ['RegisterDistrictInput', 'RecordActionFieldPlanInput', 'CommandOptionsInput', 'SubmitGrantApplicationInput']) {
      expect(names).toContain(expected);
    }
    expect(classes.length).toBeGreaterThan(60);
  });

  it(`refuses more than ${MAX_TEXT_LENGTH} characters in every string field`, () => {
    const tooLong = 'a'.repeat(MAX_TEXT_LENGTH + 1);
    const unbounded: string[] = [];
    let checked = 0;
    for (const { file, input } of classes) {
      for (const { property, each } of stringProperties(input)) {
        const errors = validateSync(plainToInstance(input, { [property]: each ? [tooLong] : tooLong }));
        checked += 1;
        if (!errors.some((error) => error.property === property)) unbounded.push(`${file}: ${input.name}.${property}`);
      }
    }
    expect(unbounded).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});
