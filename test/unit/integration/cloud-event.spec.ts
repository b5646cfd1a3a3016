import { loadConfig, ConfigError } from '../../../src/config/config';
import type { RecordedEvent } from '../../../src/core/envelope';
import { cloudEventType, recordedEventType, toIntegrationEvent } from '../../../src/integration/cloud-event';
import { testMetadata } from '../../support/events';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: '5b0e8f3c-1c0a-4d7e-9a53-3f1f7c7c2a01',
    type: 'GrantFundsDisbursed',
    streamId: 'grant-0f0e8f3c-1c0a-4d7e-9a53-3f1f7c7c2a01',
    streamVersion: 4,
    position: '00000000000000000042',
    data: { grantId: '0f0e8f3c-1c0a-4d7e-9a53-3f1f7c7c2a01', amount: 125000, paidOn: '2026-03-02' },
    metadata: testMetadata({
      actorId: 'bob',
      actorRole: 'funding_officer',
      recordedAt: '2026-03-05T09:15:00.000Z',
      correlationId: 'req-17',
      commandId: 'cmd-internal',
      causationId: 'cause-internal',
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    }),
    ...overrides,
  };
}

describe('integration event shape', () => {
  it('maps a recorded event to CloudEvents 1.0 with cursor, stream version, data and the public metadata', () => {
    const event = recorded();
    expect(toIntegrationEvent(event, 'urn:stadtteil-ledger:halle')).toEqual({
      specversion: '1.0',
      id: event.eventId,
      source: 'urn:stadtteil-ledger:halle',
      type: 'stadtteil-ledger.GrantFundsDisbursed',
      subject: event.streamId,
      time: '2026-03-05T09:15:00.000Z',
      datacontenttype: 'application/json',
      data: event.data,
      cursor: '00000000000000000042',
      streamversion: 4,
      actorid: 'bob',
      actorrole: 'funding_officer',
      effectivedate: '2026-03-02',
      correlationid: 'req-17',
    });
  });

  it('leaves nothing internal in the event: no command or causation id, hash or schema version', () => {
    const json = JSON.stringify(toIntegrationEvent(recorded(), 'urn:x'));
    for (const internal of ['cmd-internal', 'cause-internal', 'a'.repeat(64), 'b'.repeat(64), 'schemaVersion']) {
      expect(json).not.toContain(internal);
    }
  });

  it('takes the effective date from the command first, and carries the reason only when one was given', () => {
    const event = recorded({
      metadata: testMetadata({ effectiveAt: '2026-02-28', reason: 'Second instalment' }),
    });
    expect(toIntegrationEvent(event, 'urn:x')).toMatchObject({
      effectivedate: '2026-02-28',
      reason: 'Second instalment',
    });
    const withoutDate = recorded({
      type: 'GrantClosed',
      data: {},
      metadata: testMetadata({ recordedAt: '2026-04-01T23:00:00Z' }),
    });
    const mapped = toIntegrationEvent(withoutDate, 'urn:x');
    expect(mapped.effectivedate).toBe('2026-04-01');
    expect('reason' in mapped).toBe(false);
  });

  it('names the person an API key acted for by user id only, and only when a key acted', () => {
    const byKey = recorded({
      metadata: testMetadata({ actorId: 'apikey-7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00', actorRole: 'funding_officer', onBehalfOf: 'bob' }),
    });
    expect(toIntegrationEvent(byKey, 'urn:x')).toMatchObject({ actorid: 'apikey-7d1e0c2a-1b2c-4d3e-8f4a-5b6c7d8e9f00', onbehalfof: 'bob' });
    expect('onbehalfof' in toIntegrationEvent(recorded(), 'urn:x')).toBe(false);
  });

  it('names types stadtteil-ledger.<EventType> and reads them back', () => {
    expect(cloudEventType('GoalDefined')).toBe('stadtteil-ledger.GoalDefined');
    expect(recordedEventType('stadtteil-ledger.GoalDefined')).toBe('GoalDefined');
    expect(recordedEventType('GoalDefined')).toBeNull();
    expect(recordedEventType('stadtteil-ledger.')).toBeNull();
  });

  it('takes its source from EVENT_SOURCE, defaulting to urn:stadtteil-ledger, and refuses what is not a URI', () => {
    expect(loadConfig({}).eventSource).toBe('urn:stadtteil-ledger');
    expect(loadConfig({ EVENT_SOURCE: 'https://ledger.halle.de' }).eventSource).toBe('https://ledger.halle.de');
    expect(loadConfig({ EVENT_SOURCE: '/ledger/halle' }).eventSource).toBe('/ledger/halle');
    expect(() => loadConfig({ EVENT_SOURCE: 'not a uri' })).toThrow(ConfigError);
    expect(() => loadConfig({ EVENT_SOURCE: 'halle' })).toThrow(/EVENT_SOURCE/);
  });
});
