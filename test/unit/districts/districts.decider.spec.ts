import type { RecordedDecision, BodyFacts } from '../../../src/bodies/domain/bodies.decider';
import type { DistrictCommand } from '../../../src/districts/domain/districts.commands';
import { latestPossibleDate } from '../../../src/core/business-date';
import {
  conceptVersionInForce,
  districtsDecider,
  type RegisteredDistrict,
} from '../../../src/districts/domain/districts.decider';
import type { DistrictEvent, DistrictProfile, SwotItem } from '../../../src/districts/domain/districts.events';
import { context, deciderSpec } from '../../support/decider-spec';

const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const otherDistrictId = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const forumId = '0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e';
const profile: DistrictProfile = {
  name: 'Halle-Neustadt',
  municipality: 'Halle (Saale)',
  municipalityKey: '15002000',
  programmes: ['Sozialer Zusammenhalt'],
  designation: { number: 'V/2020/123', date: '2020-05-27' },
  areaHectares: 940,
  startDate: '2020-06-01',
  expectedEndDate: '2030-12-31',
};
const registered: DistrictEvent = { type: 'DistrictRegistered', data: { districtId, ...profile } };
const spec = deciderSpec(districtsDecider);
const fold = (events: DistrictEvent[]) => events.reduce(districtsDecider.evolve, districtsDecider.initialState());

/** The decision of the forum that adopted a concept version, as the BodyLookup reports it. */
const decision = (overrides: Partial<RecordedDecision> = {}): RecordedDecision => ({
  bodyId: forumId,
  districtId,
  decisionId: 'B-2021-04',
  meetingId: 'm-2021-04',
  heldOn: '2021-04-20',
  outcome: 'ADOPTED',
  ...overrides,
});

const adopt = (data: { adoptedOn: string; decisionRef?: string; title?: string }, found: RecordedDecision | null) =>
  ({
    type: 'AdoptConceptVersion',
    data: {
      districtId,
      title: data.title ?? 'ISEK Halle-Neustadt 2030',
      adoptedOn: data.adoptedOn,
      decisionRef: data.decisionRef ?? `${forumId}/B-2021-04`,
      summary: 'Goals and measures for 2021–2030',
      references: { decision: found },
    },
    context: context(),
  }) satisfies DistrictCommand;

const version1: DistrictEvent = {
  type: 'ConceptVersionAdopted',
  data: {
    districtId,
    version: 1,
    title: 'ISEK Halle-Neustadt 2030',
    adoptedOn: '2021-04-21',
    adoptedByBodyId: forumId,
    decisionRef: `${forumId}/B-2021-04`,
    summary: 'Goals and measures for 2021–2030',
  },
};
const version2: DistrictEvent = {
  type: 'ConceptVersionAdopted',
  data: { ...version1.data, version: 2, title: 'ISEK update', adoptedOn: '2024-02-01', decisionRef: `${forumId}/B-2024-01` },
} as DistrictEvent;

const catalogue = ['public-space-safety', 'housing-environment', 'employment-local-economy'];
const forum: BodyFacts = { bodyId: forumId, districtId, kind: 'RESIDENT_FORUM', establishedOn: '2020-09-01', dissolvedOn: null };
const item = (overrides: Partial<SwotItem> = {}): SwotItem => ({
  kind: 'STRENGTH',
  actionFieldId: 'housing-environment',
  statement: 'Large stock of affordable flats',
  evidence: 'Housing market report 2023',
  ...overrides,
});
const swot = (
  data: Partial<{ conductedOn: string; items: SwotItem[]; participatingBodyIds: string[] }> = {},
  bodies: BodyFacts[] = [forum],
) =>
  ({
    type: 'RecordSwotAnalysis',
    data: {
      districtId,
      conductedOn: data.conductedOn ?? '2023-10-05',
      items: data.items ?? [item(), item({ kind: 'THREAT', actionFieldId: 'employment-local-economy', evidence: null })],
      participatingBodyIds: data.participatingBodyIds ?? [forumId],
      references: { knownActionFieldIds: catalogue, bodies },
    },
    context: context(),
  }) satisfies DistrictCommand;

