import { minIntervalSeconds, parseCronSchedule } from '../src/k8s/cron';

function errorOf(s: string): string {
  const r = parseCronSchedule(s);
  if (r.ok) throw new Error(`expected ${JSON.stringify(s)} to be invalid`);
  return r.error;
}

describe('parseCronSchedule', () => {
  test.each([
    '0 3 * * *', '*/5 * * * *', '0,30 9-17 * * 1-5', '0 0 1 JAN *', '0 0 ? * MON-FRI', '0 0 1 * ?',
    '15 2 1-31/2 jan-jun sun', '0 0 * * 7', '5/15 * * * *', '  0   3 * * *  ',
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly',
    'CRON_TZ=Europe/Paris 0 3 * * *', 'TZ=UTC @daily', 'CRON_TZ=America/Argentina/Buenos_Aires 0 0 * * *',
    '0 0 29 2 *',
  ])('accepts %j', (s) => {
    expect(parseCronSchedule(s).ok).toBe(true);
  });

  test('expands fields and descriptors', () => {
    const r = parseCronSchedule('0,30 9-17/4 * JAN,mar 5-7');
    expect(r).toEqual({
      ok: true,
      fields: {
        minutes: [0, 30], hours: [9, 13, 17], daysOfMonth: Array.from({ length: 31 }, (_, i) => i + 1),
        months: [1, 3], daysOfWeek: [0, 5, 6], domRestricted: false, dowRestricted: true,
      },
    });
    const w = parseCronSchedule('CRON_TZ=Europe/Paris @weekly');
    expect(w.ok && w.fields).toMatchObject({ minutes: [0], hours: [0], daysOfWeek: [0], dowRestricted: true, domRestricted: false, timeZone: 'Europe/Paris' });
    const step = parseCronSchedule('*/20 * * * *');
    expect(step.ok && step.fields.minutes).toEqual([0, 20, 40]);
  });

  test('rejects with a message naming the field', () => {
    expect(errorOf('60 * * * *')).toBe('minute field "60": 60 is out of range 0-59');
    expect(errorOf('0 24 * * *')).toBe('hour field "24": 24 is out of range 0-23');
    expect(errorOf('0 0 0 * *')).toBe('day-of-month field "0": 0 is out of range 1-31');
    expect(errorOf('0 0 * 13 *')).toBe('month field "13": 13 is out of range 1-12');
    expect(errorOf('0 0 * * 8')).toBe('day-of-week field "8": 8 is out of range 0-7');
    expect(errorOf('0 0 * FOO *')).toMatch(/^month field "FOO": "FOO" is not a valid value/);
    expect(errorOf('0 0 * * MON-FUN')).toMatch(/^day-of-week field "MON-FUN": "FUN" is not a valid value/);
    expect(errorOf('*/0 * * * *')).toBe('minute field "*/0": step "0" is not a positive whole number');
    expect(errorOf('30-10 * * * *')).toBe('minute field "30-10": range 30-10 starts after it ends');
    expect(errorOf('? * * * *')).toBe('minute field "?": "?" is only allowed in day-of-month and day-of-week');
    expect(errorOf('1,,2 * * * *')).toBe('minute field "1,,2": empty list element');
    expect(errorOf('0 JAN * * *')).toMatch(/^hour field "JAN": "JAN" is not a valid value/);
    expect(errorOf('0 3 * *')).toBe('expected 5 fields (minute hour day-of-month month day-of-week), found 4 in "0 3 * *"');
    expect(errorOf('0 0 3 * * *')).toMatch(/^expected 5 fields .*found 6/);
    expect(errorOf('@every 5m')).toMatch(/^unknown descriptor "@every 5m"/);
    expect(errorOf('@Daily')).toMatch(/^unknown descriptor/);
    expect(errorOf('')).toBe('the schedule is empty');
    expect(errorOf('CRON_TZ=Mars/Olympus 0 3 * * *')).toBe('CRON_TZ=Mars/Olympus does not name a known time zone');
    expect(errorOf('TZ=UTC')).toBe('the schedule is empty');
    expect(errorOf('0 0 30 2 *')).toBe('day-of-month field "30" and month field "2": no such date exists, so the schedule never runs');
    expect(errorOf(42 as unknown as string)).toBe('the schedule is 42, not a string');
  });

  test('a day-of-week rescues an impossible date (either may match)', () => {
    expect(parseCronSchedule('0 0 30 2 MON').ok).toBe(true);
  });
});

describe('minIntervalSeconds', () => {
  test.each([
    ['*/5 * * * *', 300],
    ['0 3 * * *', 86400],
    ['0 0 * * 1', 604800],
    ['0,30 9-17 * * 1-5', 1800],
    ['@hourly', 3600],
    ['* * * * *', 60],
    ['0 9,17 * * *', 8 * 3600],
    ['0 23 * * *', 86400],
    ['0 0 1 * *', 28 * 86400],
    ['0 0 1 1 *', 365 * 86400],
    ['0 0 29 2 *', 4 * 365 * 86400 + 86400],
    ['0 0 1,15 * 1', 86400],
    ['59 23 * * 0,1', 86400],
    ['CRON_TZ=Europe/Paris 0 0 * * 1,3,5', 2 * 86400],
  ])('%j runs at most every %d s', (s, expected) => {
    expect(minIntervalSeconds(s as string)).toBe(expected);
  });

  test('is fast on a schedule that needs the whole scan', () => {
    const start = Date.now();
    minIntervalSeconds('0 0 29 2 *');
    expect(Date.now() - start).toBeLessThan(500);
  });

  test('throws on an invalid schedule', () => {
    expect(() => minIntervalSeconds('61 * * * *')).toThrow('minute field "61"');
  });
});
