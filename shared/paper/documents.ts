import { outcomeOf, registeredByOffice, type CaseState } from '../case';
import { applicationPaperFor, resultVariant, type FormField, type Service } from '../catalog';
import { formatDate, formatDateTime } from '../dates';
import { ageOn, choiceHolds, DEFAULT_CONSENT_AGE, type Address, type Bilingual, type Child, type FieldValue, type Person } from '../fields';
import { fromBase64, type OfficeIdentity } from '../keys';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { isLocalDate, localDateOf, type LocalDate } from '../localDate';
import { certifiedFacts, readSealText, resultPayload, type ResultKind } from '../seal';
import { tripDays, type TripStop } from '../trips';
import type { Recipient, Trip } from '../event';
import type { Attachment, Block, Paper } from './layout';
import { PAPER_TEXTS, type PaperLanguage } from './texts';
import { declineName, kazakhCase, sentenceDate, type DateForm, type NameCase } from './declension';
import { validateIin } from '../iin';
import { addressText, declinedForms, fillTemplate, russianAddress, withoutNumberSign } from './template';
import { PLACEHOLDER } from './placeholders';

/** The language a free text is written in, as far as its letters tell: Kazakh has nine letters Russian lacks. */
export function writtenIn(text: string): PaperLanguage {
  return /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(text) ? 'kk' : 'ru';
}

/** What every paper needs besides its cases: the office as it signs, its clock and its catalog. */
export interface PaperContext {
  office: OfficeIdentity;
  offsetMinutes: number;
  catalog: ReadonlyMap<string, Service>;
}

const long = (date: LocalDate, lang: PaperLanguage) => formatDate(date, lang, 'long');

