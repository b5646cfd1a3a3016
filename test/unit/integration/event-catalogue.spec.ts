import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cloudEventType } from '../../../src/integration/cloud-event';
import { EVENT_TYPES } from '../../../src/event-registry';
import { EVENT_CATALOGUE_FILE, REGENERATE_COMMAND, renderEventCatalogue } from '../../support/event-catalogue';

describe('event catalogue for integrators (src/integration/event-catalogue.md)', () => {
  const generated = renderEventCatalogue();
  if (process.env.UPDATE_EVENT_CATALOGUE === '1') writeFileSync(EVENT_CATALOGUE_FILE, generated);
  const committed = existsSync(EVENT_CATALOGUE_FILE) ? readFileSync(EVENT_CATALOGUE_FILE, 'utf8') : '';

  it('lists every event type integrators receive', () => {
    const missing = EVENT_TYPES.filter(
      (type) => !committed.includes(`### \`${cloudEventType(type)}\`\n`),
    );
    expect({ missing, fix: REGENERATE_COMMAND }).toEqual({ missing: [], fix: REGENERATE_COMMAND });
  });

  it('is what the code generates today (data fields and their comments included)', () => {
    expect({ upToDate: committed === generated, fix: REGENERATE_COMMAND }).toEqual({
      upToDate: true,
      fix: REGENERATE_COMMAND,
    });
  });
});
