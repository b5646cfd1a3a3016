/** The only place that reads the time; tests replace it. Deciders receive the time inside the command. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