/** A field's value as a paper prints it; `inText` when it fills a sentence rather than a row. */
export function paperValue(field: Pick<FormField, 'type' | 'options'> | undefined, value: FieldValue, lang: PaperLanguage, inText = false): string {
  const p = PAPER_TEXTS[lang].parts;
  if (typeof value === 'string') {
    if (field?.type === 'date') return long(value, lang);
    if (field?.type === 'choice') {
      const option = field.options?.find((o) => o.id === value);
      return (inText ? option?.inText?.[lang] : undefined) ?? option?.label[lang] ?? value;
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value
      .map((c: Child, i) => `${i + 1}) ${c.name}, ${formatDate(c.birthDate, lang, 'short')} ${p.born}, ${p.birthCertificate} ${c.birthCertificate.includes('№') ? '' : '№ '}${c.birthCertificate}`)
      .join('; ');
  }
  if (field?.type === 'address') return addressText(value as Address, lang);
  if (field?.type === 'bilingual') return (value as Bilingual)[lang];
  const person = value as Person;
  return [person.name, person.birthDate && `${formatDate(person.birthDate, lang, 'short')} ${p.born}`, person.document].filter(Boolean).join(', ');
}

function serviceOf(ctx: PaperContext, state: CaseState): Service {
  const service = ctx.catalog.get(state.serviceId);
  if (!service) throw new Error(`service ${state.serviceId} is not in the catalog`);
  return service;
}

/** What a signed case's papers print, from its signed payload: the result's wording filled in one language. */
function signedWording(state: CaseState, ctx: PaperContext) {
  const seal = state.seal;
  const draft = state.draft;
  if (!seal || !draft) throw new Error(`case ${state.regNumber} is not signed`);
  const service = serviceOf(ctx, state);
  const variant = draft.outcome === 'result' ? resultVariant(service, draft.variant) : undefined;
  const facts = seal.payload?.facts ?? (draft.outcome === 'result' && variant ? certifiedFacts(variant.fields, draft.fields) : { grounds: [], reasons: '' });
  const to = seal.payload?.to ?? state.applicant.name;
  const forms = seal.payload?.forms ?? (draft.outcome === 'result' ? draft.forms : undefined) ?? {};
  const fact = (id: string) => (facts[id] === undefined ? undefined : (facts[id] as FieldValue));
  const field = (id: string) => variant?.fields.find((f) => f.id === id);
  const dateFields = new Set(variant?.fields.filter((f) => f.type === 'date').map((f) => f.id));
  const fill = (template: string, lang: PaperLanguage) =>
    fillTemplate(
      template,
      lang,
      (id) => (id === 'to' ? to : id === 'office' ? ctx.office.names[lang] : fact(id) === undefined ? undefined : paperValue(field(id), fact(id)!, lang, true)),
      (id, form: DateForm | undefined) => (typeof fact(id) === 'string' ? sentenceDate(fact(id) as string, lang, form) : undefined),
      forms,
      dateFields,
    );
  /** The head's line; on the result itself, the applicant's too where the result says so (S4's carer). */
  const signatures = (lang: PaperLanguage, applicantToo: boolean): Block => {
    const applicantSigns = applicantToo ? variant?.applicantSigns?.[lang] : undefined;
    return { kind: 'signatures', lines: [{ position: PAPER_TEXTS[lang].position[service.providerKind], name: seal.signedBy.name }, ...(applicantSigns ? [{ position: applicantSigns, name: to }] : [])] };
  };
  /** The office heading, seed 003's header, the signer's note, the QR code and what it proves. */
  const frame = (lang: PaperLanguage, title: string, blocks: Block[]): Paper => {
    const x = PAPER_TEXTS[lang];
    const office = ctx.office.names[lang];
    blocks.push({ kind: 'paragraph', text: seal.text ? x.signedDigitally(formatDateTime(seal.signedAt, ctx.offsetMinutes), seal.keyId) : x.notSignedDigitally, size: 8.5 });
    const nca = state.ncaSignature;
    if (nca) blocks.push({ kind: 'paragraph', text: x.ncaSigned(nca.signer, formatDateTime(nca.at, ctx.offsetMinutes)), size: 8.5 });
    return {
      title,
      office: `${x.country}\n${office}`,
      header: [
        ...(seal.payload ? [`${x.uniqueNumber}: ${seal.payload.doc}`] : []),
        `${x.regNumber}: ${state.regNumber}`,
        `${x.submittedOn}: ${formatDate(localDateOf(state.registeredAt, ctx.offsetMinutes), lang, 'short')}`,
        `${x.issuedOn}: ${long(localDateOf(seal.payload?.issued ?? seal.signedAt, ctx.offsetMinutes), lang)}`,
      ],
      blocks,
      seal: seal.text ? { qr: seal.text, caption: x.qrCaption(office), sealPlace: x.sealPlace } : undefined,
      // Law 370-II's equivalence is true of the NCA RK signature only; the file then carries it, with the bytes it signed.
      footer: nca ? [x.equivalence, x.ncaNote] : seal.text ? [x.sealNote] : [],
      ...(nca && seal.payload ? { attachments: ncaAttachments(seal.payload.doc, seal.text!, nca.cms) } : {}),
    };
  };
  return { service, variant, facts, to, fact, fill, signatures, frame };
}

/** The signed payload and its detached CMS, as files inside the PDF: `openssl cms -verify` or NCA RK's tools check the pair. */
function ncaAttachments(doc: string, sealText: string, cms: string): Attachment[] {
  const signed = readSealText(sealText);
  if (!signed) return [];
  return [
    { name: `${doc}.json`, bytes: utf8ToBytes(signed.json), mimeType: 'application/json', description: 'Signed payload (canonical JSON)' },
    { name: `${doc}.json.cms`, bytes: fromBase64(cms), mimeType: 'application/pkcs7-signature', description: 'NCA RK signature (detached CMS, DER)' },
  ];
}

/** The placeholders a set of paragraphs fills. */
const placeholdersOf = (paragraphs: readonly string[]) => new Set(paragraphs.flatMap((p) => [...p.matchAll(PLACEHOLDER)].map((m) => m[1]!)));

/** A refusal's reasons are one text in the language the specialist wrote: its letter goes out in that language only, never mixed. */
function pageLanguages(refusalReasons: string | null, langs: readonly PaperLanguage[]): readonly PaperLanguage[] {
  return refusalReasons === null ? langs : [writtenIn(refusalReasons)];
}

/**
 * The signed result or the reasoned refusal, one paper per language. Everything in its body
 * comes from the signed payload, so the paper says exactly what the QR code certifies.
 */
export function resultPapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const { service, variant, facts, to, fact, fill, signatures, frame } = signedWording(state, ctx);
  const kind: ResultKind = variant?.kind ?? 'refusal';
  const pages = pageLanguages(variant ? null : String(facts.reasons ?? ''), langs);

  return pages.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const blocks: Block[] = [{ kind: 'title', text: `${x.titles[kind]} № ${state.regNumber}` }];
    if (variant) {
      const used = new Set<string>();
      if (variant.addressee) blocks.unshift({ kind: 'paragraph', text: fill(variant.addressee[lang], lang).text, bold: true, align: 'right' });
      for (const template of variant.text?.[lang] ?? []) {
        const filled = fill(template, lang);
        filled.used.forEach((u) => used.add(u));
        blocks.push({ kind: 'paragraph', text: filled.text });
      }
      // A field asked for the portal's notice alone (where to come) is the notice's; what the text does not say is listed under it, so every certified fact is printed.
      const noticeOnly = placeholdersOf(variant.portalNotice?.text[lang] ?? []);
      const printed = (f: FormField) => fact(f.id) !== undefined && !used.has(f.id) && !(f.channels && noticeOnly.has(f.id));
      const rows = [
        ...(used.has('to') ? [] : [[x.to, to] as const]),
        ...variant.fields.filter(printed).map((f) => [f.label[lang], paperValue(f, fact(f.id)!, lang)] as const),
      ];
      if (rows.length) blocks.push({ kind: 'facts', rows });
      if (state.validUntil && service.validity) {
        const noun = x.documentNoun[kind] ?? variant.names[lang];
        blocks.push({ kind: 'paragraph', text: x.validity(noun, service.validity.amount, service.validity.unit, formatDate(state.validUntil, lang, 'short')), bold: true });
      }
    } else {
      const date = (id: string, form: DateForm) => sentenceDate(String(facts[id]), lang, form);
      blocks.push(
        { kind: 'paragraph', text: x.refusalIntro(to, service.names[lang]) },
        ...groundsAndReasons(service, facts.grounds as string[], String(facts.reasons), lang),
        // What the signed payload says of the notice and the hearing; a refusal signed before it said so prints none.
        ...(typeof facts.noticedAt === 'string'
          ? [
              {
                kind: 'paragraph' as const,
                text: x.refusalHeard(
                  { noticedOn: sentenceDate(localDateOf(facts.noticedAt, ctx.offsetMinutes), lang, 'loc'), heardOn: date('heardOn', 'attr'), hearingOn: date('hearingOn', 'dat') },
                  facts.hearing === 'attended',
                ),
              },
            ]
          : []),
        { kind: 'paragraph', text: service.appeal?.[lang] ?? x.appeal },
      );
    }
    blocks.push(signatures(lang, true));
    return frame(lang, `${x.titles[kind]} № ${state.regNumber}`, blocks);
  });
}

