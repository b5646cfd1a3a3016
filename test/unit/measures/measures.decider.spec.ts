import type { ScopedActor, StoredDomainEvent } from '../../../src/core/decider';
import type { EventMetadata } from '../../../src/core/envelope';
import {
  measureCodeDecider,
  measureCodeKey,
  type MeasureCodeEvent,
} from '../../../src/measures/domain/measure-code.decider';
import type { PlanMeasure, PlanReferences } from '../../../src/measures/domain/measures.commands';
import { measuresDecider } from '../../../src/measures/domain/measures.decider';
import type { MeasureEvent, MeasurePlan } from '../../../src/measures/domain/measures.events';
import { context, deciderSpec } from '../../support/decider-spec';

const measureId = '0b6f6c1e-8d1a-4c55-9a3e-1f2b3c4d5e6f';
const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const goalId = '7a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const otherGoalId = '8b2c3d4e-5f6a-4b7c-8d9e-9f0a1b2c3d4e';
const grantA = 'a0000000-0000-4000-8000-00000000000a';
const grantB = 'b0000000-0000-4000-8000-00000000000b';

const PLANNER = { id: 'anna', role: 'district_manager', districts: null };
const APPROVER = { id: 'bernd', role: 'steering_round', districts: null };

const plan: Omit<MeasurePlan, 'integrated'> = {
  code: 'HN-2024-07',
  title: 'Neighbourhood workshop for long-term unemployed',
  description: null,
  districtId,
  actionFieldIds: ['employment-local-economy', 'participation-integration'],
  goalContributions: [{ goalId, weight: 60 }],
  sponsor: { name: 'Bildungswerk Neustadt e.V.', type: 'ASSOCIATION' },
  location: 'Stadtteilzentrum, Am Gastronom 1',
  plannedStartDate: '2024-09-01',
  plannedEndDate: '2025-08-31',
  resources: [
    { kind: 'FUNDS', description: 'ESF Plus and municipal share', amountCents: 12_000_000 },
    { kind: 'KNOW_HOW', description: 'Job coaches of the sponsor', amountCents: null },
  ],
  targetGroups: ['long-term unemployed', 'young adults 18–25'],
  budgetCents: 15_000_000,
};

const references: PlanReferences = {
  district: { registered: true, closed: false },
  knownActionFieldIds: ['participation-integration', 'employment-local-economy', 'public-space-safety'],
  goals: [{ goalId, districtId, status: 'active' }],
};

const planCommand = (
  overrides: Partial<PlanMeasure['data']> = {},
  refs: Partial<PlanReferences> = {},
): PlanMeasure => ({
  type: 'PlanMeasure',
  data: { measureId, ...plan, references: { ...references, ...refs }, ...overrides },
  context: context({ actor: PLANNER }),
});

const metadata = (actorId: string): EventMetadata => ({
  actorId,
  actorRole: 'district_manager',
  recordedAt: '2024-06-01T10:00:00Z',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
  prevHash: '',
  hash: '',
});

const plannedEvent: MeasureEvent = { type: 'MeasurePlanned', data: { measureId, ...plan, integrated: true } };
/** As folded from the store: the metadata names the planner, for the four-eyes rule. */
const planned: StoredDomainEvent<MeasureEvent> = { ...plannedEvent, metadata: metadata(PLANNER.id) };
const approved: MeasureEvent = { type: 'MeasureApproved', data: { measureId, approvedOn: '2024-07-15' } };
const linkedA: MeasureEvent = { type: 'GrantLinkedToMeasure', data: { measureId, grantId: grantA } };
const started: MeasureEvent = {
  type: 'MeasureStarted',
  data: { measureId, actualStartDate: '2024-09-02', grantIds: [] },
};
const suspended: MeasureEvent = { type: 'MeasureSuspended', data: { measureId, reason: 'Venue closed for repairs' } };
const completed: MeasureEvent = { type: 'MeasureCompleted', data: { measureId, actualEndDate: '2025-08-29' } };
const cancelled: MeasureEvent = {
  type: 'MeasureCancelled',
  data: { measureId, reason: 'Sponsor insolvent', previousStatus: 'running' },
};
const progress = (data: Partial<Extract<MeasureEvent, { type: 'MeasureProgressReported' }>['data']>): MeasureEvent => ({
  type: 'MeasureProgressReported',
  data: {
    measureId,
    reportedOn: '2024-12-31',
    progressPercent: null,
    previousProgressPercent: 0,
    milestone: null,
    outputs: null,
    reason: null,
    ...data,
  },
});

