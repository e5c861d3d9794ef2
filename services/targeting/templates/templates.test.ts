import * as path from 'node:path';
import { findRepoPath } from '../../shared/contracts/repo-path';
import { normalizeLocale, selectLocale } from './locale-select';
import { resolveContent } from './resolve-content';
import { loadTemplateCatalog, parseTemplate } from './template-loader';

const yaml = `
default_locale: en
locales:
  en: { title: "Hi {{name}} & co", body: "Order {{order}}", deep_link: "app://o/{{order}}", data: { order: "{{order}}" }, actions: [{ id: track, title: "Track {{order}}" }] }
  de: { title: "Hallo {{name}}", body: "Bestellung {{order}}" }
  pt-BR: { title: "Olá {{name}}", body: "Pedido {{order}}", image: "{{img}}" }
`;
const catalog = new Map([['greet', parseTemplate('greet', yaml)]]);
const ref = (locale: string | null = null) => ({ id: 'greet', params: { name: 'Ann', order: '42' }, locale });

describe('selectLocale', () => {
  const available = ['en', 'de', 'pt-BR'];
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_at', 'de'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['pt_br', 'pt-BR'],
    ['fr', 'en'],
    [null, 'en'],
    ['', 'en'],
  ])('%s → %s', (wanted, chosen) => {
    expect(selectLocale(available, wanted, 'en')).toBe(chosen);
  });
  it('normalises tags', () => {
    expect(normalizeLocale(' pt_BR ')).toBe('pt-br');
  });
});

describe('resolveContent', () => {
  it('renders the device locale without HTML escaping', () => {
    const r = resolveContent(catalog, null, ref(), 'en-GB');
    expect(r).toEqual({
      ok: true,
      locale: 'en',
      content: {
        title: 'Hi Ann & co',
        body: 'Order 42',
        image: null,
        deep_link: 'app://o/42',
        data: { order: '42' },
        actions: [{ id: 'track', title: 'Track 42', deep_link: null }],
      },
    });
  });
  it('falls back to the default locale and honours a forced locale', () => {
    expect(resolveContent(catalog, null, ref(), 'ja')).toMatchObject({ locale: 'en' });
    expect(resolveContent(catalog, null, ref('de-CH'), 'en')).toMatchObject({ locale: 'de', content: { title: 'Hallo Ann' } });
  });
  it('drops optional fields that render empty', () => {
    expect(resolveContent(catalog, null, ref(), 'pt')).toMatchObject({ content: { image: null } });
  });
  it('passes literal content through', () => {
    const literal = { title: 'x', body: 'y', data: {}, image: null, deep_link: null, actions: [] };
    expect(resolveContent(catalog, literal, null, 'de')).toEqual({ ok: true, content: literal, locale: null });
  });
  it('reports an unknown template', () => {
    expect(resolveContent(catalog, null, { id: 'nope', params: {}, locale: null }, 'en')).toEqual({ ok: false, reason: 'TEMPLATE_NOT_FOUND' });
  });
});

describe('template files', () => {
  it('rejects a default locale that is not defined, and bad mustache', () => {
    expect(() => parseTemplate('x', 'default_locale: fr\nlocales: { en: { title: a, body: b } }')).toThrow(/default_locale/);
    expect(() => parseTemplate('x', 'default_locale: en\nlocales: { en: { title: "{{#a}}", body: b } }')).toThrow(/template x/);
  });
  it('loads every template shipped in config/templates', () => {
    const dir = findRepoPath(path.join('config', 'templates'), __dirname);
    const shipped = loadTemplateCatalog(dir);
    expect([...shipped.keys()]).toEqual(expect.arrayContaining(['order-shipped']));
  });
});