/**
 * The result or the refusal as it will print once signed, from the draft: the specialist reads it
 * before sending it, the head before signing. The same code as the signed paper, marked as a
 * draft, with no unique number and no QR code. `signer` is the head who will sign, when known.
 */
export function draftPapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[], draft: { at: string; signer: string; validUntil: LocalDate | null }): Paper[] {
  const payload = resultPayload(state, serviceOf(ctx, state), '', draft.at, draft.validUntil);
  const signedBy = { userId: '', role: 'head' as const, name: draft.signer };
  const preview: CaseState = { ...state, seal: { text: null, payload, keyId: '', signedAt: draft.at, signedBy }, validUntil: draft.validUntil, ncaSignature: undefined };
  const pages = pageLanguages(payload.kind === 'refusal' ? String(payload.facts.reasons) : null, langs);
  return resultPapers(preview, ctx, langs).map((paper, i) => {
    const x = PAPER_TEXTS[pages[i]!];
    return {
      ...paper,
      header: [x.draft.mark, ...paper.header.filter((h) => !h.startsWith(x.uniqueNumber))],
      blocks: [{ kind: 'paragraph', text: x.draft.mark, bold: true, align: 'center' }, ...paper.blocks.filter((b) => !(b.kind === 'paragraph' && b.text === x.notSignedDigitally))],
      seal: undefined,
      footer: [x.draft.note],
    };
  });
}

/**
 * The portal's notice for a signed result whose service has one and whose application came by
 * the portal (seed 004: the contract is ready to be concluded, the conclusion is ready; come to
 * this address). Kense cannot reach the portal: the clerk puts this paper there. Empty otherwise.
 */
export function portalNoticePapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  if (state.channel !== 'portal' || !state.seal || state.draft?.outcome !== 'result') return [];
  const { variant, fact, fill, signatures, frame } = signedWording(state, ctx);
  const notice = variant?.portalNotice;
  // A result signed before its service asked for the notice's fields has no address to send the applicant to.
  const fields = new Set(variant?.fields.map((f) => f.id));
  if (!notice || [...placeholdersOf([...notice.text.kk, ...notice.text.ru])].some((id) => fields.has(id) && fact(id) === undefined)) return [];
  return langs.map((lang) => {
    const title = notice.names[lang];
    const blocks: Block[] = [{ kind: 'title', text: title }, ...notice.text[lang].map((t): Block => ({ kind: 'paragraph', text: fill(t, lang).text })), signatures(lang, false)];
    return frame(lang, title, blocks);
  });
}

/** A refusal's grounds by the catalog's names, one numbered line each. */
const groundLines = (service: Service, grounds: readonly string[], lang: PaperLanguage) =>
  grounds.map((id, i): Block => ({ kind: 'paragraph', text: `${i + 1}. ${service.refusalGrounds.find((g) => g.id === id)?.names[lang] ?? id}` }));

/** A refusal's grounds and its reasons in words: on the refusal and on its notice. */
function groundsAndReasons(service: Service, grounds: readonly string[], reasons: string, lang: PaperLanguage): Block[] {
  const x = PAPER_TEXTS[lang];
  return [
    { kind: 'paragraph', text: `${x.grounds}:`, bold: true },
    ...groundLines(service, grounds, lang),
    { kind: 'paragraph', text: `${x.reasons}:`, bold: true },
    { kind: 'paragraph', text: reasons },
  ];
}

/** A letter of the office that carries no seal: the country and the office above, the registration number and a day under them. */
function officeLetter(ctx: PaperContext, state: CaseState, lang: PaperLanguage, title: string, on: LocalDate, blocks: Block[], dayLabel = PAPER_TEXTS[lang].issuedOn): Paper {
  const x = PAPER_TEXTS[lang];
  return { title, office: `${x.country}\n${ctx.office.names[lang]}`, header: [`${x.regNumber}: ${state.regNumber}`, `${dayLabel}: ${long(on, lang)}`], blocks, footer: [] };
}

/** The applicant's name in the case a sentence needs, the sex taken from their IIN. */
function applicantIn(state: CaseState, lang: PaperLanguage, grammaticalCase: NameCase): string {
  const iin = validateIin(state.applicant.iin);
  return declineName(state.applicant.name, lang, grammaticalCase, iin.ok ? iin.sex : null);
}

