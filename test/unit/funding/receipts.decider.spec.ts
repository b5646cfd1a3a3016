import { createHash } from 'node:crypto';
import { receiptStreamId, receiptsDecider } from '../../../src/funding/domain/receipts.decider';
import type { ReceiptEvent } from '../../../src/funding/domain/receipts.events';
import { context, deciderSpec } from '../../support/decider-spec';

const receipt = {
  receiptReference: 'RE-2026-0042',
  receiptFileHash: 'a'.repeat(64),
  receiptTotal: 100_00,
};
/** The grant's district: checked against the actor's scope by the pipeline, never recorded in the event. */
const districtId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const grantA = '0b8c6f0e-1111-4a3c-9d6e-000000000001';
const grantB = '0b8c6f0e-1111-4a3c-9d6e-000000000002';
const reservedA: ReceiptEvent = {
  type: 'ReceiptShareReserved',
  data: { grantId: grantA, expenditureId: 'e-1', amount: 60_00, ...receipt, declaredAfter: 60_00 },
};
const spec = deciderSpec(receiptsDecider);
const reserve = (grantId: string, expenditureId: string, amount: number, overrides: Partial<typeof receipt> = {}) => ({
  type: 'ReserveReceiptShare' as const,
  data: { districtId, grantId, expenditureId, amount, ...receipt, ...overrides },
  context: context(),
});

describe('receipts decider (reservation of receipt shares)', () => {
  it('reserves the first share of a receipt', () => {
    spec.given([]).when(reserve(grantA, 'e-1', 60_00)).then([reservedA]);
  });

  it('splits a receipt across grants up to its total', () => {
    spec
      .given([reservedA])
      .when(reserve(grantB, 'e-7', 40_00))
      .then([
        {
          type: 'ReceiptShareReserved',
          data: { grantId: grantB, expenditureId: 'e-7', amount: 40_00, ...receipt, declaredAfter: 100_00 },
        },
      ]);
  });

  it('refuses a share beyond the total across all grants (double funding)', () => {
    spec.given([reservedA]).when(reserve(grantB, 'e-7', 40_01)).thenViolates('RECEIPT_ABOVE_TOTAL');
  });

  it('refuses a first share larger than the receipt', () => {
    spec.given([]).when(reserve(grantA, 'e-1', 100_01)).thenViolates('RECEIPT_ABOVE_TOTAL');
  });

  it('refuses a declaration of the same reference with another file or total', () => {
    spec.given([reservedA]).when(reserve(grantB, 'e-7', 10_00, { receiptTotal: 200_00 })).thenViolates('RECEIPT_MISMATCH');
    spec
      .given([reservedA])
      .when(reserve(grantB, 'e-7', 10_00, { receiptFileHash: 'b'.repeat(64) }))
      .thenViolates('RECEIPT_MISMATCH');
  });

  it('refuses a second share for the same expenditure', () => {
    spec.given([reservedA]).when(reserve(grantA, 'e-1', 10_00)).thenThrows('DOMAIN_RULE', /already holds a share/);
  });

  it('refuses a share that is not positive', () => {
    spec.given([]).when(reserve(grantA, 'e-1', 0)).thenThrows('DOMAIN_RULE', /positive/);
  });

  it('releases a reserved share (compensation), which frees the amount again', () => {
    const released: ReceiptEvent = {
      type: 'ReceiptShareReleased',
      data: { grantId: grantA, expenditureId: 'e-1', amount: 60_00, reason: 'grant refused', declaredAfter: 0 },
    };
    spec
      .given([reservedA])
      .when({
        type: 'ReleaseReceiptShare',
        data: { districtId, grantId: grantA, expenditureId: 'e-1', reason: 'grant refused' },
        context: context(),
      })
      .then([released]);
    spec
      .given([reservedA, released])
      .when(reserve(grantB, 'e-7', 100_00))
      .then([
        {
          type: 'ReceiptShareReserved',
          data: { grantId: grantB, expenditureId: 'e-7', amount: 100_00, ...receipt, declaredAfter: 100_00 },
        },
      ]);
  });

  it('records nothing when releasing a share that is not reserved (idempotent compensation)', () => {
    const release = {
      type: 'ReleaseReceiptShare' as const,
      data: { districtId, grantId: grantB, expenditureId: 'e-9', reason: 'x' },
      context: context(),
    };
    spec.given([]).when(release).then([]);
    spec.given([reservedA]).when(release).then([]);
  });

  it('names the stream by the SHA-256 of the receipt file, whatever its reference is spelled like', () => {
    const file = createHash('sha256').update('scan of RE-2026-0042').digest('hex');
    expect(receiptStreamId(file)).toBe(file);
    expect(receiptStreamId(file.toUpperCase())).toBe(file);
  });
});
