import { z } from 'zod';
import { CHANNELS, ROLES, STEP_STAGES } from './roles';
import { PLACEHOLDER, placeholderProblem } from './paper/placeholders';

const text = z.string().trim().min(1);
const localized = z.object({ kk: text, ru: text, en: text });
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'an id is latin letters, digits and dashes');

/**
 * What can be wrong in a service file, as a code each screen says in its person's language
 * (renderer i18n catalogProblems); the English message stays for `kense catalog check`.
 */
export type CatalogProblemCode =
  | 'notJson'
  | 'missing'
  | 'wrongType'
  | 'empty'
  | 'tooFew'
  | 'tooSmall'
  | 'tooBig'
  | 'notAllowed'
  | 'badId'
  | 'stepsCoverage'
  | 'duplicateId'
  | 'onlyForType'
  | 'choiceNeedsOptions'
  | 'notField'
  | 'notChoiceField'
  | 'placeholder'
  | 'channelNotTaken'
  | 'definedTwice'
  | 'other';
export interface CatalogProblem {
  /** Where in the file: keys and list positions, as `steps.2.duration`. */
  path: string;
  message: string;
  code: CatalogProblemCode;
  params: Record<string, string | number>;
}

/** A schema's own rule broken: the code and what the message names go with the issue. */
function problem(ctx: z.RefinementCtx, path: (string | number)[], code: CatalogProblemCode, message: string, params: Record<string, string | number> = {}): void {
  ctx.addIssue({ code: 'custom', path, message, params: { problem: code, ...params } });
}

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
      if (f[key] !== undefined && f.type !== type) problem(ctx, [key], 'onlyForType', `only a ${type} field has ${key}`);
    };
    if (f.type === 'choice' && !f.options) problem(ctx, ['options'], 'choiceNeedsOptions', 'a choice field needs options');
    only('options', 'choice');
    only('iinChecks', 'iin');
    only('consentFromAge', 'children');
    only('dateIs', 'date');
    if (f.ageUnder !== undefined && !(f.type === 'person' || f.type === 'children' || f.dateIs === 'birth')) {
      problem(ctx, ['ageUnder'], 'onlyForType', 'only a birth date, a person or a children field has ageUnder');
    }
    if (f.consentWhen && f.type !== 'children') problem(ctx, ['consentWhen'], 'onlyForType', 'only a children field has consentWhen');
  });
export type FormField = z.infer<typeof fieldSchema>;
export type FieldType = FormField['type'];

const stepSchema = z.object({
  id,
  stages: z.array(z.enum(STEP_STAGES)).min(1),
  role: z.enum(ROLES),
  duration: durationSchema,
  names: localized,
  /**
   * Where the figure comes from, when it is not the regulation's own words. Given in kk, ru and en,
   * the case page's help shows it; a plain text is the file's author's note, shown in English only.
   */
  note: z.union([z.string(), localized]).optional(),
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
        const wrong = placeholderProblem(name!, modifier, lang, r.fields);
        if (wrong) problem(ctx, [...path], 'placeholder', wrong, { placeholder: `{${name}${modifier ? `:${modifier}` : ''}}` });
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
      problem(ctx, ['steps'], 'stepsCoverage', `steps must cover ${STEP_STAGES.join(', ')} once each, in order; they cover ${covered.join(', ')}`);
    }
    const unique = (path: (string | number)[], list: { id: string }[]) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) problem(ctx, [...path, i, 'id'], 'duplicateId', `duplicate id ${item.id}`, { id: item.id });
        seen.add(item.id);
      });
    };
    s.results.forEach((r, i) => {
      const options = s.form.find((f) => f.id === r.when?.field && f.type === 'choice')?.options?.map((o) => o.id) ?? [];
      if (r.when && !r.when.in.every((o) => options.includes(o))) {
        problem(ctx, ['results', i, 'when'], 'notChoiceField', `${r.when.field} is not a choice field of the form with options ${r.when.in.join(', ')}`, { field: r.when.field });
      }
    });
    s.applicationPapers?.forEach((paper, i) => {
      const fields = [...s.form, { id: 'address', type: 'text' }, { id: 'phone', type: 'text' }];
      for (const lang of ['kk', 'ru'] as const) {
        paper.text[lang].forEach((paragraph, j) => {
          for (const [, name, modifier] of paragraph.matchAll(PLACEHOLDER)) {
            const wrong = placeholderProblem(name!, modifier, lang, fields, 'form');
            if (wrong) problem(ctx, ['applicationPapers', i, 'text', lang, j], 'placeholder', wrong, { placeholder: `{${name}${modifier ? `:${modifier}` : ''}}` });
          }
        });
      }
      const refs: [string, string | undefined, string][] = [['children', paper.children, 'children'], ...(paper.persons ?? []).map((p): [string, string, string] => ['persons', p, 'person'])];
      for (const [key, ref, type] of refs) {
        if (ref && s.form.find((f) => f.id === ref)?.type !== type) problem(ctx, ['applicationPapers', i, key], 'notField', `${ref} is not a ${type} field of the form`, { field: ref });
      }
    });
    unique(['steps'], s.steps);
    unique(['form'], s.form);
    unique(['documents'], s.documents);
    unique(['results'], s.results);
    unique(['refusalGrounds'], s.refusalGrounds);
    s.results.forEach((r, i) => {
      unique(['results', i, 'fields'], r.fields);
      if (r.portalNotice && !s.channels.includes('portal')) problem(ctx, ['results', i, 'portalNotice'], 'channelNotTaken', 'the service takes no application by the portal', { channel: 'portal' });
      r.fields.forEach((f, j) => {
        const foreign = f.channels?.find((c) => !s.channels.includes(c));
        if (foreign) problem(ctx, ['results', i, 'fields', j, 'channels'], 'channelNotTaken', `the service takes no application by ${foreign}`, { channel: foreign });
      });
    });
    const fieldSets: [(string | number)[], FormField[]][] = [[['form'], s.form], ...s.results.map((r, i): [(string | number)[], FormField[]] => [['results', i, 'fields'], r.fields])];
    for (const [path, fields] of fieldSets) {
      fields.forEach((f, i) => {
        for (const key of ['when', 'requiredWhen', 'consentWhen'] as const) {
          const when = f[key];
          const options = fields.find((x) => x.id === when?.field && x.type === 'choice')?.options?.map((o) => o.id) ?? [];
          if (when && !when.in.every((o) => options.includes(o))) {
            problem(ctx, [...path, i, key], 'notChoiceField', `${when.field} is not a choice field with options ${when.in.join(', ')}`, { field: when.field });
          }
        }
      });
      fields.forEach((f, i) => {
        if (!f.iinChecks) return;
        const birth = f.iinChecks.birthDate;
        if (birth && fields.find((x) => x.id === birth)?.type !== 'date') {
          problem(ctx, [...path, i, 'iinChecks', 'birthDate'], 'notField', `${birth} is not a date field of this form`, { field: birth });
        }
        const name = f.iinChecks.name;
        if (name && fields.find((x) => x.id === name)?.type !== 'text') {
          problem(ctx, [...path, i, 'iinChecks', 'name'], 'notField', `${name} is not a text field of this form`, { field: name });
        }
        const sex = f.iinChecks.sex;
        const options = fields.find((x) => x.id === sex?.field && x.type === 'choice')?.options?.map((o) => o.id) ?? [];
        if (sex && !(options.includes(sex.male) && options.includes(sex.female))) {
          problem(ctx, [...path, i, 'iinChecks', 'sex'], 'notChoiceField', `${sex.field} is not a choice field with options ${sex.male} and ${sex.female}`, { field: sex.field });
        }
      });
    }
  });