/** The applicant as a letter to them is addressed, top right: the name in the dative, then the address. */
function toApplicant(state: CaseState, lang: PaperLanguage): Block[] {
  const address = lang === 'ru' ? russianAddress(state.applicant.address) : state.applicant.address;
  return [
    { kind: 'paragraph', text: applicantIn(state, lang, 'dat'), bold: true, align: 'right' },
    { kind: 'paragraph', text: address, align: 'right' },
  ];
}

/** What a letter in one language starts from: its service, the language its free text is written in, that language's texts and the titled number. */
function oneLanguageLetter(state: CaseState, ctx: PaperContext, freeText: string, kind: 'refusalNotice' | 'returnLetter') {
  const lang = writtenIn(freeText);
  const x = PAPER_TEXTS[lang];
  return { service: serviceOf(ctx, state), lang, x, title: `${x.titles[kind]} № ${state.regNumber}` };
}

/** Who wrote the case's last event of this type, as its history keeps them. */
const writerOf = (state: CaseState, type: CaseState['history'][number]['type']) => state.history.findLast((h) => h.type === type)?.actor;

/**
 * The notice of the intended refusal (APC art. 73): what the office intends and why, and the day
 * and place where the applicant may give their position. Its reasons are one text in the
 * specialist's language, so it is printed in that language only, as the refusal is. Empty before
 * a notice.
 */
export function refusalNoticePapers(state: CaseState, ctx: PaperContext): Paper[] {
  const notice = state.refusalNotice;
  if (!notice) return [];
  const { service, lang, x, title } = oneLanguageLetter(state, ctx, notice.reasons, 'refusalNotice');
  const n = x.refusalNotice;
  const appliedOn = sentenceDate(localDateOf(state.registeredAt, ctx.offsetMinutes), lang, 'attr');
  const blocks: Block[] = [
    ...toApplicant(state, lang),
    { kind: 'title', text: title },
    { kind: 'paragraph', text: n.intro(service.names[lang], appliedOn, state.regNumber) },
    ...groundsAndReasons(service, notice.grounds, notice.reasons, lang),
    {
      kind: 'facts',
      rows: [
        [n.hearingOn, long(notice.hearingOn, lang)],
        [n.place, ctx.office.names[lang]],
      ],
    },
    { kind: 'paragraph', text: n.right },
    {
      kind: 'signatures',
      lines: [
        { position: x.staffPosition.specialist, name: writerOf(state, 'case.refusalNoticed')?.name ?? state.specialist?.name ?? '' },
        { position: n.received, name: state.applicant.name },
      ],
    },
  ];
  return [officeLetter(ctx, state, lang, title, localDateOf(notice.at, ctx.offsetMinutes), blocks)];
}

/**
 * The protocol of the hearing: who heard whom, when and where, on which notice, whether the
 * applicant came and what they said. The statement is the applicant's own words in their
 * language: a protocol that has one is printed in it alone. Empty before the hearing.
 */
export function hearingProtocolPapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const { refusalNotice: notice, hearing } = state;
  if (!notice || !hearing) return [];
  const service = serviceOf(ctx, state);
  const heardBy = writerOf(state, 'case.heard')?.name ?? state.specialist?.name ?? '';
  return (hearing.statement ? [writtenIn(hearing.statement)] : langs).map((lang) => {
    const x = PAPER_TEXTS[lang];
    const p = x.hearingProtocol;
    const title = `${x.titles.hearingProtocol} № ${state.regNumber}`;
    const blocks: Block[] = [
      { kind: 'title', text: title },
      { kind: 'paragraph', text: p.intro },
      {
        kind: 'facts',
        rows: [
          [p.heardOn, long(hearing.heardOn, lang)],
          [p.place, ctx.office.names[lang]],
          [p.heardBy, `${heardBy}, ${x.staffPosition.specialist.toLowerCase()}`],
          [x.receipt.applicant, state.applicant.name],
          [x.service, service.names[lang]],
          [p.application, `№ ${state.regNumber}, ${formatDate(localDateOf(state.registeredAt, ctx.offsetMinutes), lang, 'short')}`],
          [p.noticedOn, long(localDateOf(notice.at, ctx.offsetMinutes), lang)],
          [p.hearingOn, long(notice.hearingOn, lang)],
          [p.attendance, p.attended(hearing.attended)],
        ],
      },
      { kind: 'paragraph', text: `${p.grounds}:`, bold: true },
      ...groundLines(service, notice.grounds, lang),
      ...(hearing.statement
        ? [
            { kind: 'paragraph' as const, text: `${p.statement}:`, bold: true },
            { kind: 'paragraph' as const, text: hearing.statement },
          ]
        : [{ kind: 'paragraph' as const, text: p.noStatement }]),
      {
        kind: 'signatures',
        lines: [{ position: p.heardBy, name: heardBy }, ...(hearing.attended ? [{ position: p.applicantSigns, name: state.applicant.name }] : [])],
      },
    ];
    return officeLetter(ctx, state, lang, title, hearing.heardOn, blocks, p.drawnUpOn);
  });
}

/**
 * The letter that sends a defective package back to the centre that took it, with the reasons for
 * its return (seed 003: «қайтару себептерін негіздеумен орталыққа қайтарады»), signed by whoever
 * returned it. In the language of its reasons, as the refusal. Empty unless the case went back.
 */
