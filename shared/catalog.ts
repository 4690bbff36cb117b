import { z } from 'zod';
import { CHANNELS, ROLES, STEP_STAGES } from './roles';
import { PLACEHOLDER, placeholderProblem } from './paper/placeholders';

const text = z.string().trim().min(1);
const localized = z.object({ kk: text, ru: text, en: text });
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'an id is latin letters, digits and dashes');

export const durationSchema = z.object({
  amount: z.number().int().positive(),
  unit: z.enum(['minutes', 'workingDays', 'calendarDays', 'months']),
});
export type Duration = z.infer<typeof durationSchema>;

/** The kinds of form field the UI can draw and the handlers can check (docs/catalog.md). */
/** `bilingual`: a free text that prints, given in Kazakh and in Russian so neither paper mixes languages. */
export const FIELD_TYPES = ['text', 'textarea', 'date', 'iin', 'phone', 'address', 'person', 'children', 'choice', 'bilingual'] as const;

const fieldSchema = z
  .object({
    id,
    type: z.enum(FIELD_TYPES),
    label: localized,
    required: z.boolean(),
    /** A choice's options; `inText` is an option's wording where it fills a sentence (S1: «қорғаншы», «опекуном»). */
    options: z.array(z.object({ id, label: localized, inText: z.object({ kk: text, ru: text }).optional() })).min(1).optional(),
    /** An IIN field: the form's date field holding the same person's birth date, the choice field holding their sex, the text field holding their name. */
    iinChecks: z
      .object({
        birthDate: id.optional(),
        name: id.optional(),
        sex: z.object({ field: id, male: id, female: id }).optional(),
      })
      .optional(),
    /** A children list: from this age a child must agree in writing (default 10). */
    consentFromAge: z.number().int().min(1).max(17).optional(),
    /**
     * A date field: `birth`, someone's birth date, or `past`, the day something was done (a
     * decision, a certificate): neither after the day it is given (fields.ts dateProblem).
     */
    dateIs: z.enum(['birth', 'past']).optional(),
    /** A birth date, a person or a children list: younger than this on that day (a minor: under 18, Civil Code art. 17). */
    ageUnder: z.number().int().min(1).max(120).optional(),
    /** Asked only when a choice field of the same form has one of these options (S2: the fund's name only for pension savings). */
    when: z.object({ field: id, in: z.array(id).min(1) }).optional(),
    /** Required, though `required` is false, when a choice field has one of these options (S2: both parents on the bank form). */
    requiredWhen: z.object({ field: id, in: z.array(id).min(1) }).optional(),
    /** A children list: the written consent is asked only when a choice field has one of these options (S2: the bank form alone has the line). */
    consentWhen: z.object({ field: id, in: z.array(id).min(1) }).optional(),
    /** Asked only for an application that came by one of these channels (S4, S5: where a portal applicant is to come). */
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
  })
  .superRefine((f, ctx) => {
    const only = (key: 'options' | 'iinChecks' | 'consentFromAge' | 'dateIs', type: string) => {
      if (f[key] !== undefined && f.type !== type) ctx.addIssue({ code: 'custom', path: [key], message: `only a ${type} field has ${key}` });
    };
    if (f.type === 'choice' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice field needs options' });
    only('options', 'choice');
    only('iinChecks', 'iin');
    only('consentFromAge', 'children');
    only('dateIs', 'date');
    if (f.ageUnder !== undefined && !(f.type === 'person' || f.type === 'children' || f.dateIs === 'birth')) {
      ctx.addIssue({ code: 'custom', path: ['ageUnder'], message: 'only a birth date, a person or a children field has ageUnder' });
    }
    if (f.consentWhen && f.type !== 'children') ctx.addIssue({ code: 'custom', path: ['consentWhen'], message: 'only a children field has consentWhen' });
  });
export type FormField = z.infer<typeof fieldSchema>;
export type FieldType = FormField['type'];

const stepSchema = z.object({
  id,
  stages: z.array(z.enum(STEP_STAGES)).min(1),
  role: z.enum(ROLES),
  duration: durationSchema,
  names: localized,
  /** Where the figure comes from, when it is not the regulation's own words. */
  note: z.string().optional(),
});
export type Step = z.infer<typeof stepSchema>;

const resultSchema = z.object({
  id,
  kind: z.enum(['certificate', 'referral', 'duplicate', 'contract', 'conclusion']),
  names: localized,
  fields: z.array(fieldSchema).min(1),
  /** Issued only for applications whose choice field has one of these options (S2: the fund's certificate for pension savings). */
  when: z.object({ field: id, in: z.array(id).min(1) }).optional(),
  /**
   * The printed wording, paragraph by paragraph, in Kazakh and Russian (placeholders: paper/template.ts);
   * fields the text leaves out are listed under it.
   */
  text: z.object({ kk: z.array(text).min(1), ru: z.array(text).min(1) }).optional(),
  /** The applicant signs the paper too, under this title (S4: the foster carer signs the contract). */
  applicantSigns: z.object({ kk: text, ru: text }).optional(),
  /** The addressee line above the title, in the same placeholders (S2: the fund's or the bank's name). */
  addressee: z.object({ kk: text, ru: text }).optional(),
  /**
   * The portal's notice that the result is ready and where to come for it (seed 004: S4's «шарт
   * жасау туралы хабарлама», S5's «қорытындының дайындығы туралы хабарлама»), printed for an
   * application that came by the portal, in the same placeholders.
   */
  portalNotice: z.object({ names: localized, text: z.object({ kk: z.array(text).min(1), ru: z.array(text).min(1) }) }).optional(),
}).superRefine((r, ctx) => {
  for (const lang of ['kk', 'ru'] as const) {
    const paragraphs: [(string | number)[], string][] = [
      ...(r.text?.[lang].map((t, i): [(string | number)[], string] => [['text', lang, i], t]) ?? []),
      ...(r.addressee ? [[['addressee', lang], r.addressee[lang]] as [(string | number)[], string]] : []),
      ...(r.portalNotice?.text[lang].map((t, i): [(string | number)[], string] => [['portalNotice', 'text', lang, i], t]) ?? []),
    ];
    for (const [path, paragraph] of paragraphs) {
      for (const [, name, modifier] of paragraph.matchAll(PLACEHOLDER)) {
        const problem = placeholderProblem(name!, modifier, lang, r.fields);
        if (problem) ctx.addIssue({ code: 'custom', path: [...path], message: problem });
      }
    }
  }
});
export type ResultVariant = z.infer<typeof resultSchema>;

const localizedPair = z.object({ kk: text, ru: text });

/**
 * The application as the seed's form prints it for the applicant to sign (000 app. 3, 003's S2 and
 * S3 forms): its paragraphs over the form's fields and {to}, {address}, {phone}, {office}; the
 * children with the «келісемін» column; the persons who sign; what is written by hand.
 */
const applicationPaperSchema = z.object({
  /** For one choice of the form (S2: the fund's, the bank's and the vehicle's forms differ). */
  when: z.object({ field: id, in: z.array(id).min(1) }).optional(),
  text: z.object({ kk: z.array(text).min(1), ru: z.array(text).min(1) }),
  /** The children list, one row each; from the field's consent age, a blank for «келісемін» and the child's signature. */
  children: id.optional(),
  /** Persons whose details are printed, each with a signature line (S2's bank form, S3: the father and the mother). */
  persons: z.array(id).optional(),
  /** Sentences the applicants write in their own hand (S3: «Бұдан әрі балаларды тұрғын үйсіз қалдырмауға міндеттенемін»). */
  handwritten: z.array(localizedPair).optional(),
  /** The signature lines at the end: «Өтініш беруші(лер) қолы», «Ерлі-зайыптылардың қолдары». */
  signers: z.array(localizedPair).min(1),
});
export type ApplicationPaper = z.infer<typeof applicationPaperSchema>;

/**
 * One state service as data (DESIGN.md "The workflow comes from the catalog"; docs/catalog.md).
 * Adding a service is adding a file in resources/services/ that this schema accepts.
 */
export const serviceSchema = z
  .object({
    id,
    version: z.number().int().positive(),
    names: localized,
    /** The regulation the file follows. */
    source: text,
    providerKind: z.enum(['district-education-department', 'local-executive-body', 'tvet-organisation']),
    channels: z.array(z.enum(CHANNELS)).min(1),
    steps: z.array(stepSchema).min(1),
    /** The total term where the regulation states one; without it the term is the sum of the steps. */
    term: z.object({ duration: durationSchema.optional(), acceptanceDayCounts: z.boolean() }),
    /** The applicant may act through a representative with a notarised power of attorney. */
    representative: z.boolean(),
    form: z.array(fieldSchema),
    documents: z.array(z.object({ id, names: localized, required: z.boolean() })).min(1),
    /** The result documents; a service with several (S2: fund, bank, road police) lets the specialist choose. */
    results: z.array(resultSchema).min(1),
    refusalGrounds: z.array(z.object({ id, names: localized })).min(1),
    /** Before a refusal the applicant is told and may be heard (Administrative Procedure Code art. 73). */
    refusalHearing: z.boolean(),
    /**
     * Where and within what time a refusal may be appealed, as the service's Standard says (seed 002
     * item 10 refers to its section 3, which the seeds do not carry): the office's to write. The
     * refusal letter prints it; without it, the seed's own sentence.
     */
    appeal: localizedPair.optional(),
    /** The regulation has the quality survey (seeds 000, 003: S1–S3; seeds 002 and 004 have none). */
    survey: z.boolean().default(false),
    /** The application printed for signature at intake, where the seed gives its form. */
    applicationPapers: z.array(applicationPaperSchema).optional(),
    /** How long a result is valid from its signing (S2, S3: one month), in calendar time (commands.ts validUntilOf). */
    validity: z.object({ amount: z.number().int().positive(), unit: z.enum(['calendarDays', 'months']) }).optional(),
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
    const unique = (path: (string | number)[], list: { id: string }[]) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `duplicate id ${item.id}` });
        seen.add(item.id);
      });
    };
    s.results.forEach((r, i) => {
      const options = s.form.find((f) => f.id === r.when?.field && f.type === 'choice')?.options?.map((o) => o.id) ?? [];
      if (r.when && !r.when.in.every((o) => options.includes(o))) {
        ctx.addIssue({ code: 'custom', path: ['results', i, 'when'], message: `${r.when.field} is not a choice field of the form with options ${r.when.in.join(', ')}` });
      }
    });
    s.applicationPapers?.forEach((paper, i) => {
      const fields = [...s.form, { id: 'address', type: 'text' }, { id: 'phone', type: 'text' }];
      for (const lang of ['kk', 'ru'] as const) {
        paper.text[lang].forEach((paragraph, j) => {
          for (const [, name, modifier] of paragraph.matchAll(PLACEHOLDER)) {
            const problem = placeholderProblem(name!, modifier, lang, fields, 'form');
            if (problem) ctx.addIssue({ code: 'custom', path: ['applicationPapers', i, 'text', lang, j], message: problem });
          }
        });
      }
      const refs: [string, string | undefined, string][] = [['children', paper.children, 'children'], ...(paper.persons ?? []).map((p): [string, string, string] => ['persons', p, 'person'])];
      for (const [key, ref, type] of refs) {
        if (ref && s.form.find((f) => f.id === ref)?.type !== type) ctx.addIssue({ code: 'custom', path: ['applicationPapers', i, key], message: `${ref} is not a ${type} field of the form` });
      }
    });
    unique(['steps'], s.steps);
    unique(['form'], s.form);
    unique(['documents'], s.documents);
    unique(['results'], s.results);
    unique(['refusalGrounds'], s.refusalGrounds);
    s.results.forEach((r, i) => {
      unique(['results', i, 'fields'], r.fields);
      if (r.portalNotice && !s.channels.includes('portal')) ctx.addIssue({ code: 'custom', path: ['results', i, 'portalNotice'], message: 'the service takes no application by the portal' });
      r.fields.forEach((f, j) => {
        const foreign = f.channels?.find((c) => !s.channels.includes(c));
        if (foreign) ctx.addIssue({ code: 'custom', path: ['results', i, 'fields', j, 'channels'], message: `the service takes no application by ${foreign}` });
      });
    });
    const fieldSets: [(string | number)[], FormField[]][] = [[['form'], s.form], ...s.results.map((r, i): [(string | number)[], FormField[]] => [['results', i, 'fields'], r.fields])];
    for (const [path, fields] of fieldSets) {
      fields.forEach((f, i) => {
        for (const key of ['when', 'requiredWhen', 'consentWhen'] as const) {
          const when = f[key];
          const options = fields.find((x) => x.id === when?.field && x.type === 'choice')?.options?.map((o) => o.id) ?? [];
          if (when && !when.in.every((o) => options.includes(o))) {
            ctx.addIssue({ code: 'custom', path: [...path, i, key], message: `${when.field} is not a choice field with options ${when.in.join(', ')}` });
          }
        }
      });
      fields.forEach((f, i) => {
        if (!f.iinChecks) return;
        const birth = f.iinChecks.birthDate;
        if (birth && fields.find((x) => x.id === birth)?.type !== 'date') {
          ctx.addIssue({ code: 'custom', path: [...path, i, 'iinChecks', 'birthDate'], message: `${birth} is not a date field of this form` });
        }
        const name = f.iinChecks.name;
        if (name && fields.find((x) => x.id === name)?.type !== 'text') {
          ctx.addIssue({ code: 'custom', path: [...path, i, 'iinChecks', 'name'], message: `${name} is not a text field of this form` });
        }
        const sex = f.iinChecks.sex;
        const options = fields.find((x) => x.id === sex?.field && x.type === 'choice')?.options?.map((o) => o.id) ?? [];
        if (sex && !(options.includes(sex.male) && options.includes(sex.female))) {
          ctx.addIssue({ code: 'custom', path: [...path, i, 'iinChecks', 'sex'], message: `${sex.field} is not a choice field with options ${sex.male} and ${sex.female}` });
        }
      });
    }
  });