const plan = (actionFieldId: string, situation = 'Many vacant shops') =>
  ({
    type: 'RecordActionFieldPlan',
    data: {
      districtId,
      actionFieldId,
      situation,
      potentials: 'Cheap rents for start-ups',
      obstacles: 'Low purchasing power',
      references: { knownActionFieldIds: catalogue },
    },
    context: context(),
  }) satisfies DistrictCommand;

const population = (referenceDate: string, value: number): DistrictEvent => ({
  type: 'ContextIndicatorValueRecorded',
  data: { districtId, indicatorKey: 'population', value, unit: 'persons', referenceDate, source: 'Population register' },
});
const recordValue = (overrides: Partial<{ indicatorKey: string; value: number; unit: string; referenceDate: string }> = {}) =>
  ({
    type: 'RecordContextIndicatorValue',
    data: {
      districtId,
      indicatorKey: 'population',
      value: 44_000,
      unit: 'persons',
      referenceDate: '2024-12-31',
      source: 'Population register',
      ...overrides,
    },
    context: context(),
  }) satisfies DistrictCommand;
const correctValue = (value: number, source = 'Population register, revised') =>
  ({
    type: 'CorrectContextIndicatorValue',
    data: { districtId, indicatorKey: 'population', referenceDate: '2023-12-31', value, source, reason: 'Double count' },
    context: context(),
  }) satisfies DistrictCommand;

const close = (closedOn = '2026-01-31') =>
  ({
    type: 'CloseDistrictProgramme',
    data: { districtId, closedOn, reason: 'Funding period ended' },
    context: context(),
  }) satisfies DistrictCommand;
const closed: DistrictEvent = {
  type: 'DistrictProgrammeClosed',
  data: { districtId, closedOn: '2026-01-31', reason: 'Funding period ended' },
};

