import { streamName } from '../../../src/core/decider';
import { grantsDecider } from '../../../src/funding/domain/grants.decider';
import { receiptStreamId, receiptsDecider } from '../../../src/funding/domain/receipts.decider';
import { recordExpenditureWorkflow } from '../../../src/workflows/record-expenditure.workflow';
import { dashboardHistory, ids } from '../../support/dashboard-events';
import { context, stateOf, workflowSpec } from '../../support/decider-spec';

const grantId = ids.grants.approved;
const receiptFileHash = 'b'.repeat(64);
const receiptStream = streamName(receiptsDecider.category, receiptStreamId(receiptFileHash));
const states = {
  grant: stateOf(grantsDecider, grantId, dashboardHistory),
  receipt: receiptsDecider.initialState(),
};
const command = (overrides: Record<string, unknown> = {}) => ({
  data: {
    grantId,
    expenditureId: 'e2',
    date: '2024-06-01',
    payee: 'Bildungswerk Neustadt e.V.',
    purpose: 'Kursmaterial',
    amount: 1_000_000,
    budgetLine: 'Sachkosten',
    receiptReference: 'R-2',
    receiptFileHash,
    receiptTotal: 1_500_000,
    ...overrides,
  },
  context: context(),
});
const spec = workflowSpec(recordExpenditureWorkflow);

describe('recording an expenditure with its receipt (workflow)', () => {
  it('reserves the share on the receipt stream and records the expenditure on the grant', () => {
    spec
      .given(states)
      .when(command())
      .then({
        [receiptStream]: [
          expect.objectContaining({
            type: 'ReceiptShareReserved',
            data: expect.objectContaining({ grantId, expenditureId: 'e2', amount: 1_000_000, declaredAfter: 1_000_000 }),
          }),
        ],
        [`grant-${grantId}`]: [
          expect.objectContaining({ type: 'ExpenditureRecorded', data: expect.objectContaining({ expenditureId: 'e2' }) }),
        ],
      });
  });

  it('refuses a receipt declared beyond its total across grants (double funding): nothing is recorded', () => {
    const declaredElsewhere = [
      {
        streamId: receiptStream,
        type: 'ReceiptShareReserved',
        data: {
          districtId: ids.district,
          grantId: 'another-grant',
          expenditureId: 'x1',
          amount: 1_000_000,
          receiptReference: 'R-2',
          receiptFileHash,
          receiptTotal: 1_500_000,
          declaredAfter: 1_000_000,
        },
      },
    ];
    spec
      .given({ ...states, receipt: stateOf(receiptsDecider, receiptStreamId(receiptFileHash), declaredElsewhere) })
      .when(command())
      .thenViolates('RECEIPT_ABOVE_TOTAL');
  });

  it('refuses an expenditure outside the approval period before any receipt share is reserved', () => {
    spec.given(states).when(command({ date: '2026-02-01' })).thenViolates('GRANT_EXPENDITURE_OUTSIDE_PERIOD');
  });
});
