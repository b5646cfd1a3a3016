import { Command as CqrsCommand } from '@nestjs/cqrs';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import type {
  SubmitGrantApplication,
  SupplementGrantApplication,
  WithdrawGrantApplication,
  PermitEarlyStart,
  ApproveGrant,
  RejectGrantApplication,
  AmendGrant,
  RevokeGrant,
  DisburseGrantFunds,
  RecordExpenditure,
  SubmitProofOfUse,
  QueryProofOfUse,
  AcceptProofOfUse,
  DemandRepayment,
  RecordRepaymentReceived,
  WriteOffRepayment,
  CloseGrant,
  ConfirmMeasureStart,
  WithdrawMeasureStartConfirmation,
} from '../domain/grants.commands';

// The @nestjs/cqrs commands of the grant use cases. Handlers: grant.handlers.ts (one stream each),
// submit-grant-application.handler.ts and record-expenditure.handler.ts (several streams).
// This file imports no other feature, so the measures module may import it without a cycle.

/** Application; the handler looks up the programme, district and measures, then links the measures. */
export class SubmitGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: Omit<SubmitGrantApplication['data'], 'references'>, readonly context: CommandContext) {
    super();
  }
}

export class SupplementGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: SupplementGrantApplication['data'], readonly context: CommandContext) {
    super();
  }
}

export class WithdrawGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WithdrawGrantApplication['data'], readonly context: CommandContext) {
    super();
  }
}

/** Vorzeitiger Maßnahmebeginn. */
export class PermitEarlyStartCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: PermitEarlyStart['data'], readonly context: CommandContext) {
    super();
  }
}

/** Zuwendungsbescheid. */
export class ApproveGrantCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ApproveGrant['data'], readonly context: CommandContext) {
    super();
  }
}

export class RejectGrantApplicationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RejectGrantApplication['data'], readonly context: CommandContext) {
    super();
  }
}

/** Änderungsbescheid: a new version of the approval. */
export class AmendGrantCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: AmendGrant['data'], readonly context: CommandContext) {
    super();
  }
}

export class RevokeGrantCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RevokeGrant['data'], readonly context: CommandContext) {
    super();
  }
}

/** Mittelabruf. */
export class DisburseGrantFundsCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: DisburseGrantFunds['data'], readonly context: CommandContext) {
    super();
  }
}

/** Beleg; the handler reserves the receipt share first (see record-expenditure.handler.ts). */
export class RecordExpenditureCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RecordExpenditure['data'], readonly context: CommandContext) {
    super();
  }
}

export class SubmitProofOfUseCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: SubmitProofOfUse['data'], readonly context: CommandContext) {
    super();
  }
}

export class QueryProofOfUseCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: QueryProofOfUse['data'], readonly context: CommandContext) {
    super();
  }
}

export class AcceptProofOfUseCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: AcceptProofOfUse['data'], readonly context: CommandContext) {
    super();
  }
}

/** Rückforderung. */
export class DemandRepaymentCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: DemandRepayment['data'], readonly context: CommandContext) {
    super();
  }
}

export class RecordRepaymentReceivedCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: RecordRepaymentReceived['data'], readonly context: CommandContext) {
    super();
  }
}

export class WriteOffRepaymentCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WriteOffRepayment['data'], readonly context: CommandContext) {
    super();
  }
}

export class CloseGrantCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: CloseGrant['data'], readonly context: CommandContext) {
    super();
  }
}

/** For the measures module: refused unless the grant allows the measure to start on that date. */
export class ConfirmMeasureStartCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: ConfirmMeasureStart['data'], readonly context: CommandContext) {
    super();
  }
}

/** For the measures module: compensation when the start was not recorded after all. */
export class WithdrawMeasureStartConfirmationCommand extends CqrsCommand<CommandOutcome> {
  constructor(readonly data: WithdrawMeasureStartConfirmation['data'], readonly context: CommandContext) {
    super();
  }
}
