import { parseJsonBody } from './json-body';

describe('parseJsonBody', () => {
  it('parses a UTF-8 JSON document', () => {
    expect(parseJsonBody(Buffer.from('{"title":"Grüße 👋"}'))).toEqual({ ok: true, value: { title: 'Grüße 👋' } });
  });

  it('names the field holding invalid UTF-8 bytes', () => {
    const bytes = Buffer.concat([Buffer.from('{"content":{"title":"ab'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    expect(parseJsonBody(bytes)).toEqual({ ok: false, problem: { field: 'body.content.title', reason: 'is not valid UTF-8' } });
  });

  it.each([
    ['{"user_ids":["a\\u0000b"]}', 'body.user_ids[0]', 'contains a NUL character'],
    ['{"title":"\\ud800x"}', 'body.title', 'contains an unpaired UTF-16 surrogate'],
    ['{"data":{"__proto__":{"x":1}}}', 'body.data.__proto__', 'name is a reserved name'],
    ['{"a":', 'body', 'is not valid JSON'],
  ])('refuses %s', (text, field, reason) => {
    const result = parseJsonBody(Buffer.from(text));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.field).toBe(field);
      expect(result.problem.reason).toContain(reason);
    }
  });

  it('takes an empty body as no body', () => {
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({ ok: true, value: undefined });
  });

  it('refuses absurd nesting', () => {
    const result = parseJsonBody(Buffer.from(`${'['.repeat(40)}"x"${']'.repeat(40)}`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.reason).toContain('nested deeper');
  });
});
