import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '../../core/command-pipeline.service';
import { grantsDecider } from '../domain/grants.decider';
import {
  SupplementGrantApplicationCommand,
  WithdrawGrantApplicationCommand,
  PermitEarlyStartCommand,
  ApproveGrantCommand,
  RejectGrantApplicationCommand,
  AmendGrantCommand,
  RevokeGrantCommand,
  DisburseGrantFundsCommand,
  SubmitProofOfUseCommand,
  QueryProofOfUseCommand,
  AcceptProofOfUseCommand,
  DemandRepaymentCommand,
  RecordRepaymentReceivedCommand,
  WriteOffRepaymentCommand,
  CloseGrantCommand,
  ConfirmMeasureStartCommand,
  WithdrawMeasureStartConfirmationCommand,
} from './grant.commands';

// The grant use cases that touch only the grant stream: load, decide, append through the pipeline.

@CommandHandler(SupplementGrantApplicationCommand)
export class SupplementGrantApplicationHandler implements ICommandHandler<SupplementGrantApplicationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: SupplementGrantApplicationCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'SupplementGrantApplication', data, context });
  }
}

@CommandHandler(WithdrawGrantApplicationCommand)
export class WithdrawGrantApplicationHandler implements ICommandHandler<WithdrawGrantApplicationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: WithdrawGrantApplicationCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'WithdrawGrantApplication', data, context });
  }
}

@CommandHandler(PermitEarlyStartCommand)
export class PermitEarlyStartHandler implements ICommandHandler<PermitEarlyStartCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: PermitEarlyStartCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'PermitEarlyStart', data, context });
  }
}

@CommandHandler(ApproveGrantCommand)
export class ApproveGrantHandler implements ICommandHandler<ApproveGrantCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: ApproveGrantCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'ApproveGrant', data, context });
  }
}

@CommandHandler(RejectGrantApplicationCommand)
export class RejectGrantApplicationHandler implements ICommandHandler<RejectGrantApplicationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RejectGrantApplicationCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'RejectGrantApplication', data, context });
  }
}

@CommandHandler(AmendGrantCommand)
export class AmendGrantHandler implements ICommandHandler<AmendGrantCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: AmendGrantCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'AmendGrant', data, context });
  }
}

@CommandHandler(RevokeGrantCommand)
export class RevokeGrantHandler implements ICommandHandler<RevokeGrantCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RevokeGrantCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'RevokeGrant', data, context });
  }
}

@CommandHandler(DisburseGrantFundsCommand)
export class DisburseGrantFundsHandler implements ICommandHandler<DisburseGrantFundsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: DisburseGrantFundsCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'DisburseGrantFunds', data, context });
  }
}

@CommandHandler(SubmitProofOfUseCommand)
export class SubmitProofOfUseHandler implements ICommandHandler<SubmitProofOfUseCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: SubmitProofOfUseCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'SubmitProofOfUse', data, context });
  }
}

@CommandHandler(QueryProofOfUseCommand)
export class QueryProofOfUseHandler implements ICommandHandler<QueryProofOfUseCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: QueryProofOfUseCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'QueryProofOfUse', data, context });
  }
}

@CommandHandler(AcceptProofOfUseCommand)
export class AcceptProofOfUseHandler implements ICommandHandler<AcceptProofOfUseCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: AcceptProofOfUseCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'AcceptProofOfUse', data, context });
  }
}

@CommandHandler(DemandRepaymentCommand)
export class DemandRepaymentHandler implements ICommandHandler<DemandRepaymentCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: DemandRepaymentCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'DemandRepayment', data, context });
  }
}

@CommandHandler(RecordRepaymentReceivedCommand)
export class RecordRepaymentReceivedHandler implements ICommandHandler<RecordRepaymentReceivedCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: RecordRepaymentReceivedCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'RecordRepaymentReceived', data, context });
  }
}

@CommandHandler(WriteOffRepaymentCommand)
export class WriteOffRepaymentHandler implements ICommandHandler<WriteOffRepaymentCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: WriteOffRepaymentCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'WriteOffRepayment', data, context });
  }
}

@CommandHandler(CloseGrantCommand)
export class CloseGrantHandler implements ICommandHandler<CloseGrantCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: CloseGrantCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'CloseGrant', data, context });
  }
}

@CommandHandler(ConfirmMeasureStartCommand)
export class ConfirmMeasureStartHandler implements ICommandHandler<ConfirmMeasureStartCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: ConfirmMeasureStartCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'ConfirmMeasureStart', data, context });
  }
}

@CommandHandler(WithdrawMeasureStartConfirmationCommand)
export class WithdrawMeasureStartConfirmationHandler implements ICommandHandler<WithdrawMeasureStartConfirmationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute({ data, context }: WithdrawMeasureStartConfirmationCommand) {
    return this.pipeline.run(grantsDecider, data.grantId, { type: 'WithdrawMeasureStartConfirmation', data, context });
  }
}

export const SINGLE_STREAM_GRANT_HANDLERS = [
  SupplementGrantApplicationHandler,
  WithdrawGrantApplicationHandler,
  PermitEarlyStartHandler,
  ApproveGrantHandler,
  RejectGrantApplicationHandler,
  AmendGrantHandler,
  RevokeGrantHandler,
  DisburseGrantFundsHandler,
  SubmitProofOfUseHandler,
  QueryProofOfUseHandler,
  AcceptProofOfUseHandler,
  DemandRepaymentHandler,
  RecordRepaymentReceivedHandler,
  WriteOffRepaymentHandler,
  CloseGrantHandler,
  ConfirmMeasureStartHandler,
  WithdrawMeasureStartConfirmationHandler,
];
