import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../src/core/decider';
import type { RecordContextIndicatorValue, RegisterDistrict } from '../../src/districts/domain/districts.commands';

/**
 * The command sequence of workload 1, the same for ours and the peer: command k goes to district k mod `streams`;
 * each district's first command registers it, every later one records a context indicator value for a new reference
 * date. Commands on one stream are `streams` apart, and `inStreamOrder` starts a command only once the previous one
 * on its stream has finished (as a user's successive commands on one record would), so a recording never overtakes
 * the registration it needs.
 */

export type DistrictCommand = Pick<RegisterDistrict, 'type' | 'data'> | Pick<RecordContextIndicatorValue, 'type' | 'data'>;

export interface DistrictCommandSequence {
  districtIds: readonly string[];
  commandAt(index: number): DistrictCommand;
  /** Runs command `index` with `execute`, after the previous command on the same stream has settled. */
  inStreamOrder<T>(index: number, execute: (command: DistrictCommand) => Promise<T>): Promise<T>;
}

export function districtCommandSequence(streams: number): DistrictCommandSequence {
  const districtIds = Array.from({ length: streams }, () => randomUUID());
  const previous: Promise<unknown>[] = Array.from({ length: streams }, () => Promise.resolve());
  return {
    districtIds,
    inStreamOrder(index, execute) {
      const stream = index % streams;
      const run = previous[stream].then(() => execute(this.commandAt(index)));
      previous[stream] = run.catch(() => undefined);
      return run;
    },
    commandAt(index) {
      const districtId = districtIds[index % streams];
      const round = Math.floor(index / streams);
      if (round === 0) {
        return {
          type: 'RegisterDistrict',
          data: {
            districtId,
            name: `District ${index}`,
            municipality: 'Halle (Saale)',
            municipalityKey: '15002000',
            programmes: ['Sozialer Zusammenhalt'],
            designation: { number: `R-${index}`, date: '2019-03-27' },
            areaHectares: 100,
            startDate: '2019-04-01',
            expectedEndDate: null,
          },
        };
      }
      return {
        type: 'RecordContextIndicatorValue',
        data: {
          districtId,
          indicatorKey: 'population',
          value: 20_000 + round,
          unit: 'persons',
          referenceDate: new Date(Date.UTC(2000, 0, 1) + round * 86_400_000).toISOString().slice(0, 10),
          source: 'Statistik',
        },
      };
    },
  };
}

export function benchCommandContext(): CommandContext {
  const commandId = randomUUID();
  return {
    commandId,
    actor: { id: 'bench', role: 'district_manager', districts: null },
    now: new Date(),
    correlationId: commandId,
    causationId: commandId,
  };
}