const running = [planned, approved, started];
const spec = deciderSpec(measuresDecider);
const by = (actor: ScopedActor) => context({ actor });

describe('measures decider', () => {
  describe('plan', () => {
    it('plans a measure; two or more action fields make it integrated', () => {
      spec.given([]).when(planCommand()).then([plannedEvent]);
    });

    it('records a measure with one action field as not integrated', () => {
      spec
        .given([])
        .when(planCommand({ actionFieldIds: ['public-space-safety'] }))
        .then([
          {
            type: 'MeasurePlanned',
            data: { measureId, ...plan, actionFieldIds: ['public-space-safety'], integrated: false },
          },
        ]);
    });

    it('refuses to plan the same measure twice', () => {
      spec.given([planned]).when(planCommand()).thenThrows('DOMAIN_RULE', /already been planned/);
    });

    it('refuses a district that is not registered, or whose programme is closed', () => {
      spec
        .given([])
        .when(planCommand({}, { district: { registered: false, closed: false } }))
        .thenThrows('DOMAIN_RULE', /not registered/);
      spec
        .given([])
        .when(planCommand({}, { district: { registered: true, closed: true } }))
        .thenThrows('DOMAIN_RULE', /closed/);
    });

    it('refuses action fields that are not in the catalogue', () => {
      spec
        .given([])
        .when(planCommand({ actionFieldIds: ['public-space-safety', 'space-travel'] }))
        .thenThrows('DOMAIN_RULE', /not in the catalogue/);
    });

    it('needs at least one action field and lists each once', () => {
      spec.given([]).when(planCommand({ actionFieldIds: [] })).thenThrows('BAD_USER_INPUT', /at least one/);
      spec
        .given([])
        .when(planCommand({ actionFieldIds: ['public-space-safety', 'public-space-safety'] }))
        .thenThrows('BAD_USER_INPUT', /twice/);
    });

    it('refuses goals that do not exist, belong to another district or were abandoned', () => {
      spec
        .given([])
        .when(planCommand({ goalContributions: [{ goalId: otherGoalId, weight: 10 }] }))
        .thenThrows('DOMAIN_RULE', /does not exist/);
      spec
        .given([])
        .when(planCommand({}, { goals: [{ goalId, districtId: 'elsewhere', status: 'active' }] }))
        .thenThrows('DOMAIN_RULE', /another district/);
      spec
        .given([])
        .when(planCommand({}, { goals: [{ goalId, districtId, status: 'abandoned' }] }))
        .thenThrows('DOMAIN_RULE', /abandoned/);
    });

    it('takes goal weights from 1 to 100, each goal once', () => {
      for (const weight of [0, 101, 2.5]) {
        spec
          .given([])
          .when(planCommand({ goalContributions: [{ goalId, weight }] }))
          .thenThrows('BAD_USER_INPUT', /weight/);
      }
      spec
        .given([])
        .when(planCommand({ goalContributions: [{ goalId, weight: 1 }, { goalId, weight: 100 }] }))
        .thenThrows('BAD_USER_INPUT', /twice/);
    });

    it('gives an amount for FUNDS, and only for FUNDS; one bundle per kind', () => {
      spec
        .given([])
        .when(planCommand({ resources: [{ kind: 'FUNDS', description: 'ESF Plus', amountCents: null }] }))
        .thenThrows('BAD_USER_INPUT', /FUNDS/);
      spec
        .given([])
        .when(planCommand({ resources: [{ kind: 'CREATIVITY', description: 'Residents’ ideas', amountCents: 100 }] }))
        .thenThrows('BAD_USER_INPUT', /FUNDS/);
      spec
        .given([])
        .when(
          planCommand({
            resources: [
              { kind: 'KNOW_HOW', description: 'Coaches', amountCents: null },
              { kind: 'KNOW_HOW', description: 'Trainers', amountCents: null },
            ],
          }),
        )
        .thenThrows('BAD_USER_INPUT', /twice/);
    });

    it('refuses a planned end before the planned start', () => {
      spec
        .given([])
        .when(planCommand({ plannedEndDate: '2024-08-31' }))
        .thenThrows('DOMAIN_RULE', /planned end date lies before/);
    });
  });

  describe('approve', () => {
    it('approves a planned measure, by someone other than the planner', () => {
      spec
        .given([planned])
        .when({ type: 'ApproveMeasure', data: { measureId, approvedOn: '2024-07-15' }, context: by(APPROVER) })
        .then([approved]);
    });

    it('refuses approval by the person who planned the measure (four-eyes)', () => {
      spec
        .given([planned])
        .when({ type: 'ApproveMeasure', data: { measureId, approvedOn: '2024-07-15' }, context: by(PLANNER) })
        .thenViolates('MEASURE_FOUR_EYES');
    });

    describe('compares people, not principals: an API key acts for whoever issued it', () => {
      const PLANNERS_KEY = { id: 'apikey-5e0c1a2b-0000-4000-8000-0000000a0001', role: 'district_manager', districts: null, onBehalfOf: PLANNER.id };
      /** Issued with the planner's key: the chain acts for the person at its root. */
      const CHAINED_KEY = { ...PLANNERS_KEY, id: 'apikey-5e0c1a2b-0000-4000-8000-0000000a0002' };
      const APPROVERS_KEY = { ...PLANNERS_KEY, id: 'apikey-5e0c1a2b-0000-4000-8000-0000000b0001', onBehalfOf: APPROVER.id };
      const approve = (actor: ScopedActor) => ({
        type: 'ApproveMeasure' as const,
        data: { measureId, approvedOn: '2024-07-15' },
        context: by(actor),
      });
      const plannedWith = (meta: Partial<EventMetadata>): StoredDomainEvent<MeasureEvent> => ({
        ...plannedEvent,
        metadata: { ...metadata(PLANNER.id), ...meta },
      });
      const plannedByKey = plannedWith({ actorId: PLANNERS_KEY.id, onBehalfOf: PLANNER.id });

      it('refuses approval by a key the planner issued, or by a key issued with it', () => {
        spec.given([planned]).when(approve(PLANNERS_KEY)).thenThrows('DOMAIN_RULE', /someone other than the person who planned/);
        spec.given([planned]).when(approve(CHAINED_KEY)).thenThrows('DOMAIN_RULE', /someone other than the person who planned/);
      });

      it('refuses approval by the planner when their key planned, also under another spelling of the id', () => {
        spec.given([plannedByKey]).when(approve(PLANNER)).thenThrows('DOMAIN_RULE', /someone other than the person who planned/);
        spec.given([plannedByKey]).when(approve({ ...PLANNER, id: 'Anna' })).thenThrows('DOMAIN_RULE', /someone other than/);
        spec.given([plannedByKey]).when(approve(CHAINED_KEY)).thenThrows('DOMAIN_RULE', /someone other than/);
      });

      it('approves through a key someone else issued', () => {
        spec.given([planned]).when(approve(APPROVERS_KEY)).then([approved]);
        spec.given([plannedByKey]).when(approve(APPROVERS_KEY)).then([approved]);
      });

      it('refuses approval when the planner is not known: a key planned before events named the person (fails closed)', () => {
        spec.given([plannedWith({ actorId: PLANNERS_KEY.id })]).when(approve(APPROVER)).thenThrows('DOMAIN_RULE', /someone other than/);
      });
    });

    it('approves only a planned measure', () => {
      spec
        .given([planned, approved])
        .when({ type: 'ApproveMeasure', data: { measureId, approvedOn: '2024-07-16' }, context: by(APPROVER) })
        .thenThrows('DOMAIN_RULE', /approved only when planned/);
    });

    it('does not know a measure that was never planned', () => {
      spec
        .given([])
        .when({ type: 'ApproveMeasure', data: { measureId, approvedOn: '2024-07-15' }, context: by(APPROVER) })
        .thenThrows('NOT_FOUND');
    });
  });

  describe('start', () => {
    const start = (confirmedGrantIds: string[] = []) => ({
      type: 'StartMeasure' as const,
      data: { measureId, actualStartDate: '2024-09-02', confirmedGrantIds },
      context: context(),
    });

    it('starts an approved measure without grants', () => {
      spec.given([planned, approved]).when(start()).then([started]);
    });

    it('starts with the grants that confirmed the start', () => {
      spec
        .given([planned, linkedA, approved])
        .when(start([grantA]))
        .then([{ type: 'MeasureStarted', data: { measureId, actualStartDate: '2024-09-02', grantIds: [grantA] } }]);
    });

    it('refuses a start before approval', () => {
      spec.given([planned]).when(start()).thenThrows('DOMAIN_RULE', /is planned; it can be started only when approved/);
    });

    it('refuses a start when a linked grant did not confirm it (linked meanwhile)', () => {
      spec
        .given([planned, linkedA, approved, { type: 'GrantLinkedToMeasure', data: { measureId, grantId: grantB } }])
        .when(start([grantA]))
        .thenThrows('DOMAIN_RULE', /linked to the measure while it was being started/);
    });

    it('does not start twice', () => {
      spec.given(running).when(start()).thenThrows('DOMAIN_RULE', /running/);
    });
  });

  describe('progress', () => {
    const report = (data: Record<string, unknown>) => ({
      type: 'ReportMeasureProgress' as const,
      data: { measureId, reportedOn: '2024-12-31', ...data },
      context: context(),
    });

    it('records a percentage, a milestone and output counts', () => {
      const milestone = { milestoneId: 'kick-off', title: 'Kick-off with 20 participants', reachedOn: '2024-09-10' };
      const outputs = { participants: 20, longTermUnemployedPlacedInSocialInstitutions: 4 };
      spec
        .given(running)
        .when(report({ progressPercent: 25, milestone, outputs }))
        .then([progress({ progressPercent: 25, milestone, outputs })]);
    });

    it('only reports on a running measure', () => {
      spec.given([planned, approved]).when(report({ progressPercent: 10 })).thenThrows('DOMAIN_RULE', /running/);
      spec.given([...running, suspended]).when(report({ progressPercent: 10 })).thenThrows('DOMAIN_RULE', /running/);
    });

    it('needs something to report', () => {
      spec.given(running).when(report({})).thenThrows('BAD_USER_INPUT', /needs a percentage/);
      spec.given(running).when(report({ outputs: {} })).thenThrows('BAD_USER_INPUT', /needs a percentage/);
    });

    it('keeps the percentage between 0 and 100', () => {
      spec.given(running).when(report({ progressPercent: 101 })).thenThrows('BAD_USER_INPUT', /0 to 100/);
      spec.given(running).when(report({ progressPercent: -1 })).thenThrows('BAD_USER_INPUT', /0 to 100/);
    });

    it('refuses a lower percentage without a reason, and records it with one', () => {
      const given = [...running, progress({ progressPercent: 40 })];
      spec.given(given).when(report({ progressPercent: 30 })).thenThrows('DOMAIN_RULE', /needs a reason/);
      spec
        .given(given)
        .when(report({ progressPercent: 30, reason: '  Two modules had to be repeated ' }))
        .then([
          progress({ progressPercent: 30, previousProgressPercent: 40, reason: 'Two modules had to be repeated' }),
        ]);
    });

    it('refuses a lower count without a reason', () => {
      const given = [...running, progress({ outputs: { participants: 20 } })];
      spec.given(given).when(report({ outputs: { participants: 18 } })).thenThrows('DOMAIN_RULE', /needs a reason/);
      spec
        .given(given)
        .when(report({ outputs: { participants: 18 }, reason: 'Two registrations were counted twice' }))
        .then([progress({ outputs: { participants: 18 }, reason: 'Two registrations were counted twice' })]);
    });

    it('keeps placed and more-employable participants within the participants', () => {
      spec
        .given([...running, progress({ outputs: { participants: 10 } })])
        .when(report({ outputs: { participantsWithImprovedEmployability: 11 } }))
        .thenViolates('MEASURE_OUTPUT_ABOVE_PARTICIPANTS');
      spec
        .given(running)
        .when(report({ outputs: { participants: 5, longTermUnemployedPlacedInSocialInstitutions: 6 } }))
        .thenViolates('MEASURE_OUTPUT_ABOVE_PARTICIPANTS');
    });

    it('takes counts only as whole numbers ≥ 0', () => {
      spec.given(running).when(report({ outputs: { participants: -1 } })).thenThrows('BAD_USER_INPUT', /count/);
      spec.given(running).when(report({ outputs: { participants: 1.5 } })).thenThrows('BAD_USER_INPUT', /count/);
    });

    it('records each milestone once, not before the actual start', () => {
      const milestone = { milestoneId: 'kick-off', title: 'Kick-off', reachedOn: '2024-09-10' };
      spec
        .given([...running, progress({ milestone })])
        .when(report({ milestone: { ...milestone, reachedOn: '2024-09-11' } }))
        .thenThrows('DOMAIN_RULE', /already been reported/);
      spec
        .given(running)
        .when(report({ milestone: { ...milestone, reachedOn: '2024-09-01' } }))
        .thenThrows('DOMAIN_RULE', /before the actual start/);
    });

    it('refuses a report dated before the actual start', () => {
      spec
        .given(running)
        .when(report({ reportedOn: '2024-08-31', progressPercent: 5 }))
        .thenThrows('DOMAIN_RULE', /before the actual start/);
    });
  });

  describe('suspend, resume, complete', () => {
    it('suspends a running measure and resumes it', () => {
      spec
        .given(running)
        .when({ type: 'SuspendMeasure', data: { measureId, reason: 'Venue closed for repairs' }, context: context() })
        .then([suspended]);
      spec
        .given([...running, suspended])
        .when({ type: 'ResumeMeasure', data: { measureId }, context: context() })
        .then([{ type: 'MeasureResumed', data: { measureId } }]);
    });

    it('suspends only a running measure and resumes only a suspended one', () => {
      spec
        .given([planned, approved])
        .when({ type: 'SuspendMeasure', data: { measureId, reason: 'x' }, context: context() })
        .thenThrows('DOMAIN_RULE', /running/);
      spec
        .given(running)
        .when({ type: 'ResumeMeasure', data: { measureId }, context: context() })
        .thenThrows('DOMAIN_RULE', /suspended/);
    });

    it('completes a running measure with an end on or after the actual start', () => {
      spec
        .given(running)
        .when({ type: 'CompleteMeasure', data: { measureId, actualEndDate: '2025-08-29' }, context: context() })
        .then([completed]);
      spec
        .given(running)
        .when({ type: 'CompleteMeasure', data: { measureId, actualEndDate: '2024-09-02' }, context: context() })
        .then([{ type: 'MeasureCompleted', data: { measureId, actualEndDate: '2024-09-02' } }]);
    });

    it('refuses an actual end before the actual start', () => {
      spec
        .given(running)
        .when({ type: 'CompleteMeasure', data: { measureId, actualEndDate: '2024-09-01' }, context: context() })
        .thenThrows('DOMAIN_RULE', /before the actual start/);
    });

    it('completes only a running measure', () => {
      spec
        .given([...running, suspended])
        .when({ type: 'CompleteMeasure', data: { measureId, actualEndDate: '2025-08-29' }, context: context() })
        .thenThrows('DOMAIN_RULE', /running/);
    });
  });

  describe('cancel', () => {
    const cancel = {
      type: 'CancelMeasure' as const,
      data: { measureId, reason: 'Sponsor insolvent' },
      context: context(),
    };

    it.each([
      ['planned', [planned]],
      ['approved', [planned, approved]],
      ['running', running],
      ['suspended', [...running, suspended]],
    ] as const)('cancels a %s measure', (previousStatus, given) => {
      spec
        .given([...given])
        .when(cancel)
        .then([{ type: 'MeasureCancelled', data: { measureId, reason: 'Sponsor insolvent', previousStatus } }]);
    });

    it('does not cancel a completed or cancelled measure', () => {
      spec.given([...running, completed]).when(cancel).thenThrows('DOMAIN_RULE', /completed/);
      spec.given([...running, cancelled]).when(cancel).thenThrows('DOMAIN_RULE', /cancelled/);
    });
  });

  describe('evaluate', () => {
    const evaluation = {
      evaluatedOn: '2025-10-15',
      effect: '12 of 40 participants found work; the workshop was the main reason',
      costEffectiveness: 'About 10,000 € per placement, below the programme average',
      lessons: 'Start recruiting earlier',
      rating: 'SUCCESSFUL' as const,
    };
    const evaluate = { type: 'EvaluateMeasure' as const, data: { measureId, ...evaluation }, context: context() };

    it('evaluates a completed or a cancelled measure', () => {
      spec
        .given([...running, completed])
        .when(evaluate)
        .then([{ type: 'MeasureEvaluated', data: { measureId, ...evaluation } }]);
      spec
        .given([...running, cancelled])
        .when(evaluate)
        .then([{ type: 'MeasureEvaluated', data: { measureId, ...evaluation } }]);
    });

    it('evaluates only a finished measure, once', () => {
      spec.given(running).when(evaluate).thenThrows('DOMAIN_RULE', /completed or cancelled/);
      spec
        .given([...running, completed, { type: 'MeasureEvaluated', data: { measureId, ...evaluation } }])
        .when(evaluate)
        .thenThrows('DOMAIN_RULE', /already been evaluated/);
    });
  });

  describe('link grants', () => {
    const link = (grantId: string) => ({
      type: 'LinkGrantToMeasure' as const,
      data: { measureId, grantId },
      context: context(),
    });

    it('links a grant once; linking it again records nothing', () => {
      spec.given([planned]).when(link(grantA)).then([linkedA]);
      spec.given([planned, linkedA]).when(link(grantA)).then([]);
    });

    it('links only to a measure that exists', () => {
      spec.given([]).when(link(grantA)).thenThrows('NOT_FOUND');
    });
  });

  it('folds the lifecycle into the state', () => {
    const milestone = { milestoneId: 'kick-off', title: 'Kick-off', reachedOn: '2024-09-10' };
    const state = [
      planned,
      linkedA,
      approved,
      started,
      progress({ progressPercent: 50, milestone, outputs: { participants: 12 } }),
      progress({ outputs: { employmentOpportunitiesCreated: 3 } }),
      suspended,
      { type: 'MeasureResumed', data: { measureId } } as MeasureEvent,
      completed,
    ].reduce(measuresDecider.evolve, measuresDecider.initialState());
    expect(state).toEqual({
      status: 'completed',
      grantIds: [grantA],
      districtId,
      plannedBy: PLANNER.id,
      actualStartDate: '2024-09-02',
      progressPercent: 50,
      milestoneIds: ['kick-off'],
      outputs: { participants: 12, employmentOpportunitiesCreated: 3 },
      evaluated: false,
    });
  });
});