export function returnLetterPapers(state: CaseState, ctx: PaperContext): Paper[] {
  const back = state.returnedToCentre;
  if (!back) return [];
  const { service, lang, x, title } = oneLanguageLetter(state, ctx, back.reasons, 'returnLetter');
  const r = x.returnLetter;
  const taken = state.package;
  const position = back.by.role === 'head' ? x.position[service.providerKind] : back.by.role === 'specialist' ? x.staffPosition.specialist : x.staffPosition.clerk;
  const blocks: Block[] = [
    { kind: 'paragraph', text: r.to[state.channel === 'mobile-centre' ? 'mobile-centre' : 'service-centre'], bold: true, align: 'right' },
    // The centre that took the package, where it goes back; its name is typed in one language, and a Russian page prints no Kazakh text.
    ...(taken && (lang === 'kk' || writtenIn(taken.place) === 'ru') ? [{ kind: 'paragraph' as const, text: taken.place, align: 'right' as const }] : []),
    { kind: 'title', text: title },
    { kind: 'paragraph', text: r.intro },
    {
      kind: 'facts',
      rows: [
        [x.receipt.applicant, state.applicant.name],
        [x.service, service.names[lang]],
        [taken ? r.takenAt : x.registeredAt, formatDateTime(taken?.takenAt ?? state.registeredAt, ctx.offsetMinutes)],
        [r.returnedAt, formatDateTime(back.at, ctx.offsetMinutes)],
      ],
    },
    { kind: 'paragraph', text: `${r.reasons}:`, bold: true },
    { kind: 'paragraph', text: back.reasons },
    { kind: 'paragraph', text: r.tellApplicant },
    {
      kind: 'signatures',
      lines: [
        { position, name: back.by.name },
        { position: r.received, name: '' },
      ],
    },
  ];
  return [officeLetter(ctx, state, lang, title, localDateOf(back.at, ctx.offsetMinutes), blocks)];
}

/**
 * The notice that the application was withdrawn at the applicant's request, in each language asked
 * (kk and ru, as the receipt): what was withdrawn, on whose request of which day, and that the
 * originals went back. The seeds give no form for it. Empty unless the case was withdrawn.
 */
export function withdrawalPapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const withdrawn = state.withdrawn;
  if (!withdrawn) return [];
  const service = serviceOf(ctx, state);
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const w = x.withdrawal;
    const title = `${x.titles.withdrawal} № ${state.regNumber}`;
    const blocks: Block[] = [
      ...toApplicant(state, lang),
      { kind: 'title', text: title },
      { kind: 'paragraph', text: w.intro(applicantIn(state, lang, 'gen'), sentenceDate(withdrawn.requestedOn, lang, 'attr')) },
      {
        kind: 'facts',
        rows: [
          [x.receipt.applicant, state.applicant.name],
          [x.service, service.names[lang]],
          [x.registeredAt, formatDateTime(state.registeredAt, ctx.offsetMinutes)],
          [w.requestedOn, long(withdrawn.requestedOn, lang)],
          [w.withdrawnAt, formatDateTime(withdrawn.at, ctx.offsetMinutes)],
        ],
      },
      { kind: 'paragraph', text: `${w.reason}:`, bold: true },
      { kind: 'paragraph', text: withdrawn.reason },
      { kind: 'paragraph', text: w.returnDocuments },
      {
        kind: 'signatures',
        lines: [
          { position: w.clerk, name: withdrawn.by.name },
          { position: w.received, name: state.representative?.name ?? state.applicant.name },
        ],
      },
    ];
    return officeLetter(ctx, state, lang, title, localDateOf(withdrawn.at, ctx.offsetMinutes), blocks);
  });
}

/** The applicant's receipt (қолхат): the number, what was received, and the day the result will be ready. */
export function receiptPapers(state: CaseState, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const service = serviceOf(ctx, state);
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const r = state.representative;
    const rows: (readonly [string, string])[] = [
      [x.receipt.applicant, state.applicant.name],
      ...(r ? [[x.receipt.representative, `${r.name}, № ${withoutNumberSign(r.poaNumber)}, ${formatDate(r.poaDate, lang, 'short')}, ${r.notary}`] as const] : []),
      [x.service, service.names[lang]],
      [x.receipt.channel, x.channels[state.channel] ?? state.channel],
      [x.registeredAt, formatDateTime(state.registeredAt, ctx.offsetMinutes)],
      [x.receipt.readyOn, long(localDateOf(state.termDueAt, ctx.offsetMinutes), lang)],
    ];
    const documents = state.documentsReceived.map((id, i) => [String(i + 1), service.documents.find((d) => d.id === id)?.names[lang] ?? id]);
    return {
      title: `${x.titles.receipt} № ${state.regNumber}`,
      office: ctx.office.names[lang],
      header: [`${x.regNumber}: ${state.regNumber}`, `${x.issuedOn}: ${long(localDateOf(state.registeredAt, ctx.offsetMinutes), lang)}`],
      blocks: [
        { kind: 'title', text: `${x.titles.receipt} № ${state.regNumber}` },
        { kind: 'paragraph', text: r ? x.receipt.representedIntro(r.name, applicantIn(state, lang, 'gen')) : x.receipt.intro(state.applicant.name) },
        { kind: 'facts', rows },
        { kind: 'table', columns: [{ title: x.columns.n, width: 1 }, { title: x.receipt.documents, width: 12 }], rows: documents },
        ...(state.consent ? [{ kind: 'paragraph' as const, text: x.receipt.consent(state.consent.by, state.consent.purpose[lang]) }] : []),
        {
          kind: 'signatures',
          lines: [
            { position: x.receipt.accepted, name: state.registeredBy.name },
            // The receipt goes to whoever filed: the representative, when one did.
            { position: x.receipt.handedTo, name: r?.name ?? state.applicant.name },
          ],
        },
      ],
      // Only the number: the receipt stays with the applicant, and anyone may read a QR code.
      seal: { qr: state.regNumber, caption: x.receipt.statusQr, sealPlace: null, small: true },
      footer: [],
    };
  });
}

