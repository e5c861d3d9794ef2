import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { TemplateCatalog } from '../templates/template-model';
import { rulesFileSchema, type Rule } from './rule-model';

/** Parses rules YAML; throws an Error naming every problem (checked at start-up, so a bad file fails fast). */
export function parseRules(yamlText: string, catalog: TemplateCatalog, origin = 'rules'): readonly Rule[] {
  const result = rulesFileSchema.safeParse(parseYaml(yamlText) ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${origin}: ${problems}`);
  }
  const unknown = result.data.rules.filter((r) => !catalog.has(r.template));
  if (unknown.length > 0) {
    throw new Error(`${origin}: unknown template in ${unknown.map((r) => `${r.name} (${r.template})`).join(', ')}`);
  }
  return Object.freeze(result.data.rules);
}

export function loadRules(file: string, catalog: TemplateCatalog): readonly Rule[] {
  return parseRules(readFileSync(file, 'utf8'), catalog, file);
}

/** Upstream topics the rules listen to, each once. */
export function ruleTopics(rules: readonly Rule[]): string[] {
  return [...new Set(rules.map((r) => r.topic))];
}
