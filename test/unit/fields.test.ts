import { describe, expect, it } from 'vitest';
import { APPLICANT_FIELDS, checkForm, dateBounds, formProblems, MAX_EVENT_TEXT, MAX_LENGTH, parseService, phoneNumber, validateIin, type FormField } from '../../shared';
import { iinFor } from '../../shared';
import { catalog } from './fixtures';

const TODAY = '2026-11-24';
const form = (id: string) => catalog.get(id)!.form;
const codes = (fields: readonly FormField[], values: Record<string, unknown>) =>
  formProblems(fields, values, 'application', TODAY).problems.map((p) => `${p.code} ${p.params.field}`);

describe('validateIin', () => {
  it('gives the birth date and sex an IIN encodes', () => {
    expect(validateIin('871008401427')).toEqual({ ok: true, birthDate: '1987-10-08', sex: 'female' });
    expect(validateIin('061211600012')).toEqual({ ok: true, birthDate: '2006-12-11', sex: 'female' });
    expect(validateIin('871008401428')).toEqual({ ok: false, reason: 'checksum' });
  });
});

describe('IIN cross-checks', () => {
  const s1 = form('guardianship-certificate');
  const base = { relationship: { kk: 'апасы', ru: 'тётей' }, akimOf: { kk: 'Павлодар қаласы', ru: 'города Павлодара' }, childName: 'Әлихан', childBirthDate: '2015-03-14', guardianshipKind: 'guardianship', decisionNumber: '1', decisionDate: '2026-10-01' };

  it('accepts an IIN that agrees with the birth date on the form', () => {
    expect(codes(s1, { ...base, childIin: iinFor('2015-03-14', 'male') })).toEqual([]);
  });

  it('refuses an IIN whose birth date is not the form’s, saying which date the IIN gives', () => {
    const { problems } = formProblems(s1, { ...base, childIin: iinFor('2015-03-15', 'male') }, 'application', TODAY);
    expect(problems.map((p) => [p.code, p.params])).toEqual([['iin.birthDateMismatch', { field: 'application.childIin', birthDate: '2015-03-15' }]]);
  });

  it('refuses an IIN whose sex is not the form’s', () => {
    const s5 = form('adoption-candidate-registration');
    const values = { maritalStatus: 'married', spouseName: 'Е', spouseIin: '760212350620', spouseBirthDate: '1976-02-12', residence: { locality: 'a', street: 'b', house: '1' } };
    expect(codes(s5, { ...values, spouseSex: 'male' })).toEqual([]);
    expect(codes(s5, { ...values, spouseSex: 'female' })).toEqual(['iin.sexMismatch application.spouseIin']);
  });

  it('checks the IIN inside a person against the person’s birth date', () => {
    const s4 = form('foster-care-placement');
    const values = { residence: { locality: 'a', street: 'b', house: '1' }, employment: 'x' };
    expect(codes(s4, { ...values, child: { name: 'Н', iin: iinFor('2016-07-20', 'male'), birthDate: '2016-07-21' } })).toEqual(['iin.birthDateMismatch application.child.iin']);
    expect(codes(s4, { ...values, child: { name: 'Н', iin: '160720500010', birthDate: '2016-07-20' } })).toEqual(['iin.invalid application.child.iin']);
  });
});

