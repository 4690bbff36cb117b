import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { applicationsPerPeriod, applicationsReport, compareKazakh, formatNumber, outcomesReport, percent, stepsReport, timeSpent } from '../../shared';
import { SAMPLES } from '../../shared/samples';
import { xlsxOf, type ReportTable } from '../../renderer/app/exports';
import { allChecked, calendar, catalog, device, intakeCommand, resultDraft, sealFor } from './fixtures';

const visa = (caseId: string) => ({ type: 'visa', caseId, resolution: 'Орындалсын', specialistId: 'u-spec' });
const s6 = SAMPLES['tvet-dormitory-referral']!;

/**
 * Four applications: a guardianship certificate given on time (Tue–Fri), a centre's package the
 * head returned late, a dormitory referral refused late, and an October one still at the visa.
 */
async function office() {
  const d = device();
  d.run({ ...intakeCommand, channel: 'portal' }, 'u-clerk', '2026-11-24T05:00:00.000Z');
  d.run(visa('case-1'), 'u-head', '2026-11-24T05:10:00.000Z');
  d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec', '2026-11-26T05:00:00.000Z');
  d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!, '2026-11-27T05:05:00.000Z') }, 'u-head', '2026-11-27T05:05:00.000Z');
  d.run({ type: 'handover', caseId: 'case-1', recipient: { kind: 'applicant', name: 'Сәуле Жұмабекова' }, handedOverOn: '2026-11-27' }, 'u-clerk', '2026-11-27T06:00:00.000Z');
  d.run({ ...intakeCommand, caseId: 'case-2', channel: 'service-centre' }, 'u-clerk', '2026-11-24T05:30:00.000Z');
  d.run({ type: 'returnToCentre', caseId: 'case-2', reasons: 'Құжат оқылмайды' }, 'u-head', '2026-11-24T06:00:00.000Z');
  d.run({ type: 'intake', caseId: 'case-3', serviceId: 'tvet-dormitory-referral', channel: 'office', applicant: s6.applicant, application: s6.application, documentsReceived: s6.documents, consent: true }, 'u-clerk', '2026-11-24T06:00:00.000Z');
  d.run(visa('case-3'), 'u-head', '2026-11-24T06:30:00.000Z');
  d.run({ type: 'review', caseId: 'case-3', documentChecks: {}, draft: { outcome: 'refusal', grounds: ['noPlaces'], reasons: 'Орын жоқ' } }, 'u-spec', '2026-12-30T05:00:00.000Z');
  d.run({ type: 'sign', caseId: 'case-3', seal: await sealFor(d.states.get('case-3')!, '2026-12-30T06:00:00.000Z') }, 'u-head', '2026-12-30T06:00:00.000Z');
  d.run({ ...intakeCommand, caseId: 'case-4', channel: 'portal' }, 'u-clerk', '2026-10-15T05:00:00.000Z');
  return [...d.states.values()];
}

