/**
 * Apigee's traffic policies as meshsim limiters: SpikeArrest as `spike-arrest` (one request per
 * 1/N of its unit, or a sliding count with UseEffectiveCount), Quota as `quota` (its count per
 * interval and unit, calendar, rolling window or flexi), and a Quota by the second as a fixed window
 * of `rate-limiting-advanced`. Flow variables (`ref=`) meshsim does not have are warned, and the
 * value written is used.
 */
import { warnAt } from './config-entity';
import type { ApigeeEntity } from './apigee-entity';
import { refNote, type PolicyReader } from './apigee-policy-reader';
import type { RawPlugin } from './types';

/** The readers of SpikeArrest and Quota. */
export const LIMIT_READERS: Readonly<Record<string, PolicyReader>> = {
  SpikeArrest: {
    fields: ['Rate', 'Identifier', 'MessageWeight', 'UseEffectiveCount'],
    notes: { MessageWeight: 'every request weighs 1 in meshsim' },
    read(e, name) {
      refNote(e, 'Rate');
      const rate = e.text('Rate');
      if (rate === undefined || !/^\d+(ps|pm)$/.test(rate)) {
        const w = e.at('Rate');
        e.r.error(w.pos, w.path, {
          message: 'SpikeArrest needs a Rate such as 30ps or 12pm',
          found: rate === undefined ? 'none' : JSON.stringify(rate),
        });
        return undefined;
      }
      const useEffectiveCount = e.bool('UseEffectiveCount');
      const header = identifierHeader(e);
      const plugin: RawPlugin = {
        name: 'spike-arrest',
        instance: name,
        rate,
        ...(useEffectiveCount !== undefined ? { useEffectiveCount } : {}),
        ...(header !== undefined ? { identifier: header } : {}),
      };
      return { plugin };
    },
  },
  Quota: {
    fields: [
      'Allow',
      'Interval',
      'TimeUnit',
      'Identifier',
      'Distributed',
      'Synchronous',
      'AsynchronousConfiguration',
      'StartTime',
      'MessageWeight',
      'UseQuotaConfigInAPIProduct',
      'SharedName',
      'CountOnly',
      'EnforceOnly',
    ],
    attributes: ['type'],
    notes: {
      StartTime: 'calendar windows start at the top of the unit in meshsim',
      MessageWeight: 'every request weighs 1 in meshsim',
      UseQuotaConfigInAPIProduct: 'API products are not part of a proxy bundle; the values written are used',
      AsynchronousConfiguration: 'meshsim keeps one exact counter',
      SharedName: 'meshsim keeps one counter per policy',
      CountOnly: 'meshsim counts and enforces in one place',
      EnforceOnly: 'meshsim counts and enforces in one place',
    },
    read(e, name) {
      const allow = e.child('Allow');
      const count = allow?.attrs.get('count')?.value ?? allow?.text;
      if (allow?.attrs.get('countRef') !== undefined)
        warnAt(
          e.at('Allow'),
          'Allow countRef is a flow variable meshsim does not have; the count written is used',
        );
      const classes = allow?.children.find((c) => c.name === 'Class');
      if (classes !== undefined)
        warnAt(
          { r: e.r, pos: classes.pos, path: [...e.path, 'Allow', 'Class'] },
          'Allow/Class picks a count by a flow variable meshsim does not have; the Allow count is used',
        );
      if (count === undefined || !/^\d+$/.test(count)) {
        const w = e.at('Allow');
        e.r.error(w.pos, w.path, {
          message: 'Quota needs Allow count="N"',
          found: count === undefined ? 'none' : JSON.stringify(count),
        });
        return undefined;
      }
      refNote(e, 'Interval');
      refNote(e, 'TimeUnit');
      const interval = e.int('Interval', 1);
      const unit = e.text('TimeUnit')?.toLowerCase();
      const units = ['minute', 'hour', 'day', 'week', 'month'];
      // Apigee X counts by the second too: a fixed window of that many seconds says the same.
      if (unit === 'second')
        return {
          plugin: {
            name: 'rate-limiting-advanced',
            instance: name,
            limit: Number(count),
            window: `${interval ?? 1}s`,
            window_type: 'fixed',
          },
        };
      if (unit !== undefined && !units.includes(unit)) {
        const w = e.at('TimeUnit');
        e.r.error(w.pos, w.path, {
          message: `TimeUnit must be one of second, ${units.join(', ')}`,
          found: JSON.stringify(unit),
        });
        return undefined;
      }
      const type = e.attr('type');
      const types = ['calendar', 'rollingwindow', 'flexi'];
      if (type !== undefined && !types.includes(type))
        warnAt(
          e.at('@type'),
          `Quota type "${type}" is not one of ${types.join(', ')}; the default type is used`,
        );
      // Distributed and Synchronous: meshsim's one counter is exact, as a synchronous distributed one is.
      const distributed = e.bool('Distributed');
      const synchronous = e.bool('Synchronous');
      if (distributed === true && synchronous !== true)
        warnAt(
          e.at('Distributed'),
          'an asynchronous distributed Quota syncs its counters about every 10 s and overshoots a little; meshsim counts exactly',
        );
      if (e.child('Identifier') !== undefined)
        warnAt(
          e.at('Identifier'),
          'Identifier is mapped to the consumer: meshsim keeps one count per consumer, and the client stub is one',
        );
      return {
        plugin: {
          name: 'quota',
          instance: name,
          limit: Number(count),
          ...(interval !== undefined ? { interval } : {}),
          ...(unit !== undefined ? { timeUnit: unit } : {}),
          ...(type !== undefined && types.includes(type) ? { type } : {}),
        },
      };
    },
  },
};

/** The SpikeArrest `Identifier ref="request.header.NAME"` as a header name; other refs warn. */
function identifierHeader(e: ApigeeEntity): string | undefined {
  const id = e.child('Identifier');
  if (id === undefined) return undefined;
  const ref = id.attrs.get('ref')?.value ?? '';
  const m = /^request\.header\.(.+)$/i.exec(ref);
  if (m !== null) return m[1].toLowerCase();
  warnAt(
    e.at('Identifier'),
    `Identifier ref="${ref}": meshsim keys a spike arrest by a header or by consumer; counted per consumer`,
  );
  return undefined;
}
