import type { CommandContext } from '../../../src/core/decider';
import type { DefineGoal, DistrictFacts, Measurement, RecordGoalReview } from '../../../src/goals/domain/goals.commands';
import { goalsDecider, MAX_ACTIVE_INDICATORS } from '../../../src/goals/domain/goals.decider';
import type {
  GoalDefined,
  GoalEvent,
  GoalReviewRecorded,
  IndicatorDefinition,
} from '../../../src/goals/domain/goals.events';
import { progressPercent } from '../../../src/goals/domain/indicator-progress';
import { context, deciderSpec } from '../../support/decider-spec';

const goalId = '0b7e1c52-3d4f-4a6b-9c8d-1e2f3a4b5c6d';
const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const catalogue = ['housing-environment', 'employment-local-economy', 'social-infrastructure-youth'];
const district: DistrictFacts = { registered: true, closed: false, conceptVersions: [1, 2] };
const withReason = (reason = 'Steering round of 12 May') => context({ reason });

const unemployed: IndicatorDefinition = {
  indicatorId: 'long-term-unemployed',
  code: 'L-01',
  name: 'Long-term unemployed residents',
  unit: 'persons',
  measureType: 'UNIT',
  direction: 'DESCENDING',
  baseline: { value: 400, date: '2023-12-31', source: 'Jobcenter statistics 2023' },
  target: { value: 300, date: '2027-12-31' },
};
const dayCare: IndicatorDefinition = {
  indicatorId: 'day-care-share',
  code: 'RCO 74',
  name: 'Share of children under 3 in day care',
  unit: '%',
  measureType: 'PERCENTAGE',
  direction: 'ASCENDING',
  baseline: { value: 60, date: '2023-09-01', source: 'Youth office' },
  target: { value: 80, date: '2027-09-01' },
};
const network: IndicatorDefinition = {
  indicatorId: 'actor-network',
  code: 'L-07',
  name: 'Network of local actors',
  unit: '',
  measureType: 'QUALITATIVE',
  direction: 'ASCENDING',
  baseline: { value: 'No regular exchange', date: '2023-06-01', source: 'Forum minutes' },
  target: { value: 'Monthly round table established', date: '2026-06-01' },
};

const definition = {
  goalId,
  districtId,
  actionFieldIds: ['employment-local-economy', 'social-infrastructure-youth'],
  title: 'More residents in work, more children in day care',
  description: 'Goal 2.1 of the ISEK',
  conceptVersion: null,
  indicators: [unemployed, dayCare, network],
};
const define = (overrides: Partial<DefineGoal['data']> = {}, ctx: CommandContext = context()): DefineGoal => ({
  type: 'DefineGoal',
  data: { ...definition, known: { actionFieldIds: catalogue, district }, ...overrides },
  context: ctx,
});
const defined: GoalDefined = { type: 'GoalDefined', data: definition };

const successControl = {
  goalAchievement: 'Unemployment fell by a quarter of the way to the target',
  effect: 'The job coaching of measure M-3 placed 40 residents',
  costEffectiveness: 'Cost per placement below the state average',
};
const measurement = (indicatorId: string, value: number | string, measuredOn = '2024-12-31'): Measurement => ({
  indicatorId,
  value,
  measuredOn,
  source: 'Annual statistics',
});
const reviewData = (overrides: Partial<RecordGoalReview['data']> = {}): RecordGoalReview['data'] => ({
  goalId,
  reviewId: 'rev-2024',
  reviewedOn: '2025-02-15',
  period: { from: '2024-01-01', to: '2024-12-31' },
  kind: 'ONGOING',
  conceptVersion: null,
  measurements: [measurement(unemployed.indicatorId, 375), measurement(dayCare.indicatorId, 70)],
  assessment: 'ON_TRACK',
  successControl,
  recommendations: ['Extend job coaching to young adults'],
  known: { conceptVersionInForce: null },
  ...overrides,
});
const review = (overrides: Partial<RecordGoalReview['data']> = {}): RecordGoalReview => ({
  type: 'RecordGoalReview',
  data: reviewData(overrides),
  context: context(),
});
/** The event a review records, as the decider judges it after the given events. */
const reviewed = (overrides: Partial<RecordGoalReview['data']> = {}, given: GoalEvent[] = [defined]): GoalReviewRecorded => {
  const [event] = goalsDecider.decide(review(overrides), given.reduce(goalsDecider.evolve, goalsDecider.initialState()));
  return event as GoalReviewRecorded;
};
const finalReview = (assessment: 'ACHIEVED' | 'NOT_ACHIEVED' = 'ACHIEVED') =>
  reviewed({
    reviewId: 'rev-final',
    kind: 'FINAL',
    assessment,
    measurements: [
      measurement(unemployed.indicatorId, 290),
      measurement(dayCare.indicatorId, 81),
      measurement(network.indicatorId, 'Round table meets monthly since March'),
    ],
  });