export type Service = z.infer<typeof serviceSchema> & {
  /** The office's choice (OfficeTerms.ncaSignature), never the catalog file's: its results carry an NCA RK signature before handover. */
  ncaRequired?: boolean;
  /** The administrator withdrew this added service from new intake (office.serviceWithdrawn); its open cases go on. */
  withdrawn?: { reason: string; at: string };
};

/**
 * The services the regulations give every office, shipped in resources/services (a unit test
 * keeps the two the same): they are the law's, so no office withdraws them.
 */
export const REGULATION_SERVICES: readonly string[] = [
  'adoption-candidate-registration',
  'foster-care-placement',
  'guardianship-certificate',
  'minors-deposits-certificate',
  'minors-property-certificate',
  'tvet-document-duplicate',
  'tvet-dormitory-referral',
];

/** A catalog file that the schema refused: which file, where in it, and what is wrong. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problems: CatalogProblem[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path || '(top)'}: ${p.message}`).join('; ')}`);
    this.name = 'CatalogError';
  }
}

/** A schema issue as a coded problem: the rule the schema's own checks name, or the kind of value zod found wrong. */
function problemOf(issue: z.core.$ZodIssue, data: unknown): CatalogProblem {
  const at = { path: issue.path.join('.'), message: issue.message };
  const value = issue.path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), data);
  switch (issue.code) {
    case 'custom': {
      const { problem: code, ...params } = (issue.params ?? {}) as { problem?: CatalogProblemCode } & Record<string, string | number>;
      return { ...at, code: code ?? 'other', params };
    }
    case 'invalid_type':
    case 'invalid_union':
      return { ...at, code: value === undefined ? 'missing' : 'wrongType', params: {} };
    case 'too_small':
      if (issue.origin === 'string') return { ...at, code: 'empty', params: {} };
      // The file's numbers are whole, so "above 0" is "at least 1".
      return { ...at, code: issue.origin === 'array' ? 'tooFew' : 'tooSmall', params: { minimum: Number(issue.minimum) + (issue.inclusive === false ? 1 : 0) } };
    case 'too_big':
      return { ...at, code: 'tooBig', params: { maximum: Number(issue.maximum) - (issue.inclusive === false ? 1 : 0) } };
    case 'invalid_value':
      return { ...at, code: 'notAllowed', params: { allowed: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return { ...at, code: 'badId', params: {} };
    default:
      return { ...at, code: 'other', params: {} };
  }
}

/** Parses one catalog file; throws CatalogError naming the file and each wrong path. */
export function parseService(file: string, data: unknown): Service {
  const parsed = serviceSchema.safeParse(data);
  if (!parsed.success) throw new CatalogError(file, parsed.error.issues.map((issue) => problemOf(issue, data)));
  return parsed.data;
}

/** A file that is not JSON, as a CatalogError like a wrong one. */
export const notJson = (file: string, error: unknown) => new CatalogError(file, [{ path: '', message: `not valid JSON: ${(error as Error).message}`, code: 'notJson', params: {} }]);

/** Parses a catalog file's text: not JSON is a CatalogError too. */
export function parseServiceText(file: string, text: string): Service {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw notJson(file, e);
  }
  return parseService(file, data);
}

/** Parses the whole catalog (file name → content); service ids must be unique. */
export function parseCatalog(files: Record<string, unknown>): Map<string, Service> {
  const catalog = new Map<string, Service>();
  for (const [file, data] of Object.entries(files)) {
    const service = parseService(file, data);
    if (catalog.has(service.id)) throw new CatalogError(file, [{ path: 'id', message: `service ${service.id} is defined twice`, code: 'definedTwice', params: { id: service.id } }]);
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
