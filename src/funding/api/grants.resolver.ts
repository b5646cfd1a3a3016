import { Inject } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../../core/principal';
import { CLOCK, type Clock } from '../../core/clock';
import { CommandDispatch } from '../../core/command-dispatch';
import type { CommandContext } from '../../core/decider';
import type { CommandOutcome } from '../../core/handle-command';
import { deterministicUuid } from '../../core/ids';
import { CommandOptionsInput, CommandPayload, commandContext } from '../../graphql/command-options.input';
import { CurrentActor, CurrentRequest, type RequestContext } from '../../graphql/request-context';
import { RecordExpenditureCommand } from '../application/record-expenditure.command';
import { SubmitGrantApplicationCommand } from '../application/submit-grant-application.command';
import { grantsDecider } from '../domain/grants.decider';
import type { ApprovalTerms, DatePeriod, FinancingPlan, ReportDeadline } from '../domain/grants.events';
import {
  AmendGrantInput,
  ApproveGrantInput,
  CloseGrantInput,
  DemandRepaymentInput,
  DisburseGrantFundsInput,
  GrantFinancingPlanInput,
  GrantPeriodInput,
  GrantReasonInput,
  GrantReportDeadlineInput,
  PermitEarlyStartInput,
  ProofOfUseRefInput,
  QueryProofOfUseInput,
  RecordExpenditureInput,
  RecordRepaymentReceivedInput,
  RejectGrantApplicationInput,
  RevokeGrantInput,
  SubmitGrantApplicationInput,
  SubmitProofOfUseInput,
  SupplementGrantApplicationInput,
  WriteOffRepaymentInput,
} from './grants.inputs';

@ObjectType()
export class SubmitGrantApplicationPayload extends CommandPayload {
  @Field(() => ID)
  grantId!: string;
}

@ObjectType()
export class DisburseGrantFundsPayload extends CommandPayload {
  @Field(() => ID)
  disbursementId!: string;
}

@ObjectType()
export class RecordExpenditurePayload extends CommandPayload {
  @Field(() => ID)
  expenditureId!: string;
}

@ObjectType()
export class DemandRepaymentPayload extends CommandPayload {
  @Field(() => ID)
  demandId!: string;
}

/** Sends the command built with the request's context and answers its outcome. */
type CommandSender = (context: CommandContext) => Promise<CommandOutcome>;

// Input classes → plain event-shaped data (validated class instances must not leak into events).
const period = (input: GrantPeriodInput): DatePeriod => ({ from: input.from, to: input.to });
const plan = (input: GrantFinancingPlanInput): FinancingPlan => ({
  totalEligibleCost: input.totalEligibleCost,
  ownShare: input.ownShare,
  thirdPartyFunds: input.thirdPartyFunds,
});
const deadlines = (inputs: GrantReportDeadlineInput[]): ReportDeadline[] =>
  inputs.map((d) => ({ kind: d.kind, budgetYear: d.budgetYear ?? null, dueOn: d.dueOn }));
const proofRef = (input: ProofOfUseRefInput) => ({
  grantId: input.grantId,
  kind: input.kind,
  budgetYear: input.budgetYear ?? null,
});