export type Service = z.infer<typeof serviceSchema> & {
  /** The office's choice (OfficeTerms.ncaSignature), never the catalog file's: its results carry an NCA RK signature before handover. */
  ncaRequired?: boolean;
};

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

/** A result variant by id; the only one when the service has one. */
export function resultVariant(service: Service, variantId: string | undefined): ResultVariant | undefined {
  return variantId === undefined && service.results.length === 1 ? service.results[0] : service.results.find((r) => r.id === variantId);
}

/** The application form to print for these answers, if the seed gives one. */
export function applicationPaperFor(service: Service, application: Record<string, unknown>): ApplicationPaper | undefined {
  return service.applicationPapers?.find((p) => !p.when || p.when.in.includes(String(application[p.when.field] ?? '')));
}

/** The results an application can get: those whose condition its answers meet. */
export function resultsFor(service: Service, application: Record<string, unknown>): ResultVariant[] {
  return service.results.filter((r) => !r.when || r.when.in.includes(String(application[r.when.field] ?? '')));
}

/**
 * The office's own terms over the catalog's: a regulation adopted by one district may give a
 * service another term (S1: seed 001 says 3 working days, seed 003 says 5), so an
 * administrator sets the term and step durations for their office.
 */
export interface OfficeTerms {
  serviceId: string;
  term?: Duration;
  steps?: Record<string, Duration>;
  /** The head signs this service's results with their NCA RK key too, beside the Kense seal: handover waits for it. */
  ncaSignature?: boolean;
  /** Which regulation (or the office's order) says so. */
  reason: string;
}

export function withOfficeTerms(service: Service, terms: OfficeTerms | undefined): Service {
  if (!terms) return service;
  return {
    ...service,
    term: terms.term ? { ...service.term, duration: terms.term } : service.term,
    steps: service.steps.map((step) => (terms.steps?.[step.id] ? { ...step, duration: terms.steps[step.id]! } : step)),
    ...(terms.ncaSignature ? { ncaRequired: true } : {}),
  };
}

/** The catalog step that covers a stage. The schema guarantees there is exactly one. */
export function stepFor(service: Service, stage: (typeof STEP_STAGES)[number]): Step {
  const step = service.steps.find((s) => s.stages.includes(stage));
  if (!step) throw new Error(`service ${service.id} has no step for ${stage}`);
  return step;
}
