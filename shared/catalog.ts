import { z } from 'zod';
import { CHANNELS, ROLES, STEP_STAGES } from './roles';

const text = z.string().trim().min(1);
const localized = z.object({ kk: text, ru: text, en: text });
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'an id is latin letters, digits and dashes');

export const durationSchema = z.object({
  amount: z.number().int().positive(),
  unit: z.enum(['minutes', 'workingDays', 'calendarDays', 'months']),
});
export type Duration = z.infer<typeof durationSchema>;

const fieldSchema = z
  .object({
    id,
    type: z.enum(['text', 'textarea', 'date', 'iin', 'phone', 'choice']),
    label: localized,
    required: z.boolean(),
    options: z.array(z.object({ id, label: localized })).optional(),
  })
  .refine((f) => (f.type === 'choice') === (f.options !== undefined && f.options.length > 0), {
    message: 'a choice field has options, and only a choice field',
  });
export type FormField = z.infer<typeof fieldSchema>;

const stepSchema = z.object({
  id,
  stages: z.array(z.enum(STEP_STAGES)).min(1),
  role: z.enum(ROLES),
  duration: durationSchema,
  names: localized,
});
export type Step = z.infer<typeof stepSchema>;

/**
 * One state service as data (DESIGN.md "The workflow comes from the catalog").
 * Adding a service is adding a file in resources/services/ that this schema accepts.
 */
export const serviceSchema = z
  .object({
    id,
    version: z.number().int().positive(),
    names: localized,
    providerKind: z.enum(['district-education-department', 'local-executive-body', 'tvet-organisation']),
    channels: z.array(z.enum(CHANNELS)).min(1),
    steps: z.array(stepSchema).min(1),
    term: z.object({ duration: durationSchema, acceptanceDayCounts: z.boolean() }).optional(),
    form: z.array(fieldSchema),
    documents: z.array(z.object({ id, names: localized, required: z.boolean() })).min(1),
    result: z.object({
      kind: z.enum(['certificate', 'referral', 'duplicate', 'contract', 'conclusion']),
      names: localized,
      fields: z.array(fieldSchema).min(1),
    }),
    refusalGrounds: z.array(z.object({ id, names: localized })).min(1),
    validity: durationSchema.optional(),
  })
  .superRefine((s, ctx) => {
    // Every stage of the shared flow is covered by exactly one step, in flow order.
    const covered = s.steps.flatMap((step) => step.stages);
    if (covered.join() !== STEP_STAGES.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: `steps must cover ${STEP_STAGES.join(', ')} once each, in order; they cover ${covered.join(', ')}`,
      });
    }
    for (const [key, list] of Object.entries({ form: s.form, documents: s.documents, 'result.fields': s.result.fields })) {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...key.split('.'), i, 'id'], message: `duplicate id ${item.id}` });
        seen.add(item.id);
      });
    }
  });
export type Service = z.infer<typeof serviceSchema>;

/** A catalog file that the schema refused: which file, where in it, and what is wrong. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path || '(top)'}: ${p.message}`).join('; ')}`);
    this.name = 'CatalogError';
  }
}

/** Parses one catalog file; throws CatalogError naming the file and each wrong path. */
export function parseService(file: string, data: unknown): Service {
  const parsed = serviceSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogError(
      file,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

/** Parses the whole catalog (file name → content); service ids must be unique. */
export function parseCatalog(files: Record<string, unknown>): Map<string, Service> {
  const catalog = new Map<string, Service>();
  for (const [file, data] of Object.entries(files)) {
    const service = parseService(file, data);
    if (catalog.has(service.id)) throw new CatalogError(file, [{ path: 'id', message: `service ${service.id} is defined twice` }]);
    catalog.set(service.id, service);
  }
  return catalog;
}

/** The catalog step that covers a stage. The schema guarantees there is exactly one. */
export function stepFor(service: Service, stage: (typeof STEP_STAGES)[number]): Step {
  const step = service.steps.find((s) => s.stages.includes(stage));
  if (!step) throw new Error(`service ${service.id} has no step for ${stage}`);
  return step;
}