@Resolver()
export class GrantsMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly dispatch: CommandDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => SubmitGrantApplicationPayload, { description: 'Submits a grant application (Zuwendungsantrag)' })
  async submitGrantApplication(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: SubmitGrantApplicationInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<SubmitGrantApplicationPayload> {
    const context = this.context(request, actor, options);
    // Derived from the command id, so a retried submission without an id lands on the same stream.
    const grantId = input.grantId ?? deterministicUuid('grant', context.commandId);
    const outcome = await this.commandBus.execute(
      new SubmitGrantApplicationCommand(
        {
          grantId,
          programmeId: input.programmeId,
          districtId: input.districtId,
          measureIds: [...input.measureIds],
          requestedAmount: input.requestedAmount,
          plan: plan(input.plan),
          period: period(input.period),
          earlyStartRequested: input.earlyStartRequested,
        },
        context,
      ),
    );
    return Object.assign(new SubmitGrantApplicationPayload(), CommandPayload.from(context.commandId, outcome), { grantId });
  }

  @Mutation(() => CommandPayload, { description: 'Supplements an application before the decision (changed amounts or plan)' })
  supplementGrantApplication(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: SupplementGrantApplicationInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, reason, requestedAmount, earlyStartRequested } = input;
    const changes = {
      ...(requestedAmount !== undefined ? { requestedAmount } : {}),
      ...(earlyStartRequested !== undefined ? { earlyStartRequested } : {}),
      ...(input.plan ? { plan: plan(input.plan) } : {}),
      ...(input.period ? { period: period(input.period) } : {}),
    };
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'SupplementGrantApplication', data: { grantId, changes, reason }, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Withdraws an application; only before a decision' })
  withdrawGrantApplication(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: GrantReasonInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, reason } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'WithdrawGrantApplication', data: { grantId, reason }, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Permits an early start (vorzeitiger Maßnahmebeginn); not by the applicant' })
  permitEarlyStart(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: PermitEarlyStartInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, permittedFrom } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'PermitEarlyStart', data: { grantId, permittedFrom }, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Approves a grant (Zuwendungsbescheid); never by the applicant' })
  approveGrant(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ApproveGrantInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = {
      grantId: input.grantId,
      referenceNumber: input.referenceNumber,
      authority: input.authority,
      approvedOn: input.approvedOn,
      purpose: input.purpose,
      financingType: input.financingType,
      maximumAmount: input.maximumAmount,
      eligibleExpenditure: input.eligibleExpenditure,
      approvalPeriod: period(input.approvalPeriod),
      reportDeadlines: deadlines(input.reportDeadlines),
    };
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, data.grantId, { type: 'ApproveGrant', data, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Rejects an application; not by the applicant' })
  rejectGrantApplication(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RejectGrantApplicationInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, reason, rejectedOn } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'RejectGrantApplication', data: { grantId, reason, rejectedOn }, context: c }));
  }

  @Mutation(() => CommandPayload, {
    description: 'Amends the approval (Änderungsbescheid) as a new version; never below what was disbursed',
  })
  amendGrant(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: AmendGrantInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, version, amendedOn, reason, maximumAmount, eligibleExpenditure } = input;
    const changes: Partial<ApprovalTerms> = {
      ...(maximumAmount !== undefined ? { maximumAmount } : {}),
      ...(eligibleExpenditure !== undefined ? { eligibleExpenditure } : {}),
      ...(input.approvalPeriod ? { approvalPeriod: period(input.approvalPeriod) } : {}),
      ...(input.reportDeadlines ? { reportDeadlines: deadlines(input.reportDeadlines) } : {}),
    };
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'AmendGrant', data: { grantId, version, amendedOn, reason, changes }, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Revokes the approval; not by the applicant' })
  revokeGrant(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RevokeGrantInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, reason, revokedOn } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'RevokeGrant', data: { grantId, reason, revokedOn }, context: c }));
  }

  @Mutation(() => DisburseGrantFundsPayload, {
    description: 'Records a disbursement (Mittelabruf): within the approval period, up to the approved maximum',
  })
  async disburseGrantFunds(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: DisburseGrantFundsInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<DisburseGrantFundsPayload> {
    const context = this.context(request, actor, options);
    const disbursementId = input.disbursementId ?? deterministicUuid('disbursement', context.commandId);
    const { grantId, amount, neededBy, paidOn } = input;
    const outcome = await this.dispatch.decide(grantsDecider, grantId, {
      type: 'DisburseGrantFunds',
      data: { grantId, disbursementId, amount, neededBy, paidOn },
      context,
    });
    return Object.assign(new DisburseGrantFundsPayload(), CommandPayload.from(context.commandId, outcome), {
      disbursementId,
    });
  }

  @Mutation(() => RecordExpenditurePayload, {
    description: 'Declares an expenditure (Beleg); a receipt is never declared beyond its total across all grants',
  })
  async recordExpenditure(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordExpenditureInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<RecordExpenditurePayload> {
    const context = this.context(request, actor, options);
    const expenditureId = input.expenditureId ?? deterministicUuid('expenditure', context.commandId);
    const data = {
      grantId: input.grantId,
      expenditureId,
      date: input.date,
      payee: input.payee,
      purpose: input.purpose,
      amount: input.amount,
      budgetLine: input.budgetLine,
      receiptReference: input.receiptReference,
      receiptFileHash: input.receiptFileHash,
      receiptTotal: input.receiptTotal,
    };
    const outcome = await this.commandBus.execute(new RecordExpenditureCommand(data, context));
    return Object.assign(new RecordExpenditurePayload(), CommandPayload.from(context.commandId, outcome), {
      expenditureId,
    });
  }

  @Mutation(() => CommandPayload, { description: 'Submits an interim (per budget year) or the final proof of use' })
  submitProofOfUse(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: SubmitProofOfUseInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { reportSummary, statementTotal, receiptsCount } = input;
    const data = { ...proofRef(input), reportSummary, statementTotal, receiptsCount };
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, data.grantId, { type: 'SubmitProofOfUse', data, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Queries a submitted proof of use; it is answered by submitting it again' })
  queryProofOfUse(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: QueryProofOfUseInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const data = { ...proofRef(input), questions: [...input.questions] };
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, data.grantId, { type: 'QueryProofOfUse', data, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Accepts a proof of use; never by who submitted it' })
  acceptProofOfUse(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: ProofOfUseRefInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, input.grantId, { type: 'AcceptProofOfUse', data: proofRef(input), context: c }));
  }

  @Mutation(() => DemandRepaymentPayload, { description: 'Demands a repayment (Rückforderung); not by the applicant' })
  async demandRepayment(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: DemandRepaymentInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<DemandRepaymentPayload> {
    const context = this.context(request, actor, options);
    const demandId = input.demandId ?? deterministicUuid('repayment-demand', context.commandId);
    const { grantId, amount, interest, reason, legalBasis, dueOn } = input;
    const outcome = await this.dispatch.decide(grantsDecider, grantId, {
      type: 'DemandRepayment',
      data: { grantId, demandId, amount, interest, reason, legalBasis, dueOn },
      context,
    });
    return Object.assign(new DemandRepaymentPayload(), CommandPayload.from(context.commandId, outcome), { demandId });
  }

  @Mutation(() => CommandPayload, { description: 'Records a repayment received on a demand' })
  recordRepaymentReceived(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: RecordRepaymentReceivedInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, demandId, amount, receivedOn } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'RecordRepaymentReceived', data: { grantId, demandId, amount, receivedOn }, context: c }));
  }

  @Mutation(() => CommandPayload, { description: 'Writes off what is outstanding on a repayment demand' })
  writeOffRepayment(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: WriteOffRepaymentInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    const { grantId, demandId, reason } = input;
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, grantId, { type: 'WriteOffRepayment', data: { grantId, demandId, reason }, context: c }));
  }

  @Mutation(() => CommandPayload, {
    description: 'Closes a grant once the final proof of use is accepted and no repayment is open',
  })
  closeGrant(
    @CurrentActor() actor: Principal,
    @CurrentRequest() request: RequestContext,
    @Args('input') input: CloseGrantInput,
    @Args('options', { nullable: true }) options?: CommandOptionsInput,
  ): Promise<CommandPayload> {
    return this.run(request, actor, options, (c) => this.dispatch.decide(grantsDecider, input.grantId, { type: 'CloseGrant', data: { grantId: input.grantId }, context: c }));
  }

  private context(request: RequestContext, actor: Principal, options: CommandOptionsInput | undefined): CommandContext {
    return commandContext(request, actor, options, this.clock.now());
  }

  private async run(
    request: RequestContext,
    actor: Principal,
    options: CommandOptionsInput | undefined,
    send: CommandSender,
  ): Promise<CommandPayload> {
    const context = this.context(request, actor, options);
    const outcome = await send(context);
    return CommandPayload.from(context.commandId, outcome);
  }
}