const retiredNetwork: GoalEvent = { type: 'GoalIndicatorRetired', data: { goalId, indicatorId: network.indicatorId } };

const spec = deciderSpec(goalsDecider);

describe('goals decider', () => {
  describe('defining a goal', () => {
    it('defines a goal with its indicators; the facts read from other streams stay out of the event', () => {
      spec.given([]).when(define()).then([defined]);
    });

    it('refuses to define the same goal twice', () => {
      spec.given([defined]).when(define()).thenThrows('DOMAIN_RULE', /already defined/);
    });

    it('refuses a district that is not registered, or closed', () => {
      spec
        .given([])
        .when(define({ known: { actionFieldIds: catalogue, district: { ...district, registered: false } } }))
        .thenThrows('DOMAIN_RULE', /not registered/);
      spec
        .given([])
        .when(define({ known: { actionFieldIds: catalogue, district: { ...district, closed: true } } }))
        .thenThrows('DOMAIN_RULE', /closed/);
    });

    it('refuses action fields that are not in the catalogue, given twice, or none at all', () => {
      spec
        .given([])
        .when(define({ actionFieldIds: ['housing-environment', 'culture-arts'] }))
        .thenThrows('DOMAIN_RULE', /Unknown action field.*culture-arts/);
      spec
        .given([])
        .when(define({ actionFieldIds: ['housing-environment', 'housing-environment'] }))
        .thenThrows('BAD_USER_INPUT', /twice/);
      spec.given([]).when(define({ actionFieldIds: [] })).thenThrows('BAD_USER_INPUT', /at least one action field/);
    });

    it('checks that a cited concept version was adopted by the district', () => {
      spec.given([]).when(define({ conceptVersion: 3 })).thenThrows('DOMAIN_RULE', /no concept version 3/);
      spec
        .given([])
        .when(define({ conceptVersion: 2 }))
        .then([{ type: 'GoalDefined', data: { ...definition, conceptVersion: 2 } }]);
    });

    it('needs 1 to 50 indicators with ids unique within the goal', () => {
      spec.given([]).when(define({ indicators: [] })).thenThrows('BAD_USER_INPUT', /at least one indicator/);
      const many = Array.from({ length: MAX_ACTIVE_INDICATORS + 1 }, (_, i) => ({ ...unemployed, indicatorId: `i${i}` }));
      spec.given([]).when(define({ indicators: many })).thenThrows('BAD_USER_INPUT', /at most 50/);
      spec
        .given([])
        .when(define({ indicators: [unemployed, { ...dayCare, indicatorId: unemployed.indicatorId }] }))
        .thenThrows('BAD_USER_INPUT', /long-term-unemployed is given twice/);
    });

    it('refuses a quantitative target equal to the baseline or against the indicator direction', () => {
      const target = (value: number) => ({ value, date: '2027-12-31' });
      spec
        .given([])
        .when(define({ indicators: [{ ...unemployed, target: target(400) }] }))
        .thenThrows('DOMAIN_RULE', /descending indicator long-term-unemployed must be below its baseline/);
      spec
        .given([])
        .when(define({ indicators: [{ ...unemployed, target: target(450) }] }))
        .thenThrows('DOMAIN_RULE', /below its baseline/);
      spec
        .given([])
        .when(define({ indicators: [{ ...dayCare, target: target(55) }] }))
        .thenThrows('DOMAIN_RULE', /ascending indicator day-care-share must be above its baseline/);
    });

    it('does not compare qualitative targets with their baseline', () => {
      const unchanged = { ...network, target: { value: network.baseline.value, date: '2026-06-01' } };
      spec
        .given([])
        .when(define({ indicators: [unchanged] }))
        .then([{ type: 'GoalDefined', data: { ...definition, indicators: [unchanged] } }]);
    });

    it('refuses a target date that is not after the baseline date', () => {
      spec
        .given([])
        .when(define({ indicators: [{ ...dayCare, target: { value: 80, date: '2023-09-01' } }] }))
        .thenThrows('DOMAIN_RULE', /target date of indicator day-care-share must lie after its baseline date/);
    });

    it('refuses values that do not fit the measure type', () => {
      spec
        .given([])
        .when(define({ indicators: [{ ...unemployed, baseline: { ...unemployed.baseline, value: 'many' } }] }))
        .thenThrows('BAD_USER_INPUT', /baseline.value of a unit indicator must be a number/);
      spec
        .given([])
        .when(define({ indicators: [{ ...network, target: { value: 5, date: '2026-06-01' } }] }))
        .thenThrows('BAD_USER_INPUT', /target.value of a qualitative indicator must be a text/);
      spec
        .given([])
        .when(define({ indicators: [{ ...dayCare, target: { value: 120, date: '2027-09-01' } }] }))
        .thenThrows('BAD_USER_INPUT', /percentage between 0 and 100/);
    });
  });

  describe('revising a goal', () => {
    const revise = (changes: object, ctx: CommandContext = withReason(), known = { actionFieldIds: catalogue, district }) => ({
      type: 'ReviseGoal' as const,
      data: { goalId, changes, known },
      context: ctx,
    });

    it('records only what changed, with the previous values', () => {
      spec
        .given([defined])
        .when(
          revise({
            title: 'More residents in work',
            description: definition.description,
            actionFieldIds: ['social-infrastructure-youth', 'employment-local-economy', 'housing-environment'],
            conceptVersion: 2,
            targets: [
              { indicatorId: unemployed.indicatorId, target: { value: 250, date: '2028-12-31' } },
              { indicatorId: dayCare.indicatorId, target: dayCare.target },
            ],
          }),
        )
        .then([
          {
            type: 'GoalRevised',
            data: {
              goalId,
              changes: {
                title: 'More residents in work',
                actionFieldIds: ['social-infrastructure-youth', 'employment-local-economy', 'housing-environment'],
                conceptVersion: 2,
                targets: [{ indicatorId: unemployed.indicatorId, target: { value: 250, date: '2028-12-31' } }],
              },
              previous: {
                title: definition.title,
                actionFieldIds: definition.actionFieldIds,
                conceptVersion: null,
                targets: [{ indicatorId: unemployed.indicatorId, target: unemployed.target }],
              },
            },
          },
        ]);
    });

    it('records nothing when nothing changes (the same action fields in another order are no change)', () => {
      spec
        .given([defined])
        .when(revise({ title: definition.title, actionFieldIds: [...definition.actionFieldIds].reverse() }))
        .then([]);
    });

    it('may clear the concept version', () => {
      const cited: GoalEvent = { type: 'GoalDefined', data: { ...definition, conceptVersion: 1 } };
      spec
        .given([cited])
        .when(revise({ conceptVersion: null }))
        .then([{ type: 'GoalRevised', data: { goalId, changes: { conceptVersion: null }, previous: { conceptVersion: 1 } } }]);
    });

    it('needs a reason', () => {
      spec.given([defined]).when(revise({ title: 'New' }, context())).thenThrows('BAD_USER_INPUT', /reason is required/);
      spec.given([defined]).when(revise({ title: 'New' }, withReason('   '))).thenThrows('BAD_USER_INPUT');
    });

    it('checks new action fields, concept versions and targets like a definition', () => {
      spec.given([defined]).when(revise({ actionFieldIds: ['culture-arts'] })).thenThrows('DOMAIN_RULE', /Unknown action field/);
      spec
        .given([defined])
        .when(revise({ actionFieldIds: ['employment-local-economy', 'employment-local-economy'] }))
        .thenThrows('BAD_USER_INPUT', /twice/);
      spec
        .given([defined])
        .when(revise({ conceptVersion: 5 }, withReason(), { actionFieldIds: catalogue, district: { ...district, conceptVersions: [1] } }))
        .thenThrows('DOMAIN_RULE', /no concept version 5/);
      spec
        .given([defined])
        .when(revise({ targets: [{ indicatorId: dayCare.indicatorId, target: { value: 50, date: '2027-09-01' } }] }))
        .thenThrows('DOMAIN_RULE', /above its baseline/);
    });

    it('refuses targets of unknown or retired indicators', () => {
      const target = { value: 1, date: '2030-01-01' };
      spec
        .given([defined])
        .when(revise({ targets: [{ indicatorId: 'nope', target }] }))
        .thenThrows('DOMAIN_RULE', /no indicator nope/);
      spec
        .given([defined, retiredNetwork])
        .when(revise({ targets: [{ indicatorId: network.indicatorId, target: { value: 'x', date: '2030-01-01' } }] }))
        .thenThrows('DOMAIN_RULE', /is retired/);
    });

    it('cannot revise a goal that was never defined', () => {
      spec.given([]).when(revise({ title: 'x' })).thenThrows('NOT_FOUND');
    });
  });

  describe('indicators', () => {
    const extra: IndicatorDefinition = { ...dayCare, indicatorId: 'youth-centre-visits', code: 'L-09', name: 'Visits' };
    const add = (indicator: IndicatorDefinition) => ({
      type: 'AddGoalIndicator' as const,
      data: { goalId, indicator },
      context: context(),
    });
    const retire = (indicatorId: string, ctx: CommandContext = withReason('Data no longer collected')) => ({
      type: 'RetireGoalIndicator' as const,
      data: { goalId, indicatorId },
      context: ctx,
    });

    it('adds an indicator', () => {
      spec
        .given([defined])
        .when(add(extra))
        .then([{ type: 'GoalIndicatorAdded', data: { goalId, indicator: extra } }]);
    });

    it('refuses an id already used, also by a retired indicator', () => {
      spec.given([defined]).when(add({ ...extra, indicatorId: dayCare.indicatorId })).thenThrows('DOMAIN_RULE', /already has/);
      spec.given([defined, retiredNetwork]).when(add({ ...extra, indicatorId: network.indicatorId })).thenThrows('DOMAIN_RULE');
    });

    it('checks the added indicator', () => {
      spec
        .given([defined])
        .when(add({ ...extra, target: { value: 60, date: '2027-09-01' } }))
        .thenThrows('DOMAIN_RULE', /above its baseline/);
    });

    it('keeps at most 50 active indicators', () => {
      const full: GoalEvent = {
        type: 'GoalDefined',
        data: {
          ...definition,
          indicators: Array.from({ length: MAX_ACTIVE_INDICATORS }, (_, i) => ({ ...unemployed, indicatorId: `i${i}` })),
        },
      };
      spec.given([full]).when(add(extra)).thenThrows('DOMAIN_RULE', /at most 50 active/);
      const retiredOne: GoalEvent = { type: 'GoalIndicatorRetired', data: { goalId, indicatorId: 'i0' } };
      spec
        .given([full, retiredOne])
        .when(add(extra))
        .then([{ type: 'GoalIndicatorAdded', data: { goalId, indicator: extra } }]);
    });

    it('retires an indicator with a reason', () => {
      spec.given([defined]).when(retire(network.indicatorId)).then([retiredNetwork]);
      spec.given([defined]).when(retire(network.indicatorId, context())).thenThrows('BAD_USER_INPUT', /reason is required/);
    });

    it('refuses to retire an unknown or retired indicator, or the last active one', () => {
      spec.given([defined]).when(retire('nope')).thenThrows('DOMAIN_RULE', /no indicator nope/);
      spec.given([defined, retiredNetwork]).when(retire(network.indicatorId)).thenThrows('DOMAIN_RULE', /is retired/);
      const single: GoalEvent = { type: 'GoalDefined', data: { ...definition, indicators: [unemployed] } };
      spec.given([single]).when(retire(unemployed.indicatorId)).thenThrows('DOMAIN_RULE', /last active indicator/);
    });
  });

  describe('reviews (Zielerreichungskontrolle)', () => {
    it('freezes each judged value with the baseline and target of the moment and computes progress', () => {
      spec
        .given([defined])
        .when(review())
        .then([
          {
            type: 'GoalReviewRecorded',
            data: {
              goalId,
              reviewId: 'rev-2024',
              reviewedOn: '2025-02-15',
              period: { from: '2024-01-01', to: '2024-12-31' },
              kind: 'ONGOING',
              conceptVersion: null,
              measurements: [
                {
                  ...measurement(unemployed.indicatorId, 375),
                  baseline: unemployed.baseline,
                  target: unemployed.target,
                  direction: 'DESCENDING',
                  measureType: 'UNIT',
                  progressPercent: 25,
                },
                {
                  ...measurement(dayCare.indicatorId, 70),
                  baseline: dayCare.baseline,
                  target: dayCare.target,
                  direction: 'ASCENDING',
                  measureType: 'PERCENTAGE',
                  progressPercent: 50,
                },
              ],
              assessment: 'ON_TRACK',
              successControl,
              recommendations: ['Extend job coaching to young adults'],
            },
          },
        ]);
    });

    it('judges against the target in force after a revision', () => {
      const revised: GoalEvent = {
        type: 'GoalRevised',
        data: {
          goalId,
          changes: { targets: [{ indicatorId: unemployed.indicatorId, target: { value: 200, date: '2028-12-31' } }] },
          previous: { targets: [{ indicatorId: unemployed.indicatorId, target: unemployed.target }] },
        },
      };
      const [event] = goalsDecider.decide(
        review({ measurements: [measurement(unemployed.indicatorId, 350)] }),
        [defined, revised].reduce(goalsDecider.evolve, goalsDecider.initialState()),
      );
      expect(event).toMatchObject({
        data: { measurements: [{ target: { value: 200, date: '2028-12-31' }, progressPercent: 25 }] },
      });
    });

    it('keeps qualitative values as text without a progress figure', () => {
      const [event] = goalsDecider.decide(
        review({ measurements: [measurement(network.indicatorId, 'Round table met twice')] }),
        [defined].reduce(goalsDecider.evolve, goalsDecider.initialState()),
      );
      expect(event).toMatchObject({
        data: { measurements: [{ value: 'Round table met twice', progressPercent: null, measureType: 'QUALITATIVE' }] },
      });
    });

    it('refuses a measurement of an unknown or retired indicator', () => {
      spec
        .given([defined])
        .when(review({ measurements: [measurement('ghost', 1)] }))
        .thenThrows('DOMAIN_RULE', /no indicator ghost/);
      spec
        .given([defined, retiredNetwork])
        .when(review({ measurements: [measurement(network.indicatorId, 'x')] }))
        .thenThrows('DOMAIN_RULE', /is retired/);
    });

    it('refuses a review without measurements, with an indicator measured twice, or values of the wrong kind', () => {
      spec.given([defined]).when(review({ measurements: [] })).thenThrows('BAD_USER_INPUT', /at least one indicator/);
      spec
        .given([defined])
        .when(review({ measurements: [measurement(dayCare.indicatorId, 70), measurement(dayCare.indicatorId, 71)] }))
        .thenThrows('BAD_USER_INPUT', /twice/);
      spec
        .given([defined])
        .when(review({ measurements: [measurement(dayCare.indicatorId, 'high')] }))
        .thenThrows('BAD_USER_INPUT', /must be a number/);
    });

    it('keeps reviews in date order and review ids unique', () => {
      const first = reviewed();
      spec
        .given([defined, first])
        .when(review({ reviewId: 'rev-earlier', reviewedOn: '2025-02-14', period: { from: '2024-01-01', to: '2024-06-30' } }))
        .thenThrows('DOMAIN_RULE', /cannot follow the review of 2025-02-15/);
      spec.given([defined, first]).when(review({ reviewId: 'rev-same-day' })).then([
        { ...first, data: { ...first.data, reviewId: 'rev-same-day' } },
      ]);
      spec.given([defined, first]).when(review()).thenThrows('DOMAIN_RULE', /already recorded/);
    });

    it('refuses inconsistent dates: period reversed, period after the review, measured after the review', () => {
      spec
        .given([defined])
        .when(review({ period: { from: '2024-12-31', to: '2024-01-01' } }))
        .thenThrows('DOMAIN_RULE', /ends before it starts/);
      spec
        .given([defined])
        .when(review({ period: { from: '2024-01-01', to: '2025-03-31' } }))
        .thenThrows('DOMAIN_RULE', /ends after the review date/);
      spec
        .given([defined])
        .when(review({ measurements: [measurement(dayCare.indicatorId, 70, '2025-03-01')] }))
        .thenThrows('DOMAIN_RULE', /measured after the review date/);
    });

    it('fits the assessment to the kind of review', () => {
      spec
        .given([defined])
        .when(review({ assessment: 'NOT_ACHIEVED' }))
        .thenThrows('DOMAIN_RULE', /ongoing review cannot assess a goal as NOT_ACHIEVED/);
      spec
        .given([defined])
        .when(review({ kind: 'FINAL', assessment: 'ON_TRACK' }))
        .thenThrows('DOMAIN_RULE', /final review cannot assess a goal as ON_TRACK/);
    });

    it('accepts only the concept version in force on the review date', () => {
      spec
        .given([defined])
        .when(review({ conceptVersion: 1, known: { conceptVersionInForce: 2 } }))
        .thenThrows('DOMAIN_RULE', /version 1 was not in force on 2025-02-15; version 2 was/);
      spec
        .given([defined])
        .when(review({ conceptVersion: 1, known: { conceptVersionInForce: null } }))
        .thenThrows('DOMAIN_RULE', /none was/);
      spec
        .given([defined])
        .when(review({ conceptVersion: 2, known: { conceptVersionInForce: 2 } }))
        .then([reviewed({ conceptVersion: 2, known: { conceptVersionInForce: 2 } })]);
      expect(reviewed({ conceptVersion: 2, known: { conceptVersionInForce: 2 } }).data.conceptVersion).toBe(2);
    });

    it('needs every active indicator in a final review', () => {
      spec
        .given([defined])
        .when(review({ kind: 'FINAL', assessment: 'ACHIEVED' }))
        .thenThrows('DOMAIN_RULE', /missing: actor-network/);
      // A retired indicator is not missed.
      spec
        .given([defined, retiredNetwork])
        .when(review({ kind: 'FINAL', assessment: 'NOT_ACHIEVED' }))
        .then([reviewed({ kind: 'FINAL', assessment: 'NOT_ACHIEVED' }, [defined, retiredNetwork])]);
    });

    it('closes reviewing and changes with a final review; marking achieved or abandoning remain', () => {
      const final = finalReview();
      const given = spec.given([defined, final]);
      given.when(review({ reviewId: 'later', reviewedOn: '2026-01-01' })).thenThrows('DOMAIN_RULE', /reviewing is closed/);
      given
        .when({ type: 'ReviseGoal', data: { goalId, changes: { title: 'x' }, known: { actionFieldIds: catalogue, district } }, context: withReason() })
        .thenThrows('DOMAIN_RULE', /had its final review/);
      given
        .when({ type: 'AddGoalIndicator', data: { goalId, indicator: { ...dayCare, indicatorId: 'new' } }, context: context() })
        .thenThrows('DOMAIN_RULE', /had its final review/);
      given
        .when({ type: 'RetireGoalIndicator', data: { goalId, indicatorId: network.indicatorId }, context: withReason() })
        .thenThrows('DOMAIN_RULE', /had its final review/);
      given
        .when({ type: 'MarkGoalAchieved', data: { goalId, reviewId: 'rev-final' }, context: context() })
        .then([{ type: 'GoalMarkedAchieved', data: { goalId, reviewId: 'rev-final' } }]);
    });

    it('cannot review a goal that was never defined', () => {
      spec.given([]).when(review()).thenThrows('NOT_FOUND');
    });
  });

  describe('closing a goal', () => {
    const markAchieved = (reviewId: string) => ({
      type: 'MarkGoalAchieved' as const,
      data: { goalId, reviewId },
      context: context(),
    });
    const abandon = (ctx: CommandContext = withReason('Programme funding ended')) => ({
      type: 'AbandonGoal' as const,
      data: { goalId },
      context: ctx,
    });
    const achievedOngoing = reviewed({ reviewId: 'rev-achieved', assessment: 'ACHIEVED' });

    it('marks a goal achieved by a review that found it achieved', () => {
      spec
        .given([defined, achievedOngoing])
        .when(markAchieved('rev-achieved'))
        .then([{ type: 'GoalMarkedAchieved', data: { goalId, reviewId: 'rev-achieved' } }]);
    });

    it('refuses to cite an ACHIEVED review that a later review overtook', () => {
      const laterOffTrack = reviewed(
        { reviewId: 'rev-later', assessment: 'OFF_TRACK', reviewedOn: '2026-02-15' },
        [defined, achievedOngoing],
      );
      spec
        .given([defined, achievedOngoing, laterOffTrack])
        .when(markAchieved('rev-achieved'))
        .thenThrows('DOMAIN_RULE', /not the latest review/);
    });

    it('refuses to mark achieved without a review, with an unknown review, or one that found otherwise', () => {
      spec.given([defined]).when(markAchieved('rev-2024')).thenThrows('DOMAIN_RULE', /only after a review/);
      spec.given([defined, reviewed()]).when(markAchieved('nope')).thenThrows('DOMAIN_RULE', /no review nope/);
      spec.given([defined, reviewed()]).when(markAchieved('rev-2024')).thenThrows('DOMAIN_RULE', /ON_TRACK, not ACHIEVED/);
      spec
        .given([defined, finalReview('NOT_ACHIEVED')])
        .when(markAchieved('rev-final'))
        .thenThrows('DOMAIN_RULE', /NOT_ACHIEVED/);
    });

    it('abandons a goal with a reason, also after a final review', () => {
      spec.given([defined]).when(abandon()).then([{ type: 'GoalAbandoned', data: { goalId } }]);
      spec.given([defined, finalReview('NOT_ACHIEVED')]).when(abandon()).then([{ type: 'GoalAbandoned', data: { goalId } }]);
      spec.given([defined]).when(abandon(context())).thenThrows('BAD_USER_INPUT', /reason is required/);
    });

    it('allows no change after the goal was achieved or abandoned', () => {
      const closings: GoalEvent[][] = [
        [achievedOngoing, { type: 'GoalMarkedAchieved', data: { goalId, reviewId: 'rev-achieved' } }],
        [{ type: 'GoalAbandoned', data: { goalId } }],
      ];
      for (const closing of closings) {
        const given = spec.given([defined, ...closing]);
        given
          .when({ type: 'ReviseGoal', data: { goalId, changes: { title: 'x' }, known: { actionFieldIds: catalogue, district } }, context: withReason() })
          .thenThrows('DOMAIN_RULE', /can no longer be changed/);
        given
          .when({ type: 'AddGoalIndicator', data: { goalId, indicator: { ...dayCare, indicatorId: 'new' } }, context: context() })
          .thenThrows('DOMAIN_RULE', /can no longer be changed/);
        given
          .when({ type: 'RetireGoalIndicator', data: { goalId, indicatorId: network.indicatorId }, context: withReason() })
          .thenThrows('DOMAIN_RULE', /can no longer be changed/);
        given.when(review({ reviewId: 'later', reviewedOn: '2026-01-01' })).thenThrows('DOMAIN_RULE', /can no longer be changed/);
        given.when(markAchieved('rev-achieved')).thenThrows('DOMAIN_RULE', /can no longer be changed/);
        given.when(abandon()).thenThrows('DOMAIN_RULE', /can no longer be changed/);
      }
    });
  });

  describe('state', () => {
    it('folds revisions, indicators, reviews and closing into the state', () => {
      const events: GoalEvent[] = [
        defined,
        {
          type: 'GoalRevised',
          data: {
            goalId,
            changes: { title: 'Work', targets: [{ indicatorId: dayCare.indicatorId, target: { value: 90, date: '2028-01-01' } }] },
            previous: { title: definition.title, targets: [{ indicatorId: dayCare.indicatorId, target: dayCare.target }] },
          },
        },
        retiredNetwork,
        reviewed({ assessment: 'ACHIEVED' }),
        { type: 'GoalMarkedAchieved', data: { goalId, reviewId: 'rev-2024' } },
      ];
      const state = events.reduce(goalsDecider.evolve, goalsDecider.initialState());
      expect(state).toMatchObject({ status: 'achieved', title: 'Work', reviews: [{ reviewId: 'rev-2024', assessment: 'ACHIEVED' }] });
      if (state.status === 'none') throw new Error('goal expected');
      expect(state.indicators.get(dayCare.indicatorId)).toMatchObject({ target: { value: 90 }, retired: false });
      expect(state.indicators.get(network.indicatorId)).toMatchObject({ retired: true });
    });
  });
});

