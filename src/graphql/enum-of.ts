/** `{ A: 'A', B: 'B' }` from the domain's list of values: the shape registerEnumType expects. */
export const enumOf = <V extends string>(values: readonly V[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in V]: K };
