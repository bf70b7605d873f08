import { isKnownTimeZone, parseCronSchedule } from '../k8s/cron';
import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';
import { celString } from '../engine/cel';

/** The characters JavaScript's trim() removes, as an RE2 class body. */
const JS_BLANKS = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

export const cronjobSchedule = objectRule({
  id: 'cronjob-schedule',
  pack: 'batch',
  title: 'CronJob schedules are valid cron expressions',
  severity: 'error',
  pattern: 9,
  description: 'A malformed schedule is only refused when the manifest reaches the API server, one naming a date that never exists (30 February) is accepted and never runs, and a CRON_TZ=/TZ= prefix was never supported and is rejected from Kubernetes 1.29.',
  kinds: ['CronJob'],
  remediation: 'Write spec.schedule as five fields (minute hour day-of-month month day-of-week, e.g. "0 3 * * *") or a descriptor such as @daily; put a time zone in spec.timeZone, spelled exactly ("Europe/Berlin", not "europe/berlin"). BoundedCronJob validates the schedule at synth time.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "CRON_TZ=Europe/Berlin 0 3 * * *"   # rejected from Kubernetes 1.29
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `, example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 30 2 *"   # 30 February: accepted, never runs
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        timeZone: Europe/Berlin
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
  },
  admission: {
    kinds: ['CronJob'],
    // The API server refuses a schedule that does not parse and a timeZone it does not know; a
    // zone inside the schedule it accepts until 1.29, so that is what the gate refuses. The
    // leading blanks are the ones JavaScript's trim() skips, as parseCronSchedule reads them.
    expression: `!(has(object.spec) && has(object.spec.schedule) && object.spec.schedule.matches(${celString(`^[${JS_BLANKS}]*(CRON_TZ|TZ)=`)}))`,
    note: 'schedules that do not parse and unknown time zones are refused by the API server itself',
  },
  check: (obj) => {
    const tz = getIn(obj, ['spec', 'timeZone']);
    if (tz !== undefined && !isKnownTimeZone(tz)) {
      return [{ path: ['spec', 'timeZone'], message: `timeZone ${JSON.stringify(tz)} is not an IANA time zone spelled exactly as the API server looks it up` }];
    }
    const path = ['spec', 'schedule'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'the CronJob has no schedule' }];
    if (typeof v !== 'string') return [{ path, message: `schedule is ${JSON.stringify(v)}, not a cron expression` }];
    const parsed = parseCronSchedule(v);
    if (!parsed.ok) return [{ path, message: `schedule ${JSON.stringify(v)} is invalid: ${parsed.error}` }];
    // Kubernetes never supported a zone inside the schedule, and from 1.29 rejects one.
    if (parsed.fields.timeZone !== undefined) {
      return [{ path, message: `schedule ${JSON.stringify(v)} names its time zone inside the schedule, which Kubernetes 1.29 and later reject; set spec.timeZone: ${JSON.stringify(parsed.fields.timeZone)} instead` }];
    }
    return [];
  },
});