/** What the application paper is printed from: the intake form as the clerk has it, registered or not. */
export interface ApplicationInput {
  serviceId: string;
  applicant: { name: string; address: string; phone: string; iin?: string };
  application: Record<string, FieldValue | undefined>;
  /** The day a child's age is counted on for «келісемін»: the application's day. */
  today: LocalDate;
}

/** A registered case's application, to print it again. */
export function caseApplication(state: CaseState, offsetMinutes: number): ApplicationInput {
  return { serviceId: state.serviceId, applicant: state.applicant, application: state.application as Record<string, FieldValue>, today: localDateOf(state.registeredAt, offsetMinutes) };
}

const BLANK = '____________________';

/**
 * The application in the seed's layout, filled from the intake form, for the applicant (both
 * parents, both spouses, the children over 10) to sign and write what the seed has them write by
 * hand. A value not given yet prints as a blank line to fill in by hand.
 */
export function applicationPapers(input: ApplicationInput, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const service = ctx.catalog.get(input.serviceId);
  const form = service && applicationPaperFor(service, input.application);
  if (!service || !form) return [];
  const fields = new Map(service.form.map((f) => [f.id, f]));
  const childrenField = form.children ? fields.get(form.children) : undefined;
  const consentAge = childrenField?.consentFromAge ?? DEFAULT_CONSENT_AGE;
  const consentAsked = !childrenField?.consentWhen || choiceHolds(childrenField.consentWhen, input.application);
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const a = x.application;
    const office = ctx.office.names[lang];
    // The applicant's address is one line typed in Kazakh: the Russian page writes it by rule.
    const address = input.applicant.address && (lang === 'ru' ? russianAddress(input.applicant.address) : input.applicant.address);
    const values: Record<string, FieldValue | undefined> = { ...input.application, to: input.applicant.name || undefined, address: address || undefined, phone: input.applicant.phone || undefined };
    const value = (id: string) => (id === 'office' ? office : values[id] === undefined ? undefined : paperValue(fields.get(id), values[id]!, lang, true));
    const date = (id: string, f: DateForm | undefined) => (typeof values[id] === 'string' ? sentenceDate(values[id] as string, lang, f) : undefined);
    const dates = new Set(service.form.filter((f) => f.type === 'date').map((f) => f.id));
    const forms = declinedForms({ text: form.text, fields: service.form }, values, { to: input.applicant.iin });
    const sex = input.applicant.iin ? validateIin(input.applicant.iin) : undefined;
    // kk «… бастығына / … мекенжайында тұратын / <name>»; ru «В … / от <genitive> / проживающего …».
    const who: Block = { kind: 'paragraph', text: input.applicant.name ? (lang === 'kk' ? input.applicant.name : `от ${declineName(input.applicant.name, 'ru', 'gen', sex?.ok ? sex.sex : null)}`) : BLANK, align: 'right', bold: true };
    const livingAt: Block = { kind: 'paragraph', text: a.livingAt(address || BLANK), align: 'right' };
    const blocks: Block[] = [
      { kind: 'paragraph', text: a.to(lang === 'kk' ? kazakhCase(office, 'gen') : office), align: 'right' },
      ...(lang === 'kk' ? [livingAt, who] : [who, livingAt]),
      { kind: 'paragraph', text: a.phone(input.applicant.phone || BLANK), align: 'right' },
      { kind: 'title', text: a.title },
      ...form.text[lang].map((t) => ({ kind: 'paragraph' as const, text: fillTemplate(t, lang, value, date, forms, dates, BLANK).text })),
    ];
    const children = Array.isArray(input.application[form.children ?? '']) ? (input.application[form.children!] as Child[]) : [];
    if (childrenField) {
      const c = x.columns;
      const rows = (children.length ? children : [undefined, undefined, undefined]).map((child, i) => {
        const ofAge = child && isLocalDate(child.birthDate) && ageOn(child.birthDate, input.today) >= consentAge;
        const mark = consentAsked && (!child || ofAge) ? '' : '—';
        return [String(i + 1), child ? paperValue(childrenField, [child], lang).replace(/^1\) /, '') : '', mark, mark];
      });
      blocks.push({
        kind: 'table',
        columns: [{ title: c.n, width: 1 }, { title: a.children, width: 9 }, ...(consentAsked ? [{ title: a.consent, width: 4 }, { title: a.signature, width: 2.4 }] : [])],
        rows: consentAsked ? rows : rows.map((r) => r.slice(0, 2)),
      });
    }
    for (const id of form.persons ?? []) {
      const field = fields.get(id)!;
      const person = input.application[id];
      blocks.push(
        { kind: 'paragraph', text: `${a.about(field.label[lang].replace(/\s*\(.*\)$/, ''))}: ${person ? paperValue(field, person, lang) : BLANK}` },
        { kind: 'signatures', lines: [{ position: a.signature, name: '' }] },
      );
    }
    for (const line of form.handwritten ?? []) {
      blocks.push({ kind: 'paragraph', text: `${a.byHand} «${line[lang]}»` }, { kind: 'paragraph', text: `${BLANK}${BLANK}${BLANK}` });
    }
    blocks.push({ kind: 'space', height: 8 }, { kind: 'paragraph', text: a.date }, { kind: 'signatures', lines: form.signers.map((s) => ({ position: s[lang], name: '' })) });
    // The applicant's own paper: no office heading, the addressee stands at the top right.
    return { title: `${a.title}: ${service.names[lang]}`, office: '', header: [], blocks, footer: [] };
  });
}

