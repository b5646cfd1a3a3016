import { runDemo } from '../../src/cli/demo';
import { GRANTS_COLLECTION } from '../../projections/grants/grants.projection';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { TEST_JWT_SECRET } from '../support/auth';
import { dataOf, startApp, type TestApp } from '../support/app';

/**
 * A measure's grants on the demo data set (measures with one to three grants): each measure lists exactly its
 * grants, in link order, with the grant ledger's amounts; a page of measures reads the ledger once, not once per
 * measure or grant.
 */

jest.setTimeout(120_000);

const AMOUNTS = 'status programmeLevel fund requestedAmount approvedAmount disbursed spent remaining repaid';

interface MeasureView {
  id: string;
  grantIds: string[];
  grants: ({ grantId: string } & Record<string, unknown>)[];
}

describe('Measure.grants', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    await runDemo({ url: t.url, env: { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET }, startInProcess: false, write: () => undefined });
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  it('lists each measure\'s grants with the ledger\'s amounts, the same in the list and one by one, in one read per page', async () => {
    const getMany = jest.spyOn(t.app.get<ReadStore>(READ_STORE), 'getMany');
    let measures: MeasureView[];
    try {
      measures = dataOf(
        await t.gql<{ measures: { edges: { node: MeasureView }[] } }>(
          `{ measures(first: 50) { edges { node { id grantIds grants { grantId programmeId ${AMOUNTS} } } } } }`,
        ),
      ).measures.edges.map(({ node }) => node);
      expect(getMany.mock.calls.filter(([collection]) => collection === GRANTS_COLLECTION)).toHaveLength(1);
    } finally {
      getMany.mockRestore();
    }
    expect(measures.length).toBeGreaterThan(1);
    expect(Math.max(...measures.map((m) => m.grantIds.length))).toBeGreaterThanOrEqual(2);

    for (const measure of measures) {
      const expected = [];
      for (const grantId of measure.grantIds) {
        const { grant } = dataOf(
          await t.gql<{ grant: Record<string, unknown> }>(`query($id: ID!) { grant(id: $id) { programmeId ${AMOUNTS} } }`, { id: grantId }),
        );
        expected.push({ grantId, ...grant });
      }
      expect(measure.grants).toEqual(expected);
      const { measure: alone } = dataOf(
        await t.gql<{ measure: MeasureView }>(
          `query($id: ID!) { measure(id: $id) { id grantIds grants { grantId programmeId ${AMOUNTS} } } }`,
          { id: measure.id },
        ),
      );
      expect(alone).toEqual(measure);
    }
  });
});
