import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { actAs, draftResult, enrolHead, fillDate, giveVisa, offline, openFromWorklist, people, PINS, register, savePdf, setUp, stage, t } from './flow';

const pdftext = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

test('the head signs with the PIN, the clerk prints the receipt and the result, and the verification screen accepts it', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await enrolHead(page);

  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  // The receipt: the number, the documents received, the day the result will be ready.
  const receipt = pdftext(await savePdf(page, t.print.receipt));
  expect(receipt).toContain(`ҚОЛХАТ № ${number}`);
  expect(receipt).toContain('Баланың туу туралы куәлігі');
  expect(receipt).toContain('Нәтижені алу күні');

  // The application in seed 000's form, to be signed: printed from the case.
  const application = pdftext(await savePdf(page, t.print.application, t.print.languages.both));
  expect(application).toContain('Павлодар қаласының білім беру бөлімінің бастығына');
  expect(application).toContain('Мен, Сәуле Жұмабекова, кәмелетке толмаған Әлихан Жұмабековтың');
  expect(application).toContain('Я, Сәуле Жұмабекова, являясь тётей');

  await giveVisa(page, number);
  // The specialist reads the names as the sentences decline them and corrects one before it goes to the head.
  await draftResult(page, number, 'guardianship-certificate', async () => {
    const genitive = page.getByLabel('Қамқорлыққа алынушының аты-жөні — орысша, ілік септік', { exact: true });
    await expect(genitive).toHaveValue('Әлихана Жұмабекова');
    await expect(page.getByLabel('Анықтама алушының мекенжайы — қазақша, жатыс септік', { exact: true })).toHaveValue('Павлодар қаласы, Қайырбаев көшесі, № 12 үй, № 5 пәтерде');
    await genitive.fill('Алихана Жумабекова');
    await page.screenshot({ path: 'test-results/review-declined-forms.png', fullPage: true });
  });

  await actAs(page, people.head, 'head');
  await openFromWorklist(page, t.nav.toSign, number);
  await page.getByRole('button', { name: t.signing.sign, exact: true }).click();
  // A wrong PIN signs nothing, and says how many attempts are left.
  await page.getByLabel(t.signing.pin, { exact: true }).fill('000000');
  await page.getByRole('button', { name: t.signing.confirm }).click();
  await expect(page.getByRole('alert')).toHaveText(t.errors['signing.wrongPin'].replace('{{left}}', '4'));
  await expect(stage(page)).toHaveText(t.stages.signing);
  await page.screenshot({ path: 'test-results/signing-wrong-pin.png', fullPage: true });
  await page.getByLabel(t.signing.pin, { exact: true }).fill(PINS.head);
  await page.getByRole('button', { name: t.signing.confirm }).click();
  await expect(stage(page)).toHaveText(t.stages.handover);

  await actAs(page, people.clerk, 'clerk');
  await openFromWorklist(page, t.nav.toHandOver, number);
  const result = await savePdf(page, t.print.result, t.print.languages.both);
  const text = pdftext(result);
  expect(text).toContain(`АНЫҚТАМА № ${number}`);
  expect(text).toContain(`СПРАВКА № ${number}`);
  expect(text).toContain('Әлихан Жұмабеков');
  // The specialist's correction is what the head signed and the paper prints.
  expect(text).toContain('несовершеннолетнего (несовершеннолетней) Алихана Жумабекова');
  expect(text).toContain('Осы анықтама Павлодар қаласы, Қайырбаев көшесі, № 12 үй, № 5 пәтерде тұратын азамат (азаматша) Сәуле Жұмабековаға берілді');
  // The Russian page's address: the locality as the form's rule wrote it, the street as the clerk corrected it.
  expect(text).toContain('проживающему (проживающей) по адресу: г. Павлодар, ул. Кайырбаева, д. 12, кв. 5');
  // Kense's own key is no NCA RK signature: no Law 370-II equivalence is claimed.
  expect(text).not.toContain('равнозначен');
  expect(text).toContain('Этот ключ не является электронной цифровой подписью НУЦ РК');
  // Print hands the same PDF to the platform: in a browser, its PDF viewer in a hidden frame.
  await page.getByRole('region', { name: t.print.result }).getByRole('button', { name: t.print.print }).click();
  await expect(page.locator('iframe[src^="blob:"]')).toHaveCount(1);
  await page.getByRole('region', { name: t.print.result }).getByRole('button', { name: t.print.preview }).click();
  await expect(page.getByTitle(t.print.previewOf.replace('{{title}}', t.print.result))).toBeVisible();
  await page.screenshot({ path: 'test-results/case-papers.png', fullPage: true });

  // The verification screen: the saved PDF, then a scan of the printed page.
  await page.getByRole('link', { name: t.nav.verify }).click();
  await page.getByLabel(t.verify.openFile).setInputFiles(result);
  await expect(page.getByTestId('verdict')).toContainText(t.verify.valid);
  await expect(page.getByTestId('verdict')).toContainText('Әлихан Жұмабеков');
  await expect(page.getByTestId('verdict')).toContainText(people.head);
  const scan = join(mkdtempSync(join(tmpdir(), 'kense-scan-')), 'scan');
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', result, scan]);
  await page.getByLabel(t.verify.openFile).setInputFiles(`${scan}.png`);
  await expect(page.getByTestId('verdict')).toContainText(t.verify.valid);
  await page.screenshot({ path: 'test-results/verify-valid.png', fullPage: true });

  // One character changed in the seal text: refused.
  const seal = await page.getByLabel(t.verify.text, { exact: true }).inputValue();
  await page.getByLabel(t.verify.text, { exact: true }).fill(seal.replace('Әлихан', 'Әлихам'));
  await page.getByRole('button', { name: t.verify.check }).click();
  await expect(page.getByTestId('verdict')).toContainText(t.verify.invalid.replace('{{reason}}', t.verify.problems.badSignature));

  // The courier takes it; the clerk prints the courier's act and the journals.
  await openFromWorklist(page, t.nav.toHandOver, number);
  await page.getByLabel(t.handover.courier, { exact: true }).check();
  await page.getByLabel(t.handover.recipientName, { exact: true }).fill('Ерлан Мұқанов');
  await page.getByRole('button', { name: t.handover.submit }).click();
  await page.getByRole('button', { name: t.handover.confirm }).click();
  await expect(stage(page)).toHaveText(t.outcomes.result);
  await page.getByRole('link', { name: t.nav.journals }).click();
  const act = pdftext(await savePdf(page, t.journals.actFor.replace('{{courier}}', 'Ерлан Мұқанов').replace('{{count}}', '1')));
  expect(act).toContain('НӘТИЖЕЛЕРДІ КУРЬЕРГЕ БЕРУ АКТІСІ');
  expect(act).toContain(number);
  expect(act).toContain('Ерлан Мұқанов');
  const incoming = pdftext(await savePdf(page, t.journals.incoming));
  expect(incoming).toContain('КІРІС ҚҰЖАТТАРЫН ТІРКЕУ ЖУРНАЛЫ');
  expect(incoming).toContain(number.slice(0, 12));
  const outgoing = pdftext(await savePdf(page, t.journals.outgoing, t.print.languages.ru));
  expect(outgoing).toContain('ЖУРНАЛ РЕГИСТРАЦИИ ИСХОДЯЩИХ ДОКУМЕНТОВ');
  await page.screenshot({ path: 'test-results/journals.png', fullPage: true });
  expect(blocked).toEqual([]);
});

