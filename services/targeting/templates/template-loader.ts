import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { templateFileSchema, type Template, type TemplateCatalog } from './template-model';
import { checkTemplateSyntax } from './render-text';

/** Parses one template file's text; throws an Error naming the file and the problem. */
export function parseTemplate(id: string, yamlText: string, origin = id): Template {
  const result = templateFileSchema.safeParse(parseYaml(yamlText));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`template ${origin}: ${problems}`);
  }
  for (const [locale, text] of Object.entries(result.data.locales)) {
    checkTemplateSyntax(`${origin} [${locale}]`, text);
  }
  return Object.freeze({ id, defaultLocale: result.data.default_locale, locales: result.data.locales });
}

/** Every `<id>.yaml` / `<id>.yml` in `dir`, validated at start-up so a bad template fails fast. */
export function loadTemplateCatalog(dir: string): TemplateCatalog {
  const catalog = new Map<string, Template>();
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.+)\.ya?ml$/.exec(file);
    if (match?.[1] === undefined) continue;
    const id = match[1];
    if (catalog.has(id)) throw new Error(`template ${id} is defined twice in ${dir}`);
    catalog.set(id, parseTemplate(id, readFileSync(path.join(dir, file), 'utf8'), path.join(dir, file)));
  }
  return catalog;
}
