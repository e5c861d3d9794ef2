import { z } from 'zod';

const actionSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  deep_link: z.string().nullable().default(null),
});

/** The text of a template in one locale; every string is a mustache template over the params. */
export const localizedTextSchema = z.object({
  title: z.string(),
  body: z.string(),
  image: z.string().nullable().default(null),
  deep_link: z.string().nullable().default(null),
  data: z.record(z.string(), z.string()).default({}),
  actions: z.array(actionSchema).default([]),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** One file in config/templates: `<id>.yaml`. */
export const templateFileSchema = z
  .object({
    default_locale: z.string().min(1),
    locales: z.record(z.string(), localizedTextSchema),
  })
  .refine((t) => Object.keys(t.locales).includes(t.default_locale), {
    message: 'default_locale must be one of the locales',
  });

export interface Template {
  readonly id: string;
  readonly defaultLocale: string;
  readonly locales: Readonly<Record<string, LocalizedText>>;
}

/** Templates by id. */
export type TemplateCatalog = ReadonlyMap<string, Template>;
