import type { Status } from '../../src/domain/snapshot.js';
import type { SimFailure } from '../../src/sim/scenario.js';

/** Each failure the simulated MISP can produce, and the status the collectors must give it. */
export const FAILURE_STATUSES: ReadonlyArray<[SimFailure, Status]> = [
  ['authFailed', 'authFailed'],
  ['permissionDenied', 'permissionDenied'],
  ['forbiddenOther', 'authFailed'],
  ['rateLimited', 'rateLimited'],
  ['http500', 'serverError'],
  ['http502', 'serverError'],
  ['http504', 'serverError'],
  ['htmlOk', 'invalidResponse'],
  ['notFound', 'notFound'],
  ['hang', 'timeout'],
  ['slowBody', 'timeout'],
  ['reset', 'unreachable'],
  ['truncatedJson', 'invalidResponse'],
  ['invalidJson', 'invalidResponse'],
  ['wrongShape', 'invalidResponse'],
  ['hugeBody', 'tooLarge'],
];
