import { registerEnumType } from '@nestjs/graphql';
import { SWOT_ITEM_KINDS, type SwotItemKind } from '../domain/districts.events';

/** A GraphQL enum object from the list of values a domain type allows: names and values are the same strings. */
export const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const SwotItemKindEnum = enumOf<SwotItemKind>(SWOT_ITEM_KINDS);
registerEnumType(SwotItemKindEnum, { name: 'SwotItemKind', description: 'Strength, weakness, opportunity or threat' });

/** Stored as lower-case words in state and read model; GraphQL shows them in capitals. */
export const DistrictStatusEnum = { REGISTERED: 'registered', CLOSED: 'closed' } as const;
registerEnumType(DistrictStatusEnum, {
  name: 'DistrictStatus',
  description: 'REGISTERED: under management; CLOSED: the programme has ended and the record is read-only',
});
