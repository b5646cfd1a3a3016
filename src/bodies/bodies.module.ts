import { Global, Module } from '@nestjs/common';
import { CITED_DECISIONS } from '../core/cited-decisions';
import { BodyLookup } from './application/body-lookup.service';
import { BodiesMutations } from './api/bodies.resolver';

/**
 * Global, so that the core's CommandPipeline sees CITED_DECISIONS and other features (districts: SWOT
 * participants, concept adoption) can ask the BodyLookup about bodies and their decisions.
 */
@Global()
@Module({
  providers: [
    BodiesMutations,
    BodyLookup,
    { provide: CITED_DECISIONS, useExisting: BodyLookup },
  ],
  exports: [BodyLookup, CITED_DECISIONS],
})
export class BodiesModule {}