const documentName = (state: CaseState, service: Service | undefined, lang: PaperLanguage) => {
  const x = PAPER_TEXTS[lang];
  if (state.draft?.outcome === 'refusal') return x.titles.refusal;
  const variant = state.draft?.outcome === 'result' ? resultVariant(service!, state.draft.variant) : undefined;
  return variant ? variant.names[lang] : '—';
};

/** The act the State Corporation's courier signs for the results they take (SERVICES.md, stage 5). */
export function courierActPapers(cases: readonly CaseState[], courier: string, clerk: string, on: LocalDate, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const rows = cases.map((c, i) => [
      String(i + 1),
      c.regNumber,
      c.applicant.name,
      ctx.catalog.get(c.serviceId)?.names[lang] ?? c.serviceId,
      documentName(c, ctx.catalog.get(c.serviceId), lang),
      c.seal ? formatDate(localDateOf(c.seal.signedAt, ctx.offsetMinutes), lang, 'short') : '—',
    ]);
    const c = x.columns;
    return {
      title: x.titles.courierAct,
      office: ctx.office.names[lang],
      header: [`${x.issuedOn}: ${long(on, lang)}`],
      blocks: [
        { kind: 'title', text: x.titles.courierAct },
        { kind: 'paragraph', text: x.courierAct.intro(courier, lang === 'kk' ? sentenceDate(on, lang, 'loc') : long(on, lang)) },
        {
          kind: 'table',
          columns: [
            { title: c.n, width: 1.1 },
            { title: c.regNumber, width: 6.2 },
            { title: c.applicant, width: 4 },
            { title: c.service, width: 5.5 },
            { title: c.document, width: 3.8 },
            { title: c.signed, width: 3 },
          ],
          rows,
        },
        { kind: 'paragraph', text: x.courierAct.total(cases.length), bold: true },
        {
          kind: 'signatures',
          lines: [
            { position: x.courierAct.handedOver, name: clerk },
            { position: x.courierAct.received, name: courier },
          ],
        },
      ],
      footer: [],
    };
  });
}

/**
 * The crew's report after a field trip: per settlement, the applications taken, the results
 * handed over and those still to deliver, then each application with what was done.
 */
export function tripReportPapers(trip: Trip, stops: readonly TripStop[], ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const { from, to } = tripDays(trip);
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const r = x.tripReport;
    const sum = (pick: (s: TripStop) => unknown[]) => String(stops.reduce((n, s) => n + pick(s).length, 0));
    const summary = stops.map((s, i) => [
      String(i + 1),
      s.place,
      s.days.length ? s.days.map((d) => formatDate(d, lang, 'short')).join(', ') : r.offPlan,
      String(s.taken.length),
      String(s.handedOver.length),
      String(s.toDeliver.length),
    ]);
    const detail = stops.flatMap((s) => [
      ...s.taken.map((c) => [c, s.place, r.tookOn(formatDateTime(c.package!.takenAt, ctx.offsetMinutes))] as const),
      ...s.handedOver.map((c) => [c, s.place, r.gaveOn(formatDate(c.handover!.handedOverOn, lang, 'short'))] as const),
    ]);
    const c = x.columns;
    return {
      title: `${x.titles.tripReport}: ${formatDate(from, lang, 'short')} — ${formatDate(to, lang, 'short')}`,
      office: ctx.office.names[lang],
      header: [],
      blocks: [
        { kind: 'title', text: x.titles.tripReport },
        { kind: 'paragraph', text: r.intro(trip.operator.name, long(from, lang), long(to, lang)) },
        {
          kind: 'table',
          columns: [
            { title: c.n, width: 1.1 },
            { title: r.settlement, width: 5 },
            { title: r.days, width: 3.4 },
            { title: r.taken, width: 3 },
            { title: r.handedOver, width: 3 },
            { title: r.toDeliver, width: 3 },
          ],
          rows: [...summary, ['', r.total, '', sum((s) => s.taken), sum((s) => s.handedOver), sum((s) => s.toDeliver)]],
        },
        ...(detail.length
          ? [
              {
                kind: 'table' as const,
                columns: [
                  { title: c.n, width: 1.1 },
                  { title: c.regNumber, width: 5.6 },
                  { title: c.applicant, width: 4.2 },
                  { title: c.service, width: 5 },
                  { title: r.settlement, width: 3.4 },
                  { title: r.what, width: 4.2 },
                ],
                rows: detail.map(([k, place, what], i) => [String(i + 1), k.regNumber, k.applicant.name, ctx.catalog.get(k.serviceId)?.names[lang] ?? k.serviceId, place, what]),
              },
            ]
          : []),
        { kind: 'signatures', lines: [{ position: r.crew, name: trip.operator.name }] },
      ],
      footer: [],
    };
  });
}

