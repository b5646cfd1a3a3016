import { registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../graphql/enum-of';
import { BODY_KINDS, type BodyKind, DECISION_OUTCOMES, type DecisionOutcome } from './domain/bodies.events';

export const BodyKindEnum = enumOf<BodyKind>(BODY_KINDS);
registerEnumType(BodyKindEnum, {
  name: 'BodyKind',
  description:
    'Resident forum (Bewohnerforum), working group (Arbeitsgruppe), steering round (Steuerungsrunde), jury of a ' +
    'local fund (Verfügungsfonds), project sponsor (Projektträger), other',
});

export const DecisionOutcomeEnum = enumOf<DecisionOutcome>(DECISION_OUTCOMES);
registerEnumType(DecisionOutcomeEnum, { name: 'DecisionOutcome' });

/** Stored as lower-case words in the read model; GraphQL shows them in capitals. */
export const BodyStatusEnum = { ESTABLISHED: 'established', DISSOLVED: 'dissolved' } as const;
registerEnumType(BodyStatusEnum, { name: 'BodyStatus' });
