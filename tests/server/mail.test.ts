import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createAccount, createAsset, NotHeld, sendAffiliationRequest, type User } from '../../src/lib/domain/index.ts';
import { DomainClient } from './DomainClient.ts';
import { removeDataDir, signup, startTestRelay, waitFor, type TestRelay } from './helpers.ts';

interface Received {
	readonly to: string[];
	readonly body: string;
}

/** A real SMTP server on loopback that keeps what it is sent. */
async function startSmtp(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString('utf8') });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

describe('[R10] affiliation requests by e-mail when SMTP is configured', () => {
	let smtp: Awaited<ReturnType<typeof startSmtp>>;
	let relay: TestRelay;

	beforeAll(async () => {
		smtp = await startSmtp();
		relay = await startTestRelay({ smtpUrl: smtp.url, publicUrl: 'https://bc.example.test/' });
	});
	afterAll(async () => {
		await relay.close();
		await removeDataDir(relay.dataDir);
		await smtp.close();
	});

	it('[R10] the asset\'s masters get an e-mail naming the requester and the asset, with a link to decide', async () => {
		const owner = await signup(relay, 'Owner');
		const asker = await signup(relay, 'Asker');
		const users = new Map<string, User>([
			[owner.user.id, owner.user],
			[asker.user.id, asker.user]
		]);
		const ownerAccount = await DomainClient.open(relay, owner, 'account/own', users);
		await ownerAccount.command((env) => createAccount(env, { name: 'Owner Co', displayEmail: 'o@example.test', creator: owner.user }));
		const created = await ownerAccount.command((env) => createAsset(env, { kind: 'kakaotalk-channel', name: 'Owner Channel' }));
		expect(created.answer?.type).toBe('ack');
		const assetId = (created.result as { ok: true; value: { assetId: string } }).value.assetId;

		const askerAccount = await DomainClient.open(relay, asker, 'account/ask', users);
		await askerAccount.command((env) => createAccount(env, { name: 'Asker Co', displayEmail: 'a@example.test', creator: asker.user }));
		// As in a browser: the asker's client does not hold the owner's account.
		const sent = await askerAccount.command((env) => sendAffiliationRequest({ ...env, otherAccount: () => NotHeld }, { assetId, ownerAccountId: 'own' }));
		expect(sent.answer?.type).toBe('ack');

		await waitFor(() => smtp.received.length > 0, 'the e-mail', 10_000);
		const [mail] = smtp.received;
		expect(mail!.to).toEqual([owner.user.email]);
		expect(mail!.body).toContain('Asker Co');
		expect(mail!.body).toContain('Owner Channel');
		expect(mail!.body).toContain('https://bc.example.test/inbox');
		ownerAccount.socket.close();
		askerAccount.socket.close();
	});

	it('[R10] a refused request sends no e-mail', async () => {
		const before = smtp.received.length;
		const stranger = await signup(relay, 'Stranger');
		const account = await DomainClient.open(relay, stranger, 'account/str', new Map([[stranger.user.id, stranger.user]]));
		await account.command((env) => createAccount(env, { name: 'Stranger Co', displayEmail: 's@example.test', creator: stranger.user }));
		// An asset that does not exist: the browser-side check is skipped (the owner is not held), the relay refuses.
		const sent = await account.command((env) => sendAffiliationRequest({ ...env, otherAccount: () => NotHeld }, { assetId: 'nope', ownerAccountId: 'own' }));
		expect(sent.answer).toMatchObject({ type: 'rejected', reason: 'unknown-asset' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(smtp.received.length).toBe(before);
		account.socket.close();
	});
});
