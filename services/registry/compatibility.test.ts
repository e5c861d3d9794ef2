import * as avsc from 'avsc';
import { checkCompatibility, type CompatibilityLevel, type PreviousSchema } from './compatibility';

type Field = { name: string; type: unknown; default?: unknown; aliases?: string[] };

const record = (fields: Field[], extra: Record<string, unknown> = {}): avsc.Type =>
  avsc.Type.forSchema({ type: 'record', name: 'Event', namespace: 'herald.test', fields, ...extra } as avsc.Schema);

const history = (...types: avsc.Type[]): PreviousSchema[] => types.map((type, i) => ({ version: i + 1, type }));

const compatible = (level: CompatibilityLevel, candidate: avsc.Type, ...previous: avsc.Type[]): boolean =>
  checkCompatibility(level, candidate, history(...previous)).compatible;

const id = { name: 'id', type: 'string' };
const v1 = record([id]);
const withDefault = record([id, { name: 'title', type: 'string', default: '' }]);
const withoutDefault = record([id, { name: 'title', type: 'string' }]);

describe('checkCompatibility', () => {
  describe('BACKWARD (new reads old)', () => {
    it('accepts a new field with a default', () => {
      expect(compatible('BACKWARD', withDefault, v1)).toBe(true);
    });

    it('rejects a new field without a default, saying why', () => {
      const result = checkCompatibility('BACKWARD', withoutDefault, history(v1));
      expect(result.compatible).toBe(false);
      expect(result.messages).toHaveLength(1);
      expect(result.messages[0]).toContain('new schema cannot read data written with version 1');
      expect(result.messages[0]).toContain('title');
    });

    it('accepts removing a field (the new reader skips it)', () => {
      expect(compatible('BACKWARD', v1, withoutDefault)).toBe(true);
    });

    it('accepts type promotion int -> long and rejects long -> int and string -> int', () => {
      const int = record([{ name: 'n', type: 'int' }]);
      const long = record([{ name: 'n', type: 'long' }]);
      const str = record([{ name: 'n', type: 'string' }]);
      expect(compatible('BACKWARD', long, int)).toBe(true);
      expect(compatible('BACKWARD', int, long)).toBe(false);
      expect(compatible('BACKWARD', int, str)).toBe(false);
    });

    it('accepts a field renamed with an alias, rejects a plain rename', () => {
      expect(compatible('BACKWARD', record([{ name: 'key', type: 'string', aliases: ['id'] }]), v1)).toBe(true);
      expect(compatible('BACKWARD', record([{ name: 'key', type: 'string' }]), v1)).toBe(false);
    });

    it('rejects a renamed record and a changed namespace (avsc decoders match full names)', () => {
      expect(compatible('BACKWARD', record([id], { name: 'Other' }), v1)).toBe(false);
      expect(compatible('BACKWARD', record([id], { namespace: 'elsewhere' }), v1)).toBe(false);
    });

    it('accepts widening a field to a union and rejects narrowing a union', () => {
      const optional = record([{ name: 'id', type: ['null', 'string'] }]);
      expect(compatible('BACKWARD', optional, v1)).toBe(true);
      expect(compatible('BACKWARD', v1, optional)).toBe(false);
    });
  });

  describe('enum symbols', () => {
    const enumOf = (symbols: string[], extra: Record<string, unknown> = {}): avsc.Type =>
      record([{ name: 'kind', type: { type: 'enum', name: 'Kind', symbols, ...extra } }]);

    it('adding a symbol is backward compatible but not forward compatible', () => {
      expect(compatible('BACKWARD', enumOf(['A', 'B']), enumOf(['A']))).toBe(true);
      expect(compatible('FORWARD', enumOf(['A', 'B']), enumOf(['A']))).toBe(false);
    });

    it('removing a symbol breaks backward compatibility unless the reader has an enum default', () => {
      expect(compatible('BACKWARD', enumOf(['A']), enumOf(['A', 'B']))).toBe(false);
      expect(compatible('BACKWARD', enumOf(['A'], { default: 'A' }), enumOf(['A', 'B']))).toBe(true);
    });
  });

  describe('FORWARD (old reads new)', () => {
    it('accepts a new field without a default (old readers ignore it)', () => {
      expect(compatible('FORWARD', withoutDefault, v1)).toBe(true);
    });

    it('rejects removing a field the old reader needs, accepts removing one it has a default for', () => {
      expect(compatible('FORWARD', v1, withoutDefault)).toBe(false);
      expect(compatible('FORWARD', v1, withDefault)).toBe(true);
    });
  });

  describe('FULL (both ways)', () => {
    it('accepts adding or removing a field with a default', () => {
      expect(compatible('FULL', withDefault, v1)).toBe(true);
      expect(compatible('FULL', v1, withDefault)).toBe(true);
    });

    it('rejects adding a field without a default (backward fails) and removing one without (forward fails)', () => {
      expect(compatible('FULL', withoutDefault, v1)).toBe(false);
      const result = checkCompatibility('FULL', v1, history(withoutDefault));
      expect(result.compatible).toBe(false);
      expect(result.messages[0]).toContain('version 1 cannot read data written with the new schema');
    });
  });

  describe('transitive levels check every live version, the others only the latest', () => {
    // v1 {id}, v2 {id, title=""}, v3 {id} + title without default: v3 reads v2 data, not v1 data.
    const v3 = withoutDefault;

    it('BACKWARD passes against the latest only', () => {
      expect(compatible('BACKWARD', v3, v1, withDefault)).toBe(true);
    });

    it('BACKWARD_TRANSITIVE fails on the oldest version and names it', () => {
      const result = checkCompatibility('BACKWARD_TRANSITIVE', v3, history(v1, withDefault));
      expect(result.compatible).toBe(false);
      expect(result.messages).toHaveLength(1);
      expect(result.messages[0]).toContain('version 1');
    });

    it('FORWARD_TRANSITIVE and FULL_TRANSITIVE also look past the latest version', () => {
      // old v1 reader needs `title`; v2 has it, the candidate v1-shaped schema drops it again.
      const needsTitle = withoutDefault;
      expect(compatible('FORWARD', v1, needsTitle, withDefault)).toBe(true);
      expect(compatible('FORWARD_TRANSITIVE', v1, needsTitle, withDefault)).toBe(false);
      expect(compatible('FULL', v1, needsTitle, withDefault)).toBe(true);
      expect(compatible('FULL_TRANSITIVE', v1, needsTitle, withDefault)).toBe(false);
    });
  });

  it('NONE accepts anything, and a first version is always compatible', () => {
    expect(compatible('NONE', avsc.Type.forSchema('string'), v1)).toBe(true);
    expect(compatible('FULL_TRANSITIVE', withoutDefault)).toBe(true);
  });
});
