/**
 * Two people on one business account, each in their own browser context: edits appear on
 * the other's screen without a reload, and edits made offline are kept on the device,
 * listed as pending, sent on reconnect, and both screens converge (DESIGN §1, §5).
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '$lib/i18n/Locale';
import { newUser, registerUser, text } from './harness';
import { catalogs } from '$lib/i18n/translate';
import { accessTypeName, addUser, createAccount, expectAccessible, peopleRow, refusalText, settled, signedIn, useE2eSuite } from './appHelpers';

const en: Locale = 'en';
const suite = useE2eSuite();
const { tabs } = suite;

describe('two admins on one account, live and offline', () => {
	it("each sees the other's edits live; one goes offline, edits, comes back, and both converge (R1)", async () => {
		const alice = await signedIn(suite.e2e, 'Alice', en, tabs);
		const bob = await signedIn(suite.e2e, 'Bob', en, tabs);
		const accountId = await createAccount(alice.page, en, 'Kedai Kopi');
		await addUser(alice.page, en, accountId, bob.user.email, [accessTypeName(en, 'admin')]);
		await settled(alice.page);

		await bob.page.goto(`/a/${accountId}/settings/users`);
		await peopleRow(bob.page, alice.user.email).waitFor();

		// Live: Alice adds Carol, Bob's list shows her without a reload.
		const carol = newUser('Carol');
		await registerUser(suite.e2e, carol);
		await addUser(alice.page, en, accountId, carol.email);
		await peopleRow(bob.page, carol.email).waitFor();

		// Bob goes offline and gives Carol Analytics; the change is kept and listed as pending.
		await bob.tab.context.setOffline(true);
		await bob.page.getByText(text(en, 'connection.offline')).waitFor();
		const carolAtBob = peopleRow(bob.page, carol.email);
		await carolAtBob.getByRole('checkbox', { name: accessTypeName(en, 'analytics'), exact: true }).check();
		await carolAtBob.getByRole('button', { name: text(en, 'people.saveTypes'), exact: true }).click();
		const pending = bob.page.getByRole('region', { name: text(en, 'changes.title') });
		await pending.getByText(text(en, 'changes.pending')).waitFor();
		await expectAccessible(bob.page, 'offline with a pending change');

		// Meanwhile Alice, online, adds Dave: Bob can't see him yet.
		const dave = newUser('Dave');
		await registerUser(suite.e2e, dave);
		await addUser(alice.page, en, accountId, dave.email);
		await expect(peopleRow(bob.page, dave.email).count()).resolves.toBe(0);

		// Back online: Bob's change reaches Alice, Dave reaches Bob.
		await bob.tab.context.setOffline(false);
		await peopleRow(bob.page, dave.email).waitFor();
		await settled(bob.page);
		const carolAtAlice = peopleRow(alice.page, carol.email);
		await expect
			.poll(() => carolAtAlice.getByRole('checkbox', { name: accessTypeName(en, 'analytics'), exact: true }).isChecked(), { timeout: 10_000 })
			.toBe(true);
		await expect(carolAtBob.getByRole('checkbox', { name: accessTypeName(en, 'analytics'), exact: true }).isChecked()).resolves.toBe(true);
		await expect(pending.count()).resolves.toBe(0);
	});

	it('a change made offline by someone who lost Admin meanwhile is refused on reconnect, shown with its translated reason until dismissed, and nothing else is lost (R1)', async () => {
		const alice = await signedIn(suite.e2e, 'Alice', en, tabs);
		const bob = await signedIn(suite.e2e, 'Bob', en, tabs);
		const carol = newUser('Carol');
		await registerUser(suite.e2e, carol);
		const accountId = await createAccount(alice.page, en, 'Kedai Teh');
		await addUser(alice.page, en, accountId, bob.user.email, [accessTypeName(en, 'admin')]);
		await addUser(alice.page, en, accountId, carol.email);
		await settled(alice.page);
		await bob.page.goto(`/a/${accountId}/settings/users`);
		await peopleRow(bob.page, carol.email).waitFor();

		// Bob, offline, gives Carol Payments Center access.
		await bob.tab.context.setOffline(true);
		await bob.page.getByText(text(en, 'connection.offline')).waitFor();
		const carolAtBob = peopleRow(bob.page, carol.email);
		await carolAtBob.getByRole('checkbox', { name: accessTypeName(en, 'payments'), exact: true }).check();
		await carolAtBob.getByRole('button', { name: text(en, 'people.saveTypes'), exact: true }).click();

		// Meanwhile Alice takes Admin away from Bob.
		const bobAtAlice = peopleRow(alice.page, bob.user.email);
		await bobAtAlice.getByRole('checkbox', { name: accessTypeName(en, 'admin'), exact: true }).uncheck();
		await bobAtAlice.getByRole('checkbox', { name: accessTypeName(en, 'catalog'), exact: true }).check();
		await bobAtAlice.getByRole('button', { name: text(en, 'people.saveTypes'), exact: true }).click();
		await settled(alice.page);

		// Bob reconnects: his change is refused and listed with the reason, in his language.
		await bob.tab.context.setOffline(false);
		const panel = bob.page.getByRole('region', { name: text(en, 'changes.title') });
		await panel.getByText(refusalText(en, 'not-admin')).waitFor({ timeout: 15_000 });
		await expect(panel.getByText(catalogs.en.commandNames.changeMemberTypes).isVisible()).resolves.toBe(true);
		await expectAccessible(bob.page, 'refused change');
		// Carol kept only what the relay accepted.
		await expect(peopleRow(alice.page, carol.email).getByRole('checkbox', { name: accessTypeName(en, 'payments'), exact: true }).isChecked()).resolves.toBe(false);
		// Bob is no longer an admin: his list is read-only now, and shows Carol as the relay has her.
		await expect.poll(() => carolAtBob.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(0);
		await expect(carolAtBob.textContent()).resolves.not.toContain(accessTypeName(en, 'payments'));
		await panel.getByRole('button', { name: text(en, 'common.dismiss'), exact: true }).click();
		await panel.waitFor({ state: 'detached' });
	});
});

