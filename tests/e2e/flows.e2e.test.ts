/**
 * The Kakao Business FAQ's flows, with the UI in Korean: asset admins and the master rules
 * (R6), sharing an asset with a partner and the partner's own view of it (R8, R9), an
 * asset affiliation request accepted by the asset's master from their notifications (R10),
 * and the other pages of an account — each checked with axe-core, the main ones saved as
 * screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '$lib/i18n/Locale';
import { newUser, registerUser, screenshot, text } from './harness';
import {
	accessTypeName,
	accountNavLink,
	addUser,
	adminRow,
	assetKindName,
	createAccount,
	createAsset,
	expectAccessible,
	pressWithKeyboard,
	refusalText,
	roleName,
	settled,
	signedIn,
	useE2eSuite
} from './appHelpers';

const ko: Locale = 'ko';
const suite = useE2eSuite();
const { tabs } = suite;

describe('자산 관리자: master and member (R6, R7)', () => {
	it('the sole master cannot be demoted, and a master cannot be removed before being demoted to member; each button says why (R6)', async () => {
		const { page, user: jiwoo } = await signedIn(suite.e2e, 'Jiwoo', ko, tabs);
		const accountId = await createAccount(page, ko, '한빛북스');
		const minho = newUser('Minho');
		await registerUser(suite.e2e, minho);
		await addUser(page, ko, accountId, minho.email);
		await createAsset(page, ko, accountId, assetKindName(ko, 'kakaotalk-channel'), '한빛 카카오톡 채널');
		await expectAccessible(page, 'asset page');

		// Jiwoo created the asset, so she is its only master.
		const mine = adminRow(page, jiwoo.email);
		await mine.getByRole('combobox').selectOption({ label: roleName(ko, 'member') });
		const demote = mine.getByRole('button', { name: text(ko, 'assets.saveRole'), exact: true });
		await expect(demote.getAttribute('aria-disabled')).resolves.toBe('true');
		await expect(mine.getByText(refusalText(ko, 'last-master')).isVisible()).resolves.toBe(true);
		const remove = mine.getByRole('button', { name: text(ko, 'people.remove'), exact: true });
		await expect(remove.getAttribute('aria-disabled')).resolves.toBe('true');
		await expect(mine.getByText(refusalText(ko, 'master-must-be-demoted')).isVisible()).resolves.toBe(true);
		await pressWithKeyboard(remove);
		await expect(adminRow(page, jiwoo.email).count()).resolves.toBe(1);
		await expectAccessible(page, 'refused demotion');

		// Minho becomes a second master: now Jiwoo may step down to member, and then be removed.
		await page.getByLabel(text(ko, 'assets.adminUser'), { exact: true }).selectOption({ label: `${minho.name} (${minho.email})` });
		await page.getByLabel(text(ko, 'assets.role'), { exact: true }).selectOption({ label: roleName(ko, 'master') });
		await page.getByRole('button', { name: text(ko, 'assets.addAdmin'), exact: true }).click();
		const his = adminRow(page, minho.email);
		await his.waitFor();
		await expect(his.getByText(refusalText(ko, 'master-must-be-demoted')).isVisible()).resolves.toBe(true);

		await expect(mine.getByRole('button', { name: text(ko, 'assets.saveRole'), exact: true }).getAttribute('aria-disabled')).resolves.toBe('false');
		await mine.getByRole('button', { name: text(ko, 'assets.saveRole'), exact: true }).click();
		await page.getByRole('status').filter({ hasText: text(ko, 'assets.roleSaved') }).waitFor();
		await expect.poll(() => mine.getByText(refusalText(ko, 'master-must-be-demoted')).count()).toBe(0);
		// Minho is now the only master: he cannot become a member.
		await his.getByRole('combobox').selectOption({ label: roleName(ko, 'member') });
		await his.getByText(refusalText(ko, 'last-master')).waitFor();

		await mine.getByRole('button', { name: text(ko, 'people.remove'), exact: true }).click();
		await adminRow(page, jiwoo.email).waitFor({ state: 'detached' });
		await settled(page);
		await screenshot(page, 'asset-ko');
	});
});

describe('파트너에게 자산 공유 (R8, R9)', () => {
	it('an active partner receives a shared asset at once, sees it in its asset list, and sees and manages only the admins it added itself (R8, R9)', async () => {
		const hanbit = await signedIn(suite.e2e, 'Jiwoo', ko, tabs);
		const kedai = await signedIn(suite.e2e, 'Siti', ko, tabs);
		const farid = newUser('Farid');
		await registerUser(suite.e2e, farid);

		const kedaiId = await createAccount(kedai.page, ko, 'Kedai Buku Siti');
		await addUser(kedai.page, ko, kedaiId, farid.email);
		// The agency admin of Hanbit also works in Kedai's account, so this browser knows Kedai.
		await addUser(kedai.page, ko, kedaiId, hanbit.user.email);
		const hanbitId = await createAccount(hanbit.page, ko, '한빛북스');
		const assetId = await createAsset(hanbit.page, ko, hanbitId, assetKindName(ko, 'ad-account'), 'Hanbit Moment Ads');

		// Partnership: requested by Hanbit with Kedai's account id, accepted by Kedai's admin.
		await hanbit.page.goto(`/a/${hanbitId}/partners`);
		await hanbit.page.getByLabel(text(ko, 'partners.accountId'), { exact: true }).fill(kedaiId);
		await hanbit.page.getByRole('button', { name: text(ko, 'partners.request'), exact: true }).click();
		await hanbit.page.getByRole('cell', { name: text(ko, 'partners.waitingForThem') }).waitFor();
		await expectAccessible(hanbit.page, 'partners');
		await screenshot(hanbit.page, 'partners-ko');

		await kedai.page.goto(`/a/${kedaiId}/partners`);
		await kedai.page.getByRole('cell', { name: text(ko, 'partners.waitingForYou') }).waitFor();
		await kedai.page.getByRole('button', { name: text(ko, 'common.accept'), exact: true }).click();
		await kedai.page.getByRole('cell', { name: text(ko, 'partners.active') }).waitFor();

		// Each side shows the other by its business account name, written by the relay.
		await hanbit.page.getByRole('rowheader', { name: /Kedai Buku Siti/ }).waitFor();

		// Sharing with an active partner needs no acceptance (R8).
		await hanbit.page.goto(`/a/${hanbitId}/assets/${assetId}`);
		await hanbit.page.getByLabel(text(ko, 'assets.sharePartner'), { exact: true }).selectOption(kedaiId);
		await hanbit.page.getByRole('button', { name: text(ko, 'assets.shareNow'), exact: true }).click();
		await hanbit.page.getByRole('status').filter({ hasText: text(ko, 'assets.sharedMessage', { name: 'Kedai Buku Siti' }) }).waitFor();

		// Kedai sees the asset in its own list, shared by Hanbit.
		await kedai.page.goto(`/a/${kedaiId}/assets`);
		await kedai.page.getByRole('cell', { name: text(ko, 'assets.sharedBy', { name: '한빛북스' }) }).waitFor();
		await expectAccessible(kedai.page, 'assets with a shared asset');
		await kedai.page.getByRole('link', { name: 'Hanbit Moment Ads', exact: true }).click();
		await kedai.page.getByText(text(ko, 'assets.sharedNote', { name: '한빛북스' })).waitFor();
		// R9: not the owner's admins (Jiwoo, the master) — only those Kedai adds.
		await expect(adminRow(kedai.page, hanbit.user.email).count()).resolves.toBe(0);
		await kedai.page.getByLabel(text(ko, 'assets.adminUser'), { exact: true }).selectOption({ label: `${farid.name} (${farid.email})` });
		await kedai.page.getByRole('button', { name: text(ko, 'assets.addAdmin'), exact: true }).click();
		await adminRow(kedai.page, farid.email).waitFor();
		await expectAccessible(kedai.page, 'shared asset');
		await screenshot(kedai.page, 'shared-asset-ko');
		await settled(kedai.page);
		await settled(hanbit.page);
		// The owner still sees only its own admins: Kedai's grant stays in Kedai's account.
		await hanbit.page.reload();
		await hanbit.page.getByRole('heading', { level: 1, name: 'Hanbit Moment Ads' }).waitFor();
		await expect(adminRow(hanbit.page, farid.email).count()).resolves.toBe(0);
	});
});

describe('자산 소속 요청 (R10)', () => {
	it("an affiliation request reaches the asset's master as an unread notification; the master accepts it and the asset joins the requesting account, whose request shows accepted; the header switches between the user's accounts (R10)", async () => {
		const { page } = await signedIn(suite.e2e, 'Jiwoo', ko, tabs);
		const ownerId = await createAccount(page, ko, '한빛북스');
		const assetId = await createAsset(page, ko, ownerId, assetKindName(ko, 'pixel-sdk'), 'Hanbit Pixel & SDK');
		const requesterId = await createAccount(page, ko, '한빛 디지털');

		await accountNavLink(page, ko, text(ko, 'requests.title')).click();
		await page.getByRole('heading', { level: 1, name: text(ko, 'requests.title') }).waitFor();
		await page.getByLabel(text(ko, 'requests.ownerId'), { exact: true }).fill(ownerId);
		await page.getByLabel(text(ko, 'requests.assetId'), { exact: true }).fill(assetId);
		await page.getByRole('button', { name: text(ko, 'requests.send'), exact: true }).click();
		await page.getByRole('cell', { name: text(ko, 'requests.status.pending') }).waitFor();
		await expectAccessible(page, 'requests');

		// The master's inbox: an unread badge in the header, the request with accept and decline.
		const unread = new RegExp(text(ko, 'nav.unreadCount', { count: 999 }).replace('999', '\\d+'));
		const inbox = page.getByRole('link', { name: new RegExp(`^${text(ko, 'nav.inbox')}`) }).filter({ hasText: unread });
		await inbox.waitFor();
		await inbox.click();
		const waiting = page.getByRole('region', { name: text(ko, 'requests.inbox') });
		await waiting.getByText(text(ko, 'requests.incoming', { account: '한빛 디지털', asset: 'Hanbit Pixel & SDK' })).waitFor();
		await expectAccessible(page, 'inbox');
		await screenshot(page, 'inbox-ko');
		await waiting.getByRole('button', { name: text(ko, 'common.accept'), exact: true }).click();
		await page.getByRole('status').filter({ hasText: text(ko, 'requests.acceptedMessage') }).waitFor();

		// The sender's side: the request shows accepted and the asset is in its list.
		await page.goto(`/a/${requesterId}/requests`);
		await page.getByRole('cell', { name: text(ko, 'requests.status.accepted') }).waitFor();
		await page.goto(`/a/${requesterId}/assets`);
		await page.getByRole('link', { name: 'Hanbit Pixel & SDK', exact: true }).waitFor();

		// A user in several accounts moves between them with the header's switcher.
		await page.getByLabel(text(ko, 'accounts.switch'), { exact: true }).selectOption({ label: '한빛북스' });
		await page.waitForURL(new RegExp(`/a/${ownerId}$`));
		await page.getByRole('heading', { level: 1, name: '한빛북스' }).waitFor();
	});
});

describe('the other pages of an account, in Korean', () => {
	it('settings, assets, book catalog, analytics and activity have no serious axe violations; the catalog formats KRW without decimals (R11, R12)', async () => {
		const { page } = await signedIn(suite.e2e, 'Jiwoo', ko, tabs);
		const accountId = await createAccount(page, ko, '한빛북스');
		await createAsset(page, ko, accountId, assetKindName(ko, 'kakaotalk-channel'), '한빛 채널');
		await createAsset(page, ko, accountId, assetKindName(ko, 'pixel-sdk'), '한빛 픽셀');

		// R11: one edit of the business information over several selected assets.
		await page.goto(`/a/${accountId}/assets`);
		await page.getByRole('checkbox', { name: text(ko, 'assets.select', { name: '한빛 채널' }) }).check();
		await page.getByRole('checkbox', { name: text(ko, 'assets.select', { name: '한빛 픽셀' }) }).check();
		await page.getByLabel(text(ko, 'account.phone'), { exact: true }).fill('02-325-5555');
		await page.getByRole('button', { name: text(ko, 'common.save'), exact: true }).click();
		await page.getByRole('status').filter({ hasText: text(ko, 'assets.bulkSaved', { count: 2 }) }).waitFor();
		await expectAccessible(page, 'assets');
		await screenshot(page, 'assets-ko');

		await accountNavLink(page, ko, text(ko, 'account.settings')).click();
		await page.getByRole('heading', { level: 1, name: text(ko, 'account.settings') }).waitFor();
		await expect(page.getByLabel(text(ko, 'account.id'), { exact: true }).inputValue()).resolves.toBe(accountId);
		await expectAccessible(page, 'settings');
		await screenshot(page, 'settings-ko');

		await accountNavLink(page, ko, accessTypeName(ko, 'catalog')).click();
		await page.getByRole('button', { name: text(ko, 'catalog.addBook'), exact: true }).click();
		await page.getByLabel(text(ko, 'catalog.bookTitle'), { exact: true }).fill('채식주의자');
		await page.getByLabel(text(ko, 'catalog.authors'), { exact: true }).fill('한강');
		await page.getByLabel(text(ko, 'catalog.isbn'), { exact: true }).fill('9788936433591');
		await page.getByLabel(text(ko, 'catalog.price'), { exact: true }).fill('13500');
		await page.getByRole('button', { name: text(ko, 'common.save'), exact: true }).click();
		// A wrong check digit is refused with the domain's sentence.
		await page.getByRole('alert').filter({ hasText: refusalText(ko, 'invalid-isbn') }).waitFor();
		await page.getByLabel(text(ko, 'catalog.isbn'), { exact: true }).fill('9788936433598');
		await page.getByRole('button', { name: text(ko, 'common.save'), exact: true }).click();
		await page.getByRole('cell', { name: '₩13,500' }).waitFor();
		await expectAccessible(page, 'catalog');

		await accountNavLink(page, ko, accessTypeName(ko, 'analytics')).click();
		await page.getByText(text(ko, 'analytics.empty')).waitFor();
		await expectAccessible(page, 'analytics');

		await accountNavLink(page, ko, text(ko, 'activity.title')).click();
		await page.getByRole('heading', { level: 1, name: text(ko, 'activity.title') }).waitFor();
		await page.getByRole('cell', { name: /addBook|add-book/ }).first().waitFor();
		await expectAccessible(page, 'activity');
	});
});