export type JournalKind = 'incoming' | 'outgoing';

/** Who took a result, and as whom when not the applicant in person. */
function recipientText(recipient: Recipient, lang: PaperLanguage): string {
  return recipient.kind === 'applicant' ? recipient.name : `${recipient.name} (${PAPER_TEXTS[lang].journal.by[recipient.kind]})`;
}

/** Whether a case belongs in the journal for the period: registered in it (incoming) or signed in it (outgoing). */
export function inJournal(state: CaseState, kind: JournalKind, from: LocalDate, to: LocalDate, offsetMinutes: number): boolean {
  const at = kind === 'incoming' ? (registeredByOffice(state) ? state.registeredAt : undefined) : state.seal?.signedAt;
  if (!at) return false;
  const day = localDateOf(at, offsetMinutes);
  return day >= from && day <= to;
}

/**
 * The incoming documents journal (кіріс құжаттар журналы: what was registered) or the outgoing
 * one (the results and refusals signed) for a period, oldest first.
 */
export function journalPapers(kind: JournalKind, cases: readonly CaseState[], from: LocalDate, to: LocalDate, ctx: PaperContext, langs: readonly PaperLanguage[]): Paper[] {
  const entries = cases
    .filter((s) => inJournal(s, kind, from, to, ctx.offsetMinutes))
    .sort((a, b) => (kind === 'incoming' ? a.registeredAt.localeCompare(b.registeredAt) : a.seal!.signedAt.localeCompare(b.seal!.signedAt)));
  return langs.map((lang) => {
    const x = PAPER_TEXTS[lang];
    const c = x.columns;
    const short = (instant: string) => formatDate(localDateOf(instant, ctx.offsetMinutes), lang, 'short');
    const service = (s: CaseState) => ctx.catalog.get(s.serviceId)?.names[lang] ?? s.serviceId;
    const table: Extract<Block, { kind: 'table' }> =
      kind === 'incoming'
        ? {
            kind: 'table',
            columns: [
              { title: c.n, width: 1.2 },
              { title: c.regNumber, width: 5.2 },
              { title: c.registered, width: 3.2 },
              { title: c.applicant, width: 4.5 },
              { title: c.service, width: 6.5 },
              { title: c.channel, width: 2.6 },
              { title: c.dueOn, width: 3.2 },
              { title: c.specialist, width: 4 },
              { title: c.outcome, width: 3.2 },
            ],
            rows: entries.map((s, i) => [
              String(i + 1),
              s.regNumber,
              short(s.registeredAt),
              s.representative ? `${s.applicant.name} (${x.journal.representedBy(s.representative.name)})` : s.applicant.name,
              service(s),
              x.channels[s.channel] ?? s.channel,
              short(s.termDueAt),
              s.specialist?.name ?? '—',
              x.outcome[outcomeOf(s) ?? 'open'],
            ]),
          }
        : {
            kind: 'table',
            columns: [
              { title: c.n, width: 1.2 },
              { title: c.regNumber, width: 5.2 },
              { title: c.signed, width: 3.2 },
              { title: c.document, width: 5 },
              { title: c.applicant, width: 4.5 },
              { title: c.service, width: 6 },
              { title: c.validUntil, width: 3.2 },
              { title: c.handedOver, width: 5 },
            ],
            rows: entries.map((s, i) => [
              String(i + 1),
              s.regNumber,
              short(s.seal!.signedAt),
              documentName(s, ctx.catalog.get(s.serviceId), lang),
              s.applicant.name,
              service(s),
              s.validUntil ? formatDate(s.validUntil, lang, 'short') : '—',
              s.handover ? `${recipientText(s.handover.recipient, lang)}, ${formatDate(s.handover.handedOverOn, lang, 'short')}` : '—',
            ]),
          };
    const title = kind === 'incoming' ? x.titles.incomingJournal : x.titles.outgoingJournal;
    return {
      title,
      office: ctx.office.names[lang],
      header: [x.journal.period(long(from, lang), long(to, lang))],
      blocks: [{ kind: 'title', text: title }, ...(entries.length ? [table] : [{ kind: 'paragraph' as const, text: x.journal.none }])],
      footer: [],
      landscape: true,
    };
  });
}
