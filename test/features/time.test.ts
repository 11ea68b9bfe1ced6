import { describe, it } from 'vitest';
import { TIME_FEATURES } from '../../src/features/catalogue/time.js';
import { computeBoth, expectValues, tinyCandles } from '../support/tiny.js';

describe('time features', () => {
  const times = [
    Date.UTC(1969, 11, 31, 22, 0), // Wednesday, before the epoch
    Date.UTC(1970, 0, 1, 0, 0), // Thursday
    Date.UTC(2024, 2, 1, 13, 15), // Friday
    Date.UTC(2024, 2, 2, 23, 45), // Saturday
    Date.UTC(2024, 2, 3, 0, 0), // Sunday
    Date.UTC(2024, 2, 4, 7, 30), // Monday
  ];
  const get = computeBoth(TIME_FEATURES, tinyCandles(times.map(() => [1, 1, 1, 1, 1]), times));
  // An independent method: the Date object's UTC calendar.
  const hours = times.map((t) => new Date(t).getUTCHours());
  const days = times.map((t) => new Date(t).getUTCDay());

  it('hour of day and day of week in UTC', () => {
    expectValues(get('hour_of_day'), [22, 0, 13, 23, 0, 7]);
    expectValues(get('hour_of_day'), hours);
    expectValues(get('day_of_week'), [3, 4, 5, 6, 0, 1]);
    expectValues(get('day_of_week'), days);
    expectValues(get('is_weekend'), [0, 0, 0, 1, 1, 0]);
  });

  it('cyclic encodings', () => {
    expectValues(get('hour_sin'), hours.map((h) => Math.sin((h / 24) * 2 * Math.PI)));
    expectValues(get('hour_cos'), hours.map((h) => Math.cos((h / 24) * 2 * Math.PI)));
    expectValues(get('hour_cos').subarray(1, 2), [1]);
    expectValues(get('dow_sin'), days.map((d) => Math.sin((d / 7) * 2 * Math.PI)));
    expectValues(get('dow_cos'), days.map((d) => Math.cos((d / 7) * 2 * Math.PI)));
  });
});