test('the specialist gives notice of the intended refusal and prints it from the case page, then the hearing’s protocol', async ({ page, context }) => {
  const blocked = await offline(context);
  await setUp(page);
  await actAs(page, people.clerk, 'clerk');
  const number = await register(page);
  await giveVisa(page, number);

  await actAs(page, people.specialist, 'specialist');
  await openFromWorklist(page, t.nav.toReview, number);
  // No notice yet: nothing of the refusal's procedure to print.
  await expect(page.getByRole('region', { name: t.print.refusalNotice })).toHaveCount(0);
  await page.getByLabel(t.review.refusal, { exact: true }).check();
  await page.getByLabel('Өтініш берушіні қорғаншы (қамқоршы) етіп тағайындау туралы шешім табылмады').check();
  await page.getByLabel(t.review.reasons, { exact: true }).fill('Павлодар қаласы әкімдігінің № 1234/5 қаулысы табылмады');
  const today = await page.evaluate(() => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10));
  await fillDate(page.getByLabel(t.review.hearingOn, { exact: true }), today);
  await page.getByRole('button', { name: t.review.submitNotice }).click();
  await expect(page.getByLabel(t.review.statement, { exact: true })).toBeVisible();

  const notice = pdftext(await savePdf(page, t.print.refusalNotice));
  expect(notice).toContain(`МЕМЛЕКЕТТІК ҚЫЗМЕТ КӨРСЕТУДЕН БАС ТАРТУ ТУРАЛЫ АЛДЫН АЛА ШЕШІМ ТУРАЛЫ ХАБАРЛАМА № ${number}`);
  expect(notice).toContain('Сәуле Жұмабековаға');
  expect(notice).toContain('Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабына сәйкес');
  expect(notice).toContain('Өтініш берушіні қорғаншы (қамқоршы) етіп тағайындау туралы шешім табылмады');
  expect(notice).toContain('№ 1234/5 қаулысы табылмады');
  expect(notice).toMatch(/Тыңдау күні \d{4} ж\. \d+ \S+ Тыңдау өтетін орын Павлодар қаласының білім беру бөлімі/);
  expect(notice).toContain('өз ұстанымыңызды (қарсылығыңызды) білдіруге құқылысыз');
  expect(notice).toContain(`Жауапты орындаушы ${people.specialist}`);

  // The applicant came and spoke: the protocol records it.
  await page.getByLabel(t.review.statement, { exact: true }).fill('Қаулының көшірмесін әкімдіктен алып келемін');
  await page.getByRole('button', { name: t.review.submitHearing }).click();
  const protocol = pdftext(await savePdf(page, t.print.hearingProtocol));
  expect(protocol).toContain(`ТЫҢДАУ ХАТТАМАСЫ № ${number}`);
  expect(protocol).toContain('Тыңдауға келуі Келді');
  expect(protocol).toContain('Көрсетілетін қызметті алушының ұстанымы: Қаулының көшірмесін әкімдіктен алып келемін');
  await page.screenshot({ path: 'test-results/refusal-notice-papers.png', fullPage: true });
  expect(blocked).toEqual([]);
});
