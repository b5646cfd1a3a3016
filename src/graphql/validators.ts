import { applyDecorators } from '@nestjs/common';
import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists (business dates are dates, not timestamps). */
export const IsIsoDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be an existing calendar date` }),
  );

/**
 * The longest text any command takes, in characters: a section of an action-field plan or a concept summary. Every
 * string field of an input has a maximum, most far below it (names 200, reasons 2,000); a test holds them to it.
 */
export const MAX_TEXT_LENGTH = 10_000;

/** 100 billion euros: far above any grant, and sums of many such amounts stay exact below 2^53. */
export const MAX_CENTS = 10_000_000_000_000;

/**
 * A calendar date `YYYY-MM-DD` or a date-time with seconds and an offset (`2026-03-01T10:00:00Z`,
 * `…+01:00`): the forms `new Date()` reads unambiguously (ISO week or ordinal dates are refused).
 */
export const IsIsoDateOrTimestamp = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/, {
      message: ({ property }) => `${property} must be a date YYYY-MM-DD or a timestamp like 2026-03-01T10:00:00Z`,
    }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be an existing date or time` }),
  );

/**
 * Money is integer euro cents. GraphQL `Int` stops at 2^31 (≈ 21 million euros), too small for EU grants, so
 * amounts travel as `Float` and are checked to be whole, non-negative and bounded (sums stay exact).
 */
export const IsCents = () =>
  applyDecorators(
    IsInt({ message: ({ property }) => `${property} must be a whole number of euro cents` }),
    Min(0),
    Max(MAX_CENTS),
  );

/**
 * A user id as events record it for their actor (letters, digits, `_ . @ -`, up to 100): never a person's name,
 * which belongs in the user directory.
 */
export const IsUserId = () =>
  Matches(/^[\w.@-]{1,100}$/, {
    message: ({ property }) => `${property} must be a user id of up to 100 letters, digits, _ . @ -`,
  });
