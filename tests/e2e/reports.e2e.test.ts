/**
 * Sales reports in real Chromium against the real relay: an admin imports a sales CSV on
 * the Analytics page (POST /api/accounts/<id>/reports/import), the rows come back through
 * the reports room into the chart's table, and the Payments page's revenue report shows the
 * total in won (R4, R12), with axe checks on both pages.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '$lib/i18n/Locale';
import { formatMoney, formatNumber } from '$lib/i18n/format';
import { text } from './harness';
import { accessTypeName, accountNavLink, createAccount, expectAccessible, refusalText, signedIn, useE2eSuite } from './appHelpers';

const suite = useE2eSuite();
const { tabs } = suite;

const csv = ['day,territory,units,revenue_minor,currency', '2026-01-01,KR,3,30000,KRW', '2026-01-02,KR,5,50000,KRW', '2026-01-03,KR,1,9900,KRW'].join('\n');

describe('sales reports', () => {
	it('an admin imports a 3-row CSV on the Analytics page; the chart table shows it and the Payments page shows the revenue total', async () => {
		const ko: Locale = 'ko';
		const { page } = await signedIn(suite.e2e, 'Minji', ko, tabs);
		await createAccount(page, ko, '민지 출판사');

		await accountNavLink(page, ko, accessTypeName(ko, 'analytics')).click();
		await page.getByRole('heading', { level: 2, name: text(ko, 'analytics.import') }).waitFor();
		await page.getByText(text(ko, 'analytics.empty')).waitFor();
		await expectAccessible(page, 'analytics (empty, import form)');

		// A bad file is refused with the line that is wrong; nothing is imported.
		await page.getByLabel(text(ko, 'analytics.importText'), { exact: true }).fill(`${csv}\n2026-01-04,KR,-1,0,KRW`);
		await page.getByRole('button', { name: text(ko, 'analytics.importSubmit'), exact: true }).click();
		await page.getByRole('alert').filter({ hasText: text(ko, 'analytics.importLine', { line: 5, reason: refusalText(ko, 'invalid-value') }) }).waitFor();
		await expect(page.getByText(text(ko, 'analytics.empty')).count()).resolves.toBe(1);

		await page.getByLabel(text(ko, 'analytics.importText'), { exact: true }).fill(csv);
		await page.getByRole('button', { name: text(ko, 'analytics.importSubmit'), exact: true }).click();
		await page.getByRole('status').filter({ hasText: text(ko, 'analytics.imported', { count: 3 }) }).waitFor();

		// The rows arrive through the reports room: the units chart's table shows each day.
		const units = page.getByRole('table', { name: text(ko, 'analytics.unitsPerDay') });
		await units.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2026-01-02' }) }).getByRole('cell', { name: formatNumber(5, ko) }).waitFor();
		await expect(units.getByRole('row').count()).resolves.toBe(4);
		await expect(page.getByRole('img', { name: /2026-01-02/ }).count()).resolves.toBe(1);
		const territories = page.getByRole('table', { name: text(ko, 'analytics.revenuePerTerritory') });
		await territories.getByRole('cell', { name: formatMoney(89_900, 'KRW', ko) }).waitFor();
		await expectAccessible(page, 'analytics (charts)');

		await accountNavLink(page, ko, accessTypeName(ko, 'payments')).click();
		const report = page.getByRole('table', { name: text(ko, 'payments.revenueReport') });
		await report.getByRole('rowheader', { name: '2026-01' }).waitFor();
		const total = report.getByRole('row').filter({ has: page.getByRole('rowheader', { name: text(ko, 'payments.revenueTotal') }) });
		await total.getByRole('cell', { name: '₩89,900' }).waitFor();
		await expectAccessible(page, 'payments (revenue report)');
	});
});