describe('districts decider', () => {
  describe('register and profile', () => {
    it('registers a new district', () => {
      spec
        .given([])
        .when({ type: 'RegisterDistrict', data: { districtId, ...profile }, context: context() })
        .then([registered]);
    });

    it('refuses to register the same district twice', () => {
      spec
        .given([registered])
        .when({ type: 'RegisterDistrict', data: { districtId, ...profile }, context: context() })
        .thenThrows('DOMAIN_RULE', /already registered/);
    });

    it('refuses an expected end before the start', () => {
      spec
        .given([])
        .when({
          type: 'RegisterDistrict',
          data: { districtId, ...profile, expectedEndDate: '2019-01-01' },
          context: context(),
        })
        .thenThrows('DOMAIN_RULE', /before the start/);
    });

    it('records only the fields that changed, with their previous values', () => {
      spec
        .given([registered])
        .when({
          type: 'UpdateDistrictProfile',
          data: { districtId, changes: { name: 'Halle-Neustadt', areaHectares: 950, programmes: ['Sozialer Zusammenhalt', 'BIWAQ'] } },
          context: context(),
        })
        .then([
          {
            type: 'DistrictProfileUpdated',
            data: {
              districtId,
              changes: { areaHectares: 950, programmes: ['Sozialer Zusammenhalt', 'BIWAQ'] },
              previous: { areaHectares: 940, programmes: ['Sozialer Zusammenhalt'] },
            },
          },
        ]);
    });

    it('records nothing when nothing changes', () => {
      spec
        .given([registered])
        .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { name: profile.name } }, context: context() })
        .then([]);
    });

    it('checks dates against the stored profile on update', () => {
      spec
        .given([registered])
        .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { startDate: '2031-01-01' } }, context: context() })
        .thenThrows('DOMAIN_RULE');
    });

    it('refuses to clear a required field but may clear an optional one', () => {
      spec
        .given([registered])
        .when({
          type: 'UpdateDistrictProfile',
          data: { districtId, changes: { name: null as unknown as string } },
          context: context(),
        })
        .thenThrows('BAD_USER_INPUT', /name cannot be cleared/);
      spec
        .given([registered])
        .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { areaHectares: null } }, context: context() })
        .then([
          {
            type: 'DistrictProfileUpdated',
            data: { districtId, changes: { areaHectares: null }, previous: { areaHectares: 940 } },
          },
        ]);
    });

    it('cannot update a district that was never registered', () => {
      spec
        .given([])
        .when({ type: 'UpdateDistrictProfile', data: { districtId, changes: { name: 'X' } }, context: context() })
        .thenThrows('NOT_FOUND');
    });

    it('folds registration and updates into the state', () => {
      const state = fold([
        registered,
        {
          type: 'DistrictProfileUpdated',
          data: { districtId, changes: { name: 'Neustadt' }, previous: { name: 'Halle-Neustadt' } },
        },
      ]);
      expect(state).toEqual({
        status: 'registered',
        profile: { ...profile, name: 'Neustadt' },
        conceptVersions: [],
        swotAnalysisCount: 0,
        actionFieldPlans: new Map(),
        contextIndicators: new Map(),
        closedOn: null,
      });
    });
  });

  describe('concept versions', () => {
    it('adopts version 1, naming the body whose decision adopted it', () => {
      spec.given([registered]).when(adopt({ adoptedOn: '2021-04-21' }, decision())).then([version1]);
    });

    it('numbers a later version 2; it may be adopted on the day of its meeting', () => {
      spec
        .given([registered, version1])
        .when(
          adopt(
            { adoptedOn: '2024-02-01', title: 'ISEK update', decisionRef: `${forumId}/B-2024-01` },
            decision({ decisionId: 'B-2024-01', heldOn: '2024-02-01' }),
          ),
        )
        .then([version2]);
    });

    it('refuses a decision that no body recorded', () => {
      spec
        .given([registered])
        .when(adopt({ adoptedOn: '2021-04-21' }, null))
        .thenThrows('DOMAIN_RULE', /was not recorded by any body/);
    });

    it('refuses a decision of a body of another district', () => {
      spec
        .given([registered])
        .when(adopt({ adoptedOn: '2021-04-21' }, decision({ districtId: otherDistrictId })))
        .thenThrows('DOMAIN_RULE', /another district/);
    });

    it.each(['REJECTED', 'DEFERRED'] as const)('refuses a decision that was %s: it adopted nothing', (outcome) => {
      spec
        .given([registered])
        .when(adopt({ adoptedOn: '2021-04-21' }, decision({ outcome })))
        .thenThrows('DOMAIN_RULE', new RegExp(`was ${outcome}`));
    });

    it('refuses an adoption dated before the meeting that decided it', () => {
      spec
        .given([registered])
        .when(adopt({ adoptedOn: '2021-04-19' }, decision()))
        .thenThrows('DOMAIN_RULE', /before the meeting/);
    });

    it('refuses an adoption date in the future', () => {
      spec
        .given([registered])
        .when(adopt({ adoptedOn: '2026-03-03' }, decision({ heldOn: '2026-02-01' })))
        .thenThrows('DOMAIN_RULE', /future/);
    });

    it('refuses a version adopted before the previous one: versions take effect in order', () => {
      spec
        .given([registered, version1, version2])
        .when(
          adopt(
            { adoptedOn: '2023-01-01', decisionRef: `${forumId}/B-2022-09` },
            decision({ decisionId: 'B-2022-09', heldOn: '2022-09-01' }),
          ),
        )
        .thenThrows('DOMAIN_RULE', /cannot predate/);
    });

    it('refuses to adopt a second version with the same decision', () => {
      spec
        .given([registered, version1])
        .when(adopt({ adoptedOn: '2022-01-01' }, decision()))
        .thenThrows('DOMAIN_RULE', /already adopted version 1/);
    });

    it('refuses an adoption for a district that was never registered', () => {
      spec.given([]).when(adopt({ adoptedOn: '2021-04-21' }, decision())).thenThrows('NOT_FOUND');
    });

    it('derives the version in force on a date', () => {
      const state = fold([registered, version1, version2]);
      expect(conceptVersionInForce(state, '2021-04-20')).toBeNull();
      expect(conceptVersionInForce(state, '2021-04-21')).toMatchObject({ version: 1 });
      expect(conceptVersionInForce(state, '2024-01-31')).toMatchObject({ version: 1 });
      expect(conceptVersionInForce(state, '2024-02-01')).toMatchObject({ version: 2, title: 'ISEK update' });
      expect(conceptVersionInForce(state, '2030-01-01')).toMatchObject({ version: 2 });
      expect(conceptVersionInForce(fold([]), '2024-01-01')).toBeNull();
      expect((state as RegisteredDistrict).conceptVersions).toEqual([
        { version: 1, title: 'ISEK Halle-Neustadt 2030', adoptedOn: '2021-04-21', decisionRef: `${forumId}/B-2021-04` },
        { version: 2, title: 'ISEK update', adoptedOn: '2024-02-01', decisionRef: `${forumId}/B-2024-01` },
      ]);
    });

    it('of two versions adopted on the same day, the later one is in force', () => {
      const sameDay = { ...version2, data: { ...version2.data, adoptedOn: '2021-04-21' } } as DistrictEvent;
      expect(conceptVersionInForce(fold([registered, version1, sameDay]), '2021-04-21')).toMatchObject({ version: 2 });
    });
  });

  describe('SWOT analyses', () => {
    it('records a dated analysis, numbered in order', () => {
      const first = swot();
      spec
        .given([registered])
        .when(first)
        .then([
          {
            type: 'SwotAnalysisRecorded',
            data: {
              districtId,
              analysisNumber: 1,
              conductedOn: '2023-10-05',
              items: first.data.items,
              participatingBodyIds: [forumId],
            },
          },
        ]);
      const afterFirst = fold([registered, ...districtsDecider.decide(first, fold([registered]))]);
      const [second] = districtsDecider.decide(swot({ participatingBodyIds: [] }), afterFirst);
      expect(second.data).toMatchObject({ analysisNumber: 2, participatingBodyIds: [] });
    });

    it('refuses an analysis without items', () => {
      spec.given([registered]).when(swot({ items: [] })).thenThrows('BAD_USER_INPUT', /at least one item/);
    });

    it('refuses items tagged with action fields that are not in the catalogue, naming them', () => {
      const command = swot({ items: [item({ actionFieldId: 'culture-arts' }), item({ actionFieldId: 'sports' })] });
      spec.given([registered]).when(command).thenThrows('DOMAIN_RULE', /culture-arts, sports/);
    });

    it('refuses a participating body that does not exist', () => {
      spec.given([registered]).when(swot({}, [])).thenThrows('DOMAIN_RULE', /does not exist/);
    });

    it('refuses a participating body of another district', () => {
      spec
        .given([registered])
        .when(swot({}, [{ ...forum, districtId: otherDistrictId }]))
        .thenThrows('DOMAIN_RULE', /another district/);
    });

    it('refuses a body that was not yet established, or already dissolved, on the date of the analysis', () => {
      spec
        .given([registered])
        .when(swot({ conductedOn: '2020-08-31' }))
        .thenThrows('DOMAIN_RULE', /did not exist on 2020-08-31/);
      spec
        .given([registered])
        .when(swot({}, [{ ...forum, dissolvedOn: '2023-10-04' }]))
        .thenThrows('DOMAIN_RULE', /did not exist/);
      // Dissolved on the day of the analysis: it still took part.
      const onItsLastDay = districtsDecider.decide(swot({}, [{ ...forum, dissolvedOn: '2023-10-05' }]), fold([registered]));
      expect(onItsLastDay.map((e) => e.type)).toEqual(['SwotAnalysisRecorded']);
    });

    it('refuses a body named twice', () => {
      spec
        .given([registered])
        .when(swot({ participatingBodyIds: [forumId, forumId] }))
        .thenThrows('BAD_USER_INPUT', /named twice/);
    });

    it('refuses an analysis dated in the future', () => {
      spec.given([registered]).when(swot({ conductedOn: '2026-03-03' })).thenThrows('DOMAIN_RULE', /future/);
    });
  });

  describe('action-field plans', () => {
    const first: DistrictEvent = {
      type: 'ActionFieldPlanRecorded',
      data: {
        districtId,
        actionFieldId: 'employment-local-economy',
        revision: 1,
        situation: 'Many vacant shops',
        potentials: 'Cheap rents for start-ups',
        obstacles: 'Low purchasing power',
      },
    };

    it('records the first plan of an action field as revision 1', () => {
      spec.given([registered]).when(plan('employment-local-economy')).then([first]);
    });

    it('a later plan for the same field supersedes it as revision 2; other fields count on their own', () => {
      spec
        .given([registered, first])
        .when(plan('employment-local-economy', 'Fewer vacant shops'))
        .then([{ type: 'ActionFieldPlanRecorded', data: { ...first.data, revision: 2, situation: 'Fewer vacant shops' } }] as DistrictEvent[]);
      spec
        .given([registered, first])
        .when(plan('housing-environment'))
        .then([{ type: 'ActionFieldPlanRecorded', data: { ...first.data, actionFieldId: 'housing-environment' } }] as DistrictEvent[]);
    });

    it('records nothing when the plan is the same as the one in force', () => {
      spec.given([registered, first]).when(plan('employment-local-economy')).then([]);
    });

    it('refuses an action field that is not in the catalogue', () => {
      spec.given([registered]).when(plan('culture-arts')).thenThrows('DOMAIN_RULE', /catalogue: culture-arts/);
    });
  });

  describe('context indicators', () => {
    it('records a value as of a reference date', () => {
      spec
        .given([registered])
        .when(recordValue())
        .then([population('2024-12-31', 44_000)]);
    });

    it('refuses a second value for the same indicator and date: that is a correction', () => {
      spec
        .given([registered, population('2024-12-31', 44_000)])
        .when(recordValue({ value: 44_100 }))
        .thenThrows('DOMAIN_RULE', /send a correction/);
    });

    it('keeps one unit per indicator', () => {
      spec
        .given([registered, population('2023-12-31', 44_500)])
        .when(recordValue({ unit: 'thousand persons', value: 44 }))
        .thenThrows('DOMAIN_RULE', /recorded in "persons"/);
    });

    it('keeps shares in % between 0 and 100', () => {
      const share = (value: number) => recordValue({ indicatorKey: 'benefit_share_percent', unit: '%', value });
      spec.given([registered]).when(share(100.5)).thenThrows('DOMAIN_RULE', /between 0 and 100/);
      spec.given([registered]).when(share(-1)).thenThrows('DOMAIN_RULE', /between 0 and 100/);
      spec
        .given([registered])
        .when(share(31.4))
        .then([{ type: 'ContextIndicatorValueRecorded', data: share(31.4).data }]);
    });

    it('refuses a reference date in the future', () => {
      spec.given([registered]).when(recordValue({ referenceDate: '2026-03-03' })).thenThrows('DOMAIN_RULE', /future/);
    });

    it('corrects a value with a reason, keeping the previous value in the event', () => {
      spec
        .given([registered, population('2023-12-31', 44_500)])
        .when(correctValue(44_350))
        .then([
          {
            type: 'ContextIndicatorValueCorrected',
            data: {
              districtId,
              indicatorKey: 'population',
              referenceDate: '2023-12-31',
              value: 44_350,
              source: 'Population register, revised',
              reason: 'Double count',
              previousValue: 44_500,
              previousSource: 'Population register',
            },
          },
        ]);
    });

    it('a second correction starts from the corrected value', () => {
      const given = [registered, population('2023-12-31', 44_500)];
      const corrected = districtsDecider.decide(correctValue(44_350), fold(given));
      const [again] = districtsDecider.decide(correctValue(44_360), fold([...given, ...corrected]));
      expect(again.data).toMatchObject({ value: 44_360, previousValue: 44_350 });
    });

    it('refuses to correct a value that was never recorded', () => {
      spec
        .given([registered, population('2024-12-31', 44_000)])
        .when(correctValue(44_350))
        .thenThrows('DOMAIN_RULE', /nothing to correct/);
    });

    it('records nothing when the correction repeats the value and source', () => {
      spec.given([registered, population('2023-12-31', 44_500)]).when(correctValue(44_500, 'Population register')).then([]);
    });

    it('keeps corrected shares in % between 0 and 100', () => {
      const share: DistrictEvent = {
        type: 'ContextIndicatorValueRecorded',
        data: { districtId, indicatorKey: 'benefit_share_percent', value: 30, unit: '%', referenceDate: '2023-12-31', source: 'Jobcenter' },
      };
      spec
        .given([registered, share])
        .when({
          type: 'CorrectContextIndicatorValue',
          data: { districtId, indicatorKey: 'benefit_share_percent', referenceDate: '2023-12-31', value: 130, source: 'Jobcenter', reason: 'Typo' },
          context: context(),
        })
        .thenThrows('DOMAIN_RULE', /between 0 and 100/);
    });
  });

  describe('closing the programme', () => {
    it('closes the programme with a date and a reason', () => {
      spec.given([registered]).when(close()).then([closed]);
      expect(fold([registered, closed])).toMatchObject({ status: 'closed', closedOn: '2026-01-31' });
    });

    it('refuses a closing date before the programme began', () => {
      spec.given([registered]).when(close('2020-05-31')).thenThrows('DOMAIN_RULE', /before it began \(2020-06-01\)/);
    });

    it('refuses a closing date in the future', () => {
      spec.given([registered]).when(close('2026-03-03')).thenThrows('DOMAIN_RULE', /future/);
    });

    it('refuses every command on a closed district, including closing it again', () => {
      const commands: DistrictCommand[] = [
        { type: 'UpdateDistrictProfile', data: { districtId, changes: { name: 'New name' } }, context: context() },
        adopt({ adoptedOn: '2021-04-21' }, decision()),
        swot(),
        plan('employment-local-economy'),
        recordValue(),
        correctValue(1),
        close(),
      ];
      for (const command of commands) {
        spec.given([registered, closed]).when(command).thenThrows('DOMAIN_RULE', /closed on 2026-01-31; its record is read-only/);
      }
      spec
        .given([registered, closed])
        .when({ type: 'RegisterDistrict', data: { districtId, ...profile }, context: context() })
        .thenThrows('DOMAIN_RULE', /already registered/);
    });

    it('commands on a district that was never registered are NOT_FOUND', () => {
      for (const command of [swot(), plan('housing-environment'), recordValue(), correctValue(1), close()]) {
        spec.given([]).when(command).thenThrows('NOT_FOUND');
      }
    });
  });

  describe('business dates', () => {
    it('accept the latest calendar date anywhere on earth, nothing later', () => {
      expect(latestPossibleDate(new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-02');
      expect(latestPossibleDate(new Date('2026-03-01T09:59:59Z'))).toBe('2026-03-01');
      spec.given([registered]).when(recordValue({ referenceDate: '2026-03-02' })).then([population('2026-03-02', 44_000)]);
    });
  });
});