describe('progressPercent', () => {
  const ascending = { measureType: 'UNIT' as const, direction: 'ASCENDING' as const, baseline: { value: 10 }, target: { value: 30 } };
  const descending = { ...ascending, direction: 'DESCENDING' as const, baseline: { value: 30 }, target: { value: 10 } };

  it('is (actual − baseline) / (target − baseline) × 100 for ascending indicators', () => {
    expect(progressPercent(ascending, 10)).toBe(0);
    expect(progressPercent(ascending, 15)).toBe(25);
    expect(progressPercent(ascending, 30)).toBe(100);
  });

  it('counts a fall as progress for descending indicators', () => {
    expect(progressPercent(descending, 25)).toBe(25);
    expect(progressPercent(descending, 10)).toBe(100);
  });

  it('is clamped to 0–100 and rounded to two decimals', () => {
    expect(progressPercent(ascending, 5)).toBe(0);
    expect(progressPercent(ascending, 45)).toBe(100);
    expect(progressPercent(descending, 40)).toBe(0);
    expect(progressPercent(ascending, 16.6666)).toBe(33.33);
  });

  it('is null for qualitative indicators and for targets that do not lie in the direction', () => {
    expect(progressPercent({ ...ascending, measureType: 'QUALITATIVE', baseline: { value: 'a' }, target: { value: 'b' } }, 'c')).toBeNull();
    expect(progressPercent({ ...ascending, target: { value: 10 } }, 20)).toBeNull();
    expect(progressPercent({ ...descending, target: { value: 40 } }, 20)).toBeNull();
  });
});
