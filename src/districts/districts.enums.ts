import { registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../graphql/enum-of';
import { SWOT_ITEM_KINDS, type SwotItemKind } from './domain/districts.events';


export const SwotItemKindEnum = enumOf<SwotItemKind>(SWOT_ITEM_KINDS);
registerEnumType(SwotItemKindEnum, { name: 'SwotItemKind', description: 'Strength, weakness, opportunity or threat' });

/** Stored as lower-case words in state and read model; GraphQL shows them in capitals. */
export const DistrictStatusEnum = { REGISTERED: 'registered', CLOSED: 'closed' } as const;
registerEnumType(DistrictStatusEnum, {
  name: 'DistrictStatus',
  description: 'REGISTERED: under management; CLOSED: the programme has ended and the record is read-only',
});