describe('measure code reservation decider', () => {
  const code = 'HN-2024-07';
  const reserved: MeasureCodeEvent = { type: 'MeasureCodeReserved', data: { code, measureId } };
  const codeSpec = deciderSpec(measureCodeDecider);
  const reserve = (id: string) => ({
    type: 'ReserveMeasureCode' as const,
    data: { code, measureId: id, districtId },
    context: context(),
  });
  const release = (id: string) => ({
    type: 'ReleaseMeasureCode' as const,
    data: { code, measureId: id, districtId },
    context: context(),
  });

  it('reserves a free code', () => {
    codeSpec.given([]).when(reserve(measureId)).then([reserved]);
  });

  it('refuses a code another measure holds; the holder may reserve it again (no event)', () => {
    codeSpec.given([reserved]).when(reserve(otherGoalId)).thenThrows('DOMAIN_RULE', /already used by another measure/);
    codeSpec.given([reserved]).when(reserve(measureId)).then([]);
  });

  it('releases only the holder’s reservation, after which the code is free again', () => {
    const released: MeasureCodeEvent = { type: 'MeasureCodeReleased', data: { code, measureId } };
    codeSpec.given([reserved]).when(release(otherGoalId)).then([]);
    codeSpec.given([reserved]).when(release(measureId)).then([released]);
    codeSpec
      .given([reserved, released])
      .when(reserve(otherGoalId))
      .then([{ type: 'MeasureCodeReserved', data: { code, measureId: otherGoalId } }]);
  });

  it('keys codes case-insensitively', () => {
    expect(measureCodeKey('HN-2024-07')).toBe(measureCodeKey(' hn-2024-07 '));
    expect(measureCodeKey('HN-2024-07')).not.toBe(measureCodeKey('HN-2024-08'));
  });
});