describe('composite fields', () => {
  const s2 = form('minors-deposits-certificate');
  const child = (birthDate: string, extra: object = {}) => ({ name: 'Бала', birthDate, birthCertificate: 'І-ПВ 1', ...extra });
  const parent = (name: string) => ({ name, document: '№ 012345678, ІІМ, 12.03.2015' });
  const base = { purpose: 'bank', bankName: { kk: 'Halyk', ru: 'Halyk' }, depositAction: { kk: 'шартты бұзу', ru: 'расторжение договора' }, father: parent('Ерлан'), mother: parent('Сәуле') };

  it('keeps an address’s Russian wording only where the clerk changed what the rule gives', () => {
    const s1 = catalog.get('guardianship-certificate')!.results[0]!.fields.filter((f) => f.id === 'holderAddress');
    const application = checkForm(s1, { holderAddress: { locality: 'Павлодар қаласы', street: 'Қайырбаев көшесі', house: '12', localityRu: 'г. Павлодар', streetRu: 'ул. Кайырбаева' } }, 'application', TODAY);
    expect(application.holderAddress).toEqual({ locality: 'Павлодар қаласы', street: 'Қайырбаев көшесі', house: '12', streetRu: 'ул. Кайырбаева' });
  });

  it('needs at least one child in a required list, and each child’s name, birth date and certificate', () => {
    expect(codes(s2, { ...base, children: [] })).toEqual(['field.required application.children']);
    expect(codes(s2, { ...base, children: [{ name: 'Бала' }] })).toEqual(['field.required application.children.0.birthDate', 'field.required application.children.0.birthCertificate']);
  });

  it('needs the written consent of a child of ten or more on the application day', () => {
    // Ten on 24 November 2026 exactly.
    expect(codes(s2, { ...base, children: [child('2016-11-24')] })).toEqual(['children.consentRequired application.children.0.consent']);
    expect(codes(s2, { ...base, children: [child('2016-11-24', { consent: true })] })).toEqual([]);
    // Ten tomorrow: no consent needed yet.
    expect(codes(s2, { ...base, children: [child('2016-11-25')] })).toEqual([]);
  });

  it('drops empty lines of the list and keeps the consent only where given', () => {
    const clean = checkForm(s2, { ...base, children: [child('2018-01-01'), { name: ' ', birthDate: '' }] }, 'application', TODAY);
    expect(clean.children).toEqual([{ name: 'Бала', birthDate: '2018-01-01', birthCertificate: 'І-ПВ 1' }]);
  });

  it('asks a conditional field only while its choice holds, and drops a value left from another choice', () => {
    expect(codes(s2, { purpose: 'pensionFund', children: [child('2018-01-01')] })).toEqual([
      'field.required application.deceased',
      'field.required application.deathCertificateNumber',
      'field.required application.deathCertificateDate',
      'field.required application.inheritanceBasis',
      'field.required application.inheritanceDate',
      'field.required application.notary',
      'field.required application.notaryLicenceNumber',
      'field.required application.notaryLicenceDate',
      'field.required application.fundName',
    ]);
    const clean = checkForm(s2, { ...base, children: [child('2018-01-01')], fundName: { kk: 'left from pension', ru: 'x' } }, 'application', TODAY);
    expect(clean).not.toHaveProperty('fundName');
  });

  it('needs the street, house and locality of an address that is asked for, the apartment being optional', () => {
    const s3 = form('minors-property-certificate');
    const problems = codes(s3, { propertyAddress: { locality: 'Павлодар', street: '', house: '' } }).filter((c) => c.includes('propertyAddress'));
    expect(problems).toEqual(['field.required application.propertyAddress.street', 'field.required application.propertyAddress.house']);
  });

  it('asks «келісемін» and both parents only on the bank application, whose form has them (seed 003)', () => {
    const vehicle = { purpose: 'vehicle', vehicle: 'Toyota', vehicleTransaction: { kk: 'сатуға', ru: 'продажу' } };
    expect(codes(s2, { ...vehicle, children: [child('2012-01-01')] })).toEqual([]);
    const { father: _f, mother: _m, ...noParents } = base;
    expect(codes(s2, { ...noParents, children: [child('2012-01-01')] })).toEqual([
      'children.consentRequired application.children.0.consent',
      'field.required application.father',
      'field.required application.mother',
    ]);
  });

  it('needs both languages of a bilingual text, since each paper prints its own', () => {
    expect(codes(s2, { ...base, children: [child('2018-01-01')], bankName: { kk: 'Халық банкі', ru: ' ' } })).toEqual(['field.required application.bankName.ru']);
  });

  it('refuses a field the form does not have', () => {
    expect(codes(s2, { ...base, children: [child('2018-01-01')], colour: 'red' })).toEqual(['field.invalid application.colour']);
  });
});

