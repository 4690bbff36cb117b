import { describe, expect, it } from 'vitest';
import { checkForm, formProblems, validateIin, type FormField } from '../../shared';
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