describe('the head’s reports', () => {
  it('count applications by service, channel and month, every month of the period shown, or every year of a long one', async () => {
    const rows = applicationsReport(await office(), 300);
    expect(rows).toEqual([
      { serviceId: 'guardianship-certificate', channel: 'portal', month: '2026-10', count: 1 },
      { serviceId: 'guardianship-certificate', channel: 'portal', month: '2026-11', count: 1 },
      { serviceId: 'guardianship-certificate', channel: 'service-centre', month: '2026-11', count: 1 },
      { serviceId: 'tvet-dormitory-referral', channel: 'office', month: '2026-11', count: 1 },
    ]);
    const months = applicationsPerPeriod(rows, '2026-09-15', '2027-01-10');
    expect(months.totals).toEqual([
      { period: '2026-09', count: 0 },
      { period: '2026-10', count: 1 },
      { period: '2026-11', count: 3 },
      { period: '2026-12', count: 0 },
      { period: '2027-01', count: 0 },
    ]);
    // Five years a month a column would be 60 columns: by year instead.
    const years = applicationsPerPeriod(rows, '2022-01-01', '2026-12-31');
    expect(years.unit).toBe('year');
    expect(years.of('2026-11')).toBe('2026');
    expect(years.totals).toEqual([2022, 2023, 2024, 2025, 2026].map((y) => ({ period: String(y), count: y === 2026 ? 4 : 0 })));
    expect(applicationsPerPeriod(rows, '2025-01-01', '2026-12-31').unit).toBe('month');
  });

  it('count results against refusals once signed, whether handed over or not, with the grounds of refusal', async () => {
    const { rows, grounds } = outcomesReport(await office());
    expect(rows).toEqual([
      { serviceId: 'guardianship-certificate', registered: 3, results: 1, refusals: 0, returnedToCentre: 1, withdrawn: 0, open: 1 },
      { serviceId: 'tvet-dormitory-referral', registered: 1, results: 0, refusals: 1, returnedToCentre: 0, withdrawn: 0, open: 0 },
    ]);
    expect(grounds).toEqual([{ serviceId: 'tvet-dormitory-referral', groundId: 'noPlaces', count: 1 }]);
  });

  it('measure each step against the plan and the regulation, and each specialist’s reviews', async () => {
    const { steps, specialists } = stepsReport(await office(), catalog, calendar, 300);
    const step = (serviceId: string, stepId: string) => steps.find((r) => r.serviceId === serviceId && r.stepId === stepId);
    // Visa: 10 minutes on time; the returned package's visa took 30 minutes against 20.
    expect(step('guardianship-certificate', 'visa')).toEqual({ serviceId: 'guardianship-certificate', stepId: 'visa', duration: { amount: 20, unit: 'minutes' }, finished: 2, onTime: 1, averageSpent: 20 });
    // Review and signing: Wed, Thu, Fri after Tuesday's visa, in 3 working days.
    expect(step('guardianship-certificate', 'review')).toMatchObject({ finished: 1, onTime: 1, averageSpent: 3 });
    expect(step('guardianship-certificate', 'handover')).toMatchObject({ finished: 1, onTime: 1, averageSpent: 55 });
    expect(step('tvet-dormitory-referral', 'review')).toMatchObject({ finished: 1, onTime: 0 });
    // The October case waits at the visa: its visa is not counted as finished.
    expect(step('guardianship-certificate', 'intake')).toMatchObject({ finished: 3, onTime: 3 });
    expect(specialists).toEqual([{ userId: 'u-spec', name: expect.any(String), finished: 2, onTime: 1 }]);
  });

  it('count days as the deadlines do: after the day the step started, working days skipping weekends', () => {
    // Friday to Tuesday: Monday and Tuesday are working days; four calendar days.
    expect(timeSpent('2026-11-20T05:00:00.000Z', '2026-11-24T05:00:00.000Z', 'workingDays', calendar, 300)).toBe(2);
    expect(timeSpent('2026-11-20T05:00:00.000Z', '2026-11-24T05:00:00.000Z', 'calendarDays', calendar, 300)).toBe(4);
    expect(timeSpent('2026-11-20T05:00:00.000Z', '2026-11-20T05:45:00.000Z', 'minutes', calendar, 300)).toBe(45);
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBeNull();
  });
});

describe('Kazakh as Chromium does not know it', () => {
  it('sorts in the Kazakh alphabet: Ә after А, Ғ after Г, Қ after К, Ұ before Ү, І after Ы, Һ after Х', () => {
    const names = ['Ілияс', 'Ыбырай', 'Үміт', 'Ұлан', 'Уәли', 'Һәкім', 'Хасен', 'Қайрат', 'Кәрім', 'Ғалым', 'Гүлнар', 'Әлия', 'Айгүл', 'Яна', 'Anna'];
    expect([...names].sort(compareKazakh)).toEqual(['Айгүл', 'Әлия', 'Гүлнар', 'Ғалым', 'Кәрім', 'Қайрат', 'Уәли', 'Ұлан', 'Үміт', 'Хасен', 'Һәкім', 'Ыбырай', 'Ілияс', 'Яна', 'Anna']);
    expect(compareKazakh('әлия', 'ӘЛИЯ')).toBe(0);
    expect(compareKazakh('Ай', 'Айгүл')).toBeLessThan(0);
  });

  it('writes numbers with a space between thousands and a decimal comma in kk and ru', () => {
    expect(formatNumber(1234567.25, 'kk', 1)).toBe('1\u00a0234\u00a0567,3');
    expect(formatNumber(1234, 'ru')).toBe('1\u00a0234');
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatNumber(-2.5, 'kk', 1)).toBe('−2,5');
    expect(formatNumber(999, 'kk')).toBe('999');
  });
});

describe('a report as XLSX', () => {
  it('reads back in another spreadsheet library as the screen shows it: a sheet per table, named in the reader\'s language, numbers as numbers', async () => {
    const long = 'Қызметтер, арналар және айлар бойынша өтініштер: [2026]';
    const tables: ReportTable[] = [
      { name: 'applications', sheet: long, title: 'Өтініштер', header: ['Қызмет', 'Барлығы'], rows: [['Қорғаншылық', 12], ['Жатақхана', 3.5]] },
      { name: 'second', sheet: long, title: 'Екінші', header: ['Маман'], rows: [] },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'kense-')), 'report.xlsx');
    writeFileSync(file, await xlsxOf(tables));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const [first, second] = book.worksheets;
    expect(first!.name).toBe('Қызметтер, арналар және айла');
    expect(second!.name).toBe('Қызметтер, арналар және айла 2');
    expect(first!.getCell('A1').value).toBe('Өтініштер');
    expect([first!.getCell('A3').value, first!.getCell('B3').value]).toEqual(['Қызмет', 'Барлығы']);
    expect([first!.getCell('A4').value, first!.getCell('B4').value, first!.getCell('B5').value]).toEqual(['Қорғаншылық', 12, 3.5]);
    expect(second!.getCell('A3').value).toBe('Маман');
  });
});