describe('bounds on what a person types (issue 24)', () => {
  const s1 = form('guardianship-certificate');
  const s2 = form('minors-deposits-certificate');
  const s4 = form('foster-care-placement');
  const guardianship = { relationship: { kk: 'апасы', ru: 'тётей' }, akimOf: { kk: 'Павлодар қаласы', ru: 'города Павлодара' }, childName: 'Әлихан', childBirthDate: '2015-03-14', guardianshipKind: 'guardianship', decisionNumber: '1', decisionDate: '2026-10-01' };
  const applicant = { name: 'Сәуле Жұмабекова', iin: '871008401427', address: 'Павлодар қ., Қайырбаев к-сі, 12', phone: '+7 701 123 45 67' };
  const problems = (fields: readonly FormField[], values: Record<string, unknown>, prefix = 'application') => formProblems(fields, values, prefix, TODAY).problems.map((p) => [p.code, p.params]);
  const bank = { purpose: 'vehicle', vehicle: 'Toyota', vehicleTransaction: { kk: 'сатуға', ru: 'продажу' } };
  const child = (birthDate: string) => ({ name: 'Бала', birthDate, birthCertificate: 'І-ПВ 1' });

  it('takes a line of 200 characters, a Kazakh letter counting as one, and refuses 20,000 saying how many it takes', () => {
    expect(problems(APPLICANT_FIELDS, { ...applicant, name: 'Ә'.repeat(MAX_LENGTH.line) }, 'applicant')).toEqual([]);
    expect(problems(APPLICANT_FIELDS, { ...applicant, name: 'Ә'.repeat(20_000) }, 'applicant')).toEqual([['field.tooLong', { field: 'applicant.name', max: 200, length: 20_000 }]]);
    expect(problems(APPLICANT_FIELDS, { ...applicant, address: 'x'.repeat(201) }, 'applicant')).toEqual([['field.tooLong', { field: 'applicant.address', max: 200, length: 201 }]]);
  });

  it('bounds every part of a composite field, a bilingual text at 1,000 and a paragraph at 2,000', () => {
    expect(problems(s1, { ...guardianship, akimOf: { kk: 'қ'.repeat(1000), ru: 'г'.repeat(1001) } })).toEqual([['field.tooLong', { field: 'application.akimOf.ru', max: 1000, length: 1001 }]]);
    expect(problems(s4, { residence: { locality: 'a', street: 'b'.repeat(201), house: '1' }, employment: 'x', child: { name: 'Н', birthDate: '2016-07-20' } })).toEqual([
      ['field.tooLong', { field: 'application.residence.street', max: 200, length: 201 }],
    ]);
    const s5 = form('adoption-candidate-registration');
    const single = { maritalStatus: 'single', residence: { locality: 'a', street: 'b', house: '1' } };
    expect(problems(s5, { ...single, wishes: 'w'.repeat(MAX_LENGTH.paragraph) })).toEqual([]);
    expect(problems(s5, { ...single, wishes: 'w'.repeat(2001) })).toEqual([['field.tooLong', { field: 'application.wishes', max: 2000, length: 2001 }]]);
    // The rulebook's cap is far above every form's, so that events older versions wrote stay valid (rulebook.ts).
    expect(MAX_EVENT_TEXT).toBeGreaterThan(20 * MAX_LENGTH.paragraph);
  });

  it('takes a Kazakhstan phone however it is typed and keeps it as +7 7XX XXX XX XX; refuses another, naming the format', () => {
    for (const typed of ['87011234567', '+7 (701) 123-45-67', '+77011234567', '8 7182 32 45 67']) expect(phoneNumber(typed)).toMatch(/^\+7 7\d\d \d{3} \d\d \d\d$/);
    expect(checkForm(APPLICANT_FIELDS, { ...applicant, phone: '8 (701) 123-45-67' }, 'applicant', TODAY).phone).toBe('+7 701 123 45 67');
    for (const phone of ['12345', '+7 901 123 45 67', '+1 701 123 45 67', '8701123456', '+7 701 123 45 678']) {
      expect(problems(APPLICANT_FIELDS, { ...applicant, phone }, 'applicant')).toEqual([['phone.invalid', { field: 'applicant.phone', format: '+7 7XX XXX XX XX' }]]);
    }
  });

  it('refuses a birth date in the future, in a date field, a person, a children list and an IIN', () => {
    expect(problems(s1, { ...guardianship, childBirthDate: '2027-05-01' })).toEqual([['date.birthInFuture', { field: 'application.childBirthDate' }]]);
    expect(problems(s2, { ...bank, children: [child('2026-11-25')] })).toEqual([['date.birthInFuture', { field: 'application.children.0.birthDate' }]]);
    expect(problems(s2, { ...bank, children: [child('2026-11-24')] })).toEqual([]);
    const residence = { locality: 'a', street: 'b', house: '1' };
    expect(problems(s4, { residence, employment: 'x', child: { name: 'Н', birthDate: '2016-07-20' }, spouse: { name: 'Е', birthDate: '2030-01-01' } })).toEqual([['date.birthInFuture', { field: 'application.spouse.birthDate' }]]);
    // An IIN typed without a birth date carries its own: 270501 with 5 reads as 1 May 2027.
    const future = iinFor('2027-05-01', 'male');
    expect(problems(s4, { residence, employment: 'x', child: { name: 'Н', iin: future } })).toEqual([['date.birthInFuture', { field: 'application.child.iin' }]]);
    expect(problems(APPLICANT_FIELDS, { ...applicant, iin: future }, 'applicant')).toEqual([['date.birthInFuture', { field: 'applicant.iin' }]]);
  });

  it('refuses a date before 1900 or after 2099, and a decision dated after the application', () => {
    expect(problems(s1, { ...guardianship, decisionDate: '1899-12-31' })).toEqual([['date.outOfRange', { field: 'application.decisionDate', earliest: '1900-01-01', latest: '2099-12-31' }]]);
    expect(problems(s2, { ...bank, children: [child('0202-03-04')] })).toEqual([['date.outOfRange', { field: 'application.children.0.birthDate', earliest: '1900-01-01', latest: '2099-12-31' }]]);
    expect(problems(s1, { ...guardianship, decisionDate: '2026-11-25' })).toEqual([['date.inFuture', { field: 'application.decisionDate' }]]);
    expect(problems(s1, { ...guardianship, decisionDate: TODAY })).toEqual([]);
  });

  it('takes a minor only under 18 on the day, saying from which birth date, in a date field, a children list and a person', () => {
    // Eighteen on 24 November 2026 exactly: no longer a minor; a day younger still is.
    expect(problems(s1, { ...guardianship, childBirthDate: '2008-11-24' })).toEqual([['date.ageTooHigh', { field: 'application.childBirthDate', age: 18, earliest: '2008-11-25' }]]);
    expect(problems(s1, { ...guardianship, childBirthDate: '2008-11-25' })).toEqual([]);
    expect(dateBounds({ dateIs: 'birth', ageUnder: 18 }, TODAY)).toEqual({ earliest: '2008-11-25', latest: TODAY });
    expect(dateBounds({}, TODAY)).toEqual({ earliest: '1900-01-01', latest: '2099-12-31' });
    // Born on a leap day: not yet 18 on 28 February 2026. The bound the date picker offers is the rule's.
    expect(dateBounds({ dateIs: 'birth', ageUnder: 18 }, '2026-02-28')).toEqual({ earliest: '2008-02-29', latest: '2026-02-28' });
    const onLeapEve = (childBirthDate: string) => formProblems(s1, { ...guardianship, childBirthDate, decisionDate: '2026-02-01' }, 'application', '2026-02-28').problems.map((p) => p.code);
    expect([onLeapEve('2008-02-28'), onLeapEve('2008-02-29')]).toEqual([['date.ageTooHigh'], []]);
    expect(problems(s2, { ...bank, children: [child('2000-01-01')] })[0]).toEqual(['date.ageTooHigh', { field: 'application.children.0.birthDate', age: 18, earliest: '2008-11-25' }]);
    const residence = { locality: 'a', street: 'b', house: '1' };
    expect(problems(s4, { residence, employment: 'x', child: { name: 'Н', iin: iinFor('2005-01-01', 'male') } })).toEqual([['date.ageTooHigh', { field: 'application.child.iin', age: 18, earliest: '2008-11-25' }]]);
    // Parents are not minors: the age rule is the catalog's, per field.
    expect(problems(s4, { residence, employment: 'x', child: { name: 'Н', birthDate: '2016-07-20' }, spouse: { name: 'Е', birthDate: '1950-01-01' } })).toEqual([]);
  });

  it('takes at most 30 children on a list', () => {
    expect(problems(s2, { ...bank, children: Array.from({ length: 30 }, () => child('2018-01-01')) })).toEqual([]);
    expect(problems(s2, { ...bank, children: Array.from({ length: 31 }, () => child('2018-01-01')) })).toEqual([['field.tooMany', { field: 'application.children', max: 30 }]]);
  });

  it('lets a service file put the age and date rules only where they mean something', () => {
    const file = JSON.parse(JSON.stringify(catalog.get('guardianship-certificate')));
    const withField = (field: object) => ({ ...file, form: [...file.form, { id: 'extra', label: { kk: 'a', ru: 'a', en: 'a' }, required: false, ...field }] });
    expect(() => parseService('s.json', withField({ type: 'text', dateIs: 'past' }))).toThrow(/dateIs/);
    expect(() => parseService('s.json', withField({ type: 'date', ageUnder: 18 }))).toThrow(/ageUnder/);
    expect(() => parseService('s.json', withField({ type: 'date', dateIs: 'birth', ageUnder: 18 }))).not.toThrow();
  });
});
