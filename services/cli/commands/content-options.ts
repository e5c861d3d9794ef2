import type { Command } from 'commander';
import { usageError } from '../cli-error';
import { collect, parseKeyValues } from '../option-parsers';

// The options `send` and `broadcast create` share: literal content or a template.

export interface ContentOptions {
  title?: string;
  body?: string;
  data: string[];
  image?: string;
  deepLink?: string;
  template?: string;
  param: string[];
  templateLocale?: string;
}

export function addContentOptions(command: Command): Command {
  return command
    .option('--title <text>', 'notification title')
    .option('--body <text>', 'notification body')
    .option('--data <key=value>', 'custom data for the app (repeatable)', collect, [])
    .option('--image <url>', 'https image URL')
    .option('--deep-link <url>', 'URL or app route opened on tap')
    .option('--template <id>', 'server-side template instead of --title/--body')
    .option('--param <key=value>', 'template parameter (repeatable)', collect, [])
    .option('--template-locale <locale>', 'force one template locale');
}

export function contentBody(o: ContentOptions): Record<string, unknown> {
  if (o.template !== undefined) {
    if (o.title !== undefined || o.body !== undefined) throw usageError('give --template or --title/--body, not both');
    return {
      template: {
        id: o.template,
        ...(o.param.length > 0 ? { params: parseKeyValues('--param', o.param) } : {}),
        ...(o.templateLocale ? { locale: o.templateLocale } : {}),
      },
    };
  }
  if (o.title === undefined && o.body === undefined) throw usageError('give --title and --body (or --template)');
  return {
    content: {
      title: o.title ?? '',
      body: o.body ?? '',
      ...(o.data.length > 0 ? { data: parseKeyValues('--data', o.data) } : {}),
      ...(o.image ? { image: o.image } : {}),
      ...(o.deepLink ? { deep_link: o.deepLink } : {}),
    },
  };
}
