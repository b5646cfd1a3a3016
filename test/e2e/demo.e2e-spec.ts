import { rmSync } from 'node:fs';
import { ACTORS, DEMO_IDS, DEMO_SECTIONS } from '../../src/cli/demo/demo-data';
import { DemoRefusedError, type DemoSummary, DemoStepError, runDemo } from '../../src/cli/demo';
import { deterministicUuid } from '../../src/core/ids';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { type JsonValue, type RecordedEvent } from '../../src/core/envelope';
import { dataOf, newDataDir, startApp, type TestApp } from '../support/app';

/**
 * `npm run demo` against an in-process app started like plain `npm start` without JWT_SECRET (the demo signs its
 * people's tokens with the secret file the app created in DATA_DIR): the German demo data set arrives through the
 * GraphQL API and the queries show it; a second run records nothing; no event holds personal data of residents;
 * production, a service that refuses the demo's tokens and a refused step are reported; with nothing answering at
 * the URL the demo starts the app itself.
 */

jest.setTimeout(120_000);

const HEAD = '{ projectionStatus { name head checkpoint state } }';

interface Connection<T> {
  edges: { node: T }[];
}

describe('npm run demo', () => {
  let t: TestApp;
  let first: DemoSummary;
  const lines: string[] = [];

  /**
   * The demo's environment: the service's data folder, where its signing secret lies. The demo must never start a
   * second service on that folder, so these runs do not start one in-process.
   */
  const demoEnv = () => ({ NODE_ENV: 'test', DATA_DIR: t.dataDir });

  beforeAll(async () => {
    // The test's own queries act as the development identity; the demo's people send tokens.
    t = await startApp({ JWT_SECRET: '' });
    first = await runDemo({ url: t.url, env: demoEnv(), startInProcess: false, write: (line) => lines.push(line) });
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  async function query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    return dataOf(await t.gql<T>(document, variables));
  }

  async function head(): Promise<string | null> {
    const { projectionStatus } = await query<{ projectionStatus: { head: string | null; checkpoint: string | null }[] }>(HEAD);
    // The demo waited for the read models: every checkpoint is at the head.
    for (const status of projectionStatus) expect(status.checkpoint).toBe(status.head);
    return projectionStatus[0].head;
  }

  async function allEvents(): Promise<RecordedEvent[]> {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events: RecordedEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 500 });
      events.push(...page.events);
      if (page.isEnd || page.lastPosition === null) return events;
      after = page.lastPosition;
    }
  }

  it('records every step once and reports one line per section', () => {
    const steps = DEMO_SECTIONS.reduce((sum, section) => sum + section.steps.length, 0);
    expect(first).toMatchObject({ url: t.url, inProcess: false, steps, recorded: steps, repeated: 0, unchanged: 0 });
    expect(first.head).not.toBeNull();
    expect(first.elapsedMs).toBeLessThan(30_000);
    for (const section of DEMO_SECTIONS) {
      expect(lines.some((line) => line.includes(section.name) && line.includes(`${section.steps.length} recorded`))).toBe(true);
    }
    expect(lines.at(-2)).toMatch(/^Done: \d+ steps in [\d.]+ s — \d+ recorded, 0 already present\.$/);
    expect(lines.at(-1)).toBe(`GraphQL: ${t.url}`);
  });

  it('shows both districts with concept versions, SWOT analyses, plans and context indicators', async () => {
    const { districts } = await query<{
      districts: Connection<{
        id: string;
        name: string;
        municipality: string;
        municipalityKey: string;
        designation: { number: string; date: string };
        conceptVersions: { version: number; title: string; decisionRef: string; adoptedByBodyId: string }[];
        swotAnalysisCount: number;
        latestSwotAnalysis: { items: { actionFieldId: string }[] } | null;
        actionFieldPlans: { actionFieldId: string; revision: number; history: { revision: number }[] }[];
        contextIndicators: {
          indicatorKey: string;
          unit: string;
          values: { referenceDate: string; value: number; corrections: { previousValue: number }[] }[];
        }[];
      }>;
    }>(`{
      districts {
        edges { node {
          id name municipality municipalityKey designation { number date }
          conceptVersions { version title decisionRef adoptedByBodyId }
          swotAnalysisCount latestSwotAnalysis { items { actionFieldId } }
          actionFieldPlans { actionFieldId revision history { revision } }
          contextIndicators { indicatorKey unit values { referenceDate value corrections { previousValue } } }
        } }
      }
    }`);
    const byName = new Map(districts.edges.map(({ node }) => [node.name, node]));
    expect([...byName.keys()].sort()).toEqual(['Halle-Neustadt', 'Neustädter Feld']);

    const halle = byName.get('Halle-Neustadt')!;
    expect(halle).toMatchObject({ id: DEMO_IDS.districts.halle, municipality: 'Halle (Saale)', municipalityKey: '15002000' });
    expect(halle.conceptVersions.map((v) => v.version)).toEqual([1, 2]);
    for (const version of halle.conceptVersions) {
      expect(version.adoptedByBodyId).toBe(DEMO_IDS.bodies.halleSteering);
      expect(version.decisionRef.startsWith(`${DEMO_IDS.bodies.halleSteering}/`)).toBe(true);
    }
    expect(halle.swotAnalysisCount).toBe(2);
    expect(halle.actionFieldPlans).toHaveLength(8);
    const employmentPlan = halle.actionFieldPlans.find((p) => p.actionFieldId === 'employment-local-economy')!;
    expect(employmentPlan).toMatchObject({ revision: 2, history: [{ revision: 1 }] });
    const population = halle.contextIndicators.find((i) => i.indicatorKey === 'population')!;
    expect(population.values).toHaveLength(6);
    expect(population.values.find((v) => v.referenceDate === '2021-12-31')).toMatchObject({
      value: 45381,
      corrections: [{ previousValue: 45318 }],
    });
    expect(halle.contextIndicators.find((i) => i.indicatorKey === 'benefit_share_percent')?.unit).toBe('%');

    const magdeburg = byName.get('Neustädter Feld')!;
    expect(magdeburg).toMatchObject({ municipality: 'Magdeburg', municipalityKey: '15003000' });
    expect(magdeburg.conceptVersions).toHaveLength(1);
    expect(magdeburg.latestSwotAnalysis?.items.length).toBeGreaterThan(0);
  });

  it('shows bodies with meetings, votes and rationale', async () => {
    const { body } = await query<{
      body: {
        kind: string;
        meetingCount: number;
        meetings: Connection<{ attendance: number; agendaItems: string[] }>;
        decisions: Connection<{ subject: string; outcome: string; rationale: string | null; votes: { for: number } | null }>;
      };
    }>(
      `query($id: ID!) { body(id: $id) {
        kind meetingCount
        meetings(first: 50) { edges { node { attendance agendaItems } } }
        decisions(first: 50) { edges { node { subject outcome rationale votes { for } } } }
      } }`,
      { id: DEMO_IDS.bodies.halleSteering },
    );
    expect(body.kind).toBe('STEERING_ROUND');
    expect(body.meetingCount).toBe(5);
    expect(body.meetings.edges.every(({ node }) => node.attendance > 0 && node.agendaItems.length > 0)).toBe(true);
    const outcomes = new Set(body.decisions.edges.map(({ node }) => node.outcome));
    expect(outcomes).toEqual(new Set(['ADOPTED', 'DEFERRED']));
    expect(body.decisions.edges.every(({ node }) => node.rationale)).toBe(true);

    const { bodies } = await query<{ bodies: Connection<{ kind: string }> }>(
      'query($d: ID!) { bodies(districtId: $d) { edges { node { kind } } } }',
      { d: DEMO_IDS.districts.halle },
    );
    expect(new Set(bodies.edges.map(({ node }) => node.kind))).toEqual(
      new Set(['RESIDENT_FORUM', 'WORKING_GROUP', 'STEERING_ROUND', 'LOCAL_FUND_JURY', 'PROJECT_SPONSOR']),
    );
  });

  it('shows a goal with its indicators, a revision and five reviews', async () => {
    const { goal } = await query<{
      goal: {
        title: string;
        conceptVersion: number;
        assessment: string;
        indicators: { indicatorId: string; direction: string; target: { value: number }; actuals: unknown[] }[];
        reviews: { reviewedOn: string; assessment: string; conceptVersion: number; recordedBy: string }[];
        revisions: { reason: string }[];
      };
    }>(
      `query($id: ID!) { goal(id: $id) {
        title conceptVersion assessment
        indicators { indicatorId direction target { value } actuals { reviewedOn } }
        reviews { reviewedOn assessment conceptVersion recordedBy }
        revisions { reason }
      } }`,
      { id: DEMO_IDS.goals.halleWork },
    );
    expect(goal.title).toBe('Mehr Bewohnerinnen und Bewohner in Arbeit und Qualifizierung');
    expect(goal.conceptVersion).toBe(2);
    expect(goal.reviews.map((r) => r.reviewedOn)).toEqual(['2021-03-31', '2022-03-30', '2023-03-29', '2024-03-27', '2025-03-26']);
    expect(goal.reviews.map((r) => r.conceptVersion)).toEqual([1, 1, 1, 2, 2]);
    expect(goal.reviews.map((r) => r.assessment)).toEqual(['AT_RISK', 'ON_TRACK', 'ON_TRACK', 'ON_TRACK', 'ON_TRACK']);
    expect(goal.reviews.every((r) => r.recordedBy === ACTORS.stmHalle.id)).toBe(true);
    expect(goal.indicators.map((i) => [i.indicatorId, i.direction, i.target.value, i.actuals.length])).toEqual([
      ['sgb2-quote', 'DESCENDING', 27, 5],
      ['teilnehmende-ltu', 'ASCENDING', 400, 5],
    ]);
    expect(goal.revisions).toHaveLength(1);

    const { goals } = await query<{ goals: Connection<{ status: string; reviews: unknown[] }> }>(
      '{ goals(first: 50) { edges { node { status reviews { reviewId } } } } }',
    );
    expect(goals.edges).toHaveLength(5);
    expect(goals.edges.every(({ node }) => node.reviews.length >= 2)).toBe(true);
    expect(goals.edges.map(({ node }) => node.status).sort()).toEqual(['ACHIEVED', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
  });

  it('shows the employment measure with its output counts and the measures in every stage', async () => {
    const { measure } = await query<{
      measure: {
        code: string;
        status: string;
        integrated: boolean;
        actionFieldIds: string[];
        grantIds: string[];
        startConfirmedByGrantIds: string[];
        actualStartDate: string;
        outputs: Record<string, number>;
      };
    }>(
      `query($id: ID!) { measure(id: $id) {
        code status integrated actionFieldIds grantIds startConfirmedByGrantIds actualStartDate
        outputs { participants longTermUnemployedPlacedInSocialInstitutions participantsWithImprovedEmployability employmentOpportunitiesCreated }
      } }`,
      { id: DEMO_IDS.measures.halleWorkInSocialInstitutions },
    );
    expect(measure).toMatchObject({ code: 'HN-2024-01', status: 'RUNNING', integrated: true, actualStartDate: '2024-03-04' });
    expect(measure.actionFieldIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(measure.startConfirmedByGrantIds)).toEqual(new Set([DEMO_IDS.grants.halleEsf, DEMO_IDS.grants.halleState]));
    expect(measure.outputs).toEqual({
      participants: 71,
      longTermUnemployedPlacedInSocialInstitutions: 61,
      participantsWithImprovedEmployability: 43,
      employmentOpportunitiesCreated: 29,
    });

    const { measures } = await query<{ measures: Connection<{ status: string; integrated: boolean }> }>(
      '{ measures(first: 50) { edges { node { status integrated } } } }',
    );
    expect(measures.edges).toHaveLength(7);
    expect(measures.edges.every(({ node }) => node.integrated)).toBe(true);
    expect(new Set(measures.edges.map(({ node }) => node.status))).toEqual(new Set(['RUNNING', 'COMPLETED', 'APPROVED', 'CANCELLED']));
  });

  it('shows grants in every stage of their lifecycle, at EU, federal and state level', async () => {
    const { grants } = await query<{ grants: Connection<{ id: string; status: string; programmeLevel: string }> }>(
      '{ grants(first: 50) { edges { node { id status programmeLevel } } } }',
    );
    expect(new Set(grants.edges.map(({ node }) => node.status))).toEqual(
      new Set(['SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'CLOSED']),
    );
    expect(new Set(grants.edges.map(({ node }) => node.programmeLevel))).toEqual(new Set(['EU', 'FEDERAL', 'STATE']));

    const GRANT = `query($id: ID!) { grant(id: $id) {
      status disbursed spent repaid earlyStartPermittedFrom
      measureStarts { basis startDate }
      proofs { kind budgetYear status submissions }
      expenditures { receiptReference amount receiptTotal }
      approvalVersions { version }
    } }`;
    type GrantView = {
      status: string;
      disbursed: number;
      spent: number;
      repaid: number;
      earlyStartPermittedFrom: string | null;
      measureStarts: { basis: string; startDate: string }[];
      proofs: { kind: string; budgetYear: number | null; status: string; submissions: number }[];
      expenditures: { receiptReference: string; amount: number; receiptTotal: number }[];
      approvalVersions: { version: number }[];
    };
    const grant = async (id: string) => (await query<{ grant: GrantView }>(GRANT, { id })).grant;

    const esf = await grant(DEMO_IDS.grants.halleEsf);
    expect(esf).toMatchObject({ status: 'APPROVED', disbursed: 160_000_00 });
    expect(esf.proofs).toEqual([
      { kind: 'INTERIM', budgetYear: 2024, status: 'ACCEPTED', submissions: 2 },
      { kind: 'INTERIM', budgetYear: 2025, status: 'ACCEPTED', submissions: 1 },
    ]);
    // Receipts split across the ESF Plus and the state grant (75 % + 15 %; the city pays the rest).
    const state = await grant(DEMO_IDS.grants.halleState);
    const shared = state.expenditures.map((e) => e.receiptReference);
    expect(shared.length).toBeGreaterThan(1);
    for (const reference of shared) {
      const [onEsf, onState] = [esf, state].map((g) => g.expenditures.find((e) => e.receiptReference === reference)!);
      expect(onEsf.amount + onState.amount).toBeLessThanOrEqual(onEsf.receiptTotal);
      expect(onEsf.amount).toBe(onEsf.receiptTotal * 0.75);
    }

    const plaza = await grant(DEMO_IDS.grants.hallePlaza);
    expect(plaza).toMatchObject({ status: 'APPROVED', earlyStartPermittedFrom: '2024-03-15' });
    expect(plaza.measureStarts).toEqual([{ basis: 'EARLY_START', startDate: '2024-04-02' }]);
    expect(plaza.proofs[0].status).toBe('QUERIED');

    const closed = await grant(DEMO_IDS.grants.halleImage);
    expect(closed).toMatchObject({ status: 'CLOSED', disbursed: 48_000_00, spent: 46_500_00, repaid: 1_500_00 });
    expect(closed.proofs.map((p) => [p.kind, p.status])).toEqual([
      ['INTERIM', 'ACCEPTED'],
      ['FINAL', 'ACCEPTED'],
    ]);

    expect((await grant(DEMO_IDS.grants.magdeburgEfre)).approvalVersions).toHaveLength(2);
  });

  it('records nothing when it runs a second time', async () => {
    const before = await head();
    const eventsBefore = (await allEvents()).length;
    const second = await runDemo({ url: t.url, env: demoEnv(), startInProcess: false, write: () => undefined });
    expect(second).toMatchObject({ steps: first.steps, recorded: 0, repeated: first.steps, unchanged: 0, head: before });
    expect(await head()).toBe(before);
    expect((await allEvents()).length).toBe(eventsBefore);
  });

  it('keeps personal data of residents out of the events: user ids as actors, counts instead of names', async () => {
    const events = await allEvents();
    const demoActorIds = new Set<string>(Object.values(ACTORS).map((a) => a.id));
    for (const { metadata } of events) {
      expect(metadata.actorId === 'system' || demoActorIds.has(metadata.actorId)).toBe(true);
    }
    for (const id of demoActorIds) expect(id).toMatch(/^[a-z]+(-[a-z]+)*-\d+$/);

    const PERSONAL = new RegExp(
      '^(first_?name|last_?name|surname|given_?name|full_?name|resident_?name|person_?name|' +
        'birth_?date|date_?of_?birth|email|phone|street_?address|home_?address)$',
      'i',
    );
    const personalKeys = (value: JsonValue, path: string): string[] => {
      if (Array.isArray(value)) return value.flatMap((item, i) => personalKeys(item, `${path}[${i}]`));
      if (value === null || typeof value !== 'object') return [];
      return Object.entries(value).flatMap(([key, inner]) => [
        ...(PERSONAL.test(key) ? [`${path}.${key}`] : []),
        ...personalKeys(inner, `${path}.${key}`),
      ]);
    };
    expect(events.flatMap((event) => personalKeys(event.data, `${event.type}@${event.streamId}`))).toEqual([]);
  });

  it('is refused in production or by a service that checks tokens with another secret, and reports a refused step with its label and code', async () => {
    const before = await head();
    await expect(runDemo({ url: t.url, env: { NODE_ENV: 'production' }, write: () => undefined })).rejects.toBeInstanceOf(
      DemoRefusedError,
    );
    const otherSecret = runDemo({ url: t.url, env: { JWT_SECRET: 'not-the-secret-of-this-service-0123456789' }, startInProcess: false, write: () => undefined });
    await expect(otherSecret).rejects.toBeInstanceOf(DemoRefusedError);
    await expect(otherSecret).rejects.toThrow(/refuses the demo's tokens \(The token signature is invalid\)/);
    const emptyDataDir = newDataDir('stadtteil-demo-nosecret-');
    try {
      const noSecret = runDemo({ url: t.url, env: { DATA_DIR: emptyDataDir }, startInProcess: false, write: () => undefined });
      await expect(noSecret).rejects.toThrow(/Cannot sign the demo's tokens: No signing secret/);
    } finally {
      rmSync(emptyDataDir, { recursive: true, force: true });
    }

    const label = 'test: SWOT analysis of a district that does not exist';
    const failing = runDemo({
      url: t.url,
      env: demoEnv(),
      startInProcess: false,
      write: () => undefined,
      sections: [
        {
          name: 'broken',
          steps: [
            {
              label,
              mutation: 'recordSwotAnalysis',
              actor: ACTORS.stmHalle,
              input: {
                districtId: deterministicUuid('demo-test', 'no-such-district'),
                conductedOn: '2024-01-01',
                items: [{ kind: 'STRENGTH', actionFieldId: 'public-space-safety', statement: 'Viel Grün' }],
              },
            },
          ],
        },
      ],
    });
    await expect(failing).rejects.toBeInstanceOf(DemoStepError);
    // The district manager's token covers Halle-Neustadt only: to them a district outside it does not exist.
    await expect(failing).rejects.toMatchObject({ label, code: 'NOT_FOUND' });
    expect(await head()).toBe(before);
  });

  it('starts the app in-process when nothing answers at the URL, on the configured DATA_DIR', async () => {
    const dataDir = newDataDir('stadtteil-demo-');
    try {
      const output: string[] = [];
      const summary = await runDemo({
        env: { NODE_ENV: 'test', DATA_DIR: dataDir, DEMO_URL: 'http://127.0.0.1:1/graphql', LOG_LEVEL: 'error' },
        write: (line) => output.push(line),
      });
      expect(summary).toMatchObject({ inProcess: true, recorded: summary.steps });
      expect(output[0]).toContain('starting the application in-process');

      const restarted = await startApp({ DATA_DIR: dataDir });
      try {
        const { districts } = dataOf(await restarted.gql<{ districts: Connection<{ name: string }> }>('{ districts { edges { node { name } } } }'));
        expect(districts.edges).toHaveLength(2);
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
