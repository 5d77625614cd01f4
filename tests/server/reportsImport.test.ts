import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, Collection, createAccount, listEntities, readEntity, RejectReason, salesCsvHeader, type User } from '../../src/lib/domain/index.ts';
import { CloseCode, MessageKind } from '../../src/lib/protocol/protocol.ts';
import type { Session } from '../../server/AuthService.ts';
import { DomainClient } from './DomainClient.ts';
import { RawClient, removeDataDir, signup, startTestRelay, waitFor, type TestRelay } from './helpers.ts';

const csv = [salesCsvHeader, '2026-01-01,KR,3,30000,KRW', '2026-01-02,KR,5,50000,KRW', '2026-02-01,KR,1,9900,KRW'].join('\n');

/**
 * POST /api/accounts/<id>/reports/import (DESIGN §3: the reports room is written by the
 * relay / importers; R12: analytics or admin). Real sockets: a reader of the reports room
 * receives the imported rows as one relay update.
 */
describe('sales import (relay)', () => {
	let relay: TestRelay;
	let alice: Session; // admin
	let andy: Session; // analytics
	let cathy: Session; // catalog only
	let paul: Session; // payments only
	const users = new Map<string, User>();
	const clients: DomainClient[] = [];
	const acme = 'account/acme';

	async function importCsv(session: Session | null, body: string, accountId = 'acme', type = 'text/csv') {
		const headers: Record<string, string> = { 'content-type': type };
		if (session !== null) headers.authorization = `Bearer ${session.token}`;
		const response = await fetch(`${relay.url}/api/accounts/${accountId}/reports/import`, { method: 'POST', headers, body });
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	beforeAll(async () => {
		relay = await startTestRelay();
		[alice, andy, cathy, paul] = await Promise.all([signup(relay, 'Alice'), signup(relay, 'Andy'), signup(relay, 'Cathy'), signup(relay, 'Paul')]);
		for (const s of [alice, andy, cathy, paul]) users.set(s.user.id, s.user);
		const a = await DomainClient.open(relay, alice, acme, users);
		clients.push(a);
		expect((await a.command((env) => createAccount(env, { name: 'Acme', displayEmail: 'office@acme.example', creator: alice.user }))).answer?.type).toBe(MessageKind.Ack);
		for (const [session, types] of [
			[andy, ['analytics']],
			[cathy, ['catalog']],
			[paul, ['payments']]
		] as const) {
			const added = await a.command((env) => addMember(env, { email: session.user.email, user: session.user, types: [...types] }));
			expect(added.answer?.type).toBe(MessageKind.Ack);
		}
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await relay.close();
		await removeDataDir(relay.dataDir);
	});

	it('[R12] an admin imports: 200 {imported}, an analytics member\'s socket receives the rows in one update, activity logged', async () => {
		const reader = await DomainClient.open(relay, andy, `${acme}/reports`, users);
		clients.push(reader);
		const updatesBefore = reader.socket.messages.filter((m) => m.type === MessageKind.SyncUpdate).length;
		const answer = await importCsv(alice, csv);
		expect(answer).toEqual({ status: 200, body: { imported: 3 } });
		await waitFor(() => listEntities(reader.doc, Collection.Sales).length === 3, 'rows at the analytics reader');
		expect(reader.socket.messages.filter((m) => m.type === MessageKind.SyncUpdate).length - updatesBefore).toBe(1);
		expect(readEntity(reader.doc, Collection.Sales, '2026-01-02_KR')).toEqual({ day: '2026-01-02', territory: 'KR', units: 5, revenueMinor: 50000, currency: 'KRW' });
		// Committed: a fresh reader gets the same from the relay's state.
		const state = await reader.relayState();
		expect(listEntities(state, Collection.Sales)).toHaveLength(3);
		const log = await DomainClient.open(relay, alice, `${acme}/activity`, users);
		clients.push(log);
		const entries = [...log.doc.getMap(Collection.Activity).values()] as Record<string, unknown>[];
		expect(entries.find((e) => e.action === 'import-sales')).toMatchObject({ actorId: alice.user.id, after: { count: 3 } });
	});

	it('[R12] an analytics member may import too; a payments-only reader still receives it', async () => {
		const reader = await DomainClient.open(relay, paul, `${acme}/reports`, users);
		clients.push(reader);
		const answer = await importCsv(andy, [salesCsvHeader, '2026-03-01,KR,2,2000,KRW'].join('\n'));
		expect(answer).toEqual({ status: 200, body: { imported: 1 } });
		await waitFor(() => readEntity(reader.doc, Collection.Sales, '2026-03-01_KR') !== null, 'row at the payments reader');
	});

	it('[R12] a catalog-only member gets 403 and nothing is written; nor does a payments-only one or a stranger', async () => {
		const before = listEntities(await relayReports(), Collection.Sales).length;
		const extra = [salesCsvHeader, '2027-01-01,KR,1,1,KRW'].join('\n');
		expect(await importCsv(cathy, extra)).toMatchObject({ status: 403, body: { error: RejectReason.MissingAccessType } });
		expect(await importCsv(paul, extra)).toMatchObject({ status: 403, body: { error: RejectReason.MissingAccessType } });
		expect((await importCsv(alice, extra, 'globex')).status).toBe(403);
		expect((await importCsv(null, extra)).status).toBe(401);
		// The catalog-only member does not even get the room.
		const denied = new RawClient(relay.wsUrl, `${acme}/reports`, cathy.token);
		expect((await denied.closed).code).toBe(CloseCode.Forbidden);
		expect(listEntities(await relayReports(), Collection.Sales)).toHaveLength(before);
	});

	it('a bad CSV is 400 with the reason and the line, and nothing is written', async () => {
		const before = Y.encodeStateVector(await relayReports());
		const bad = [salesCsvHeader, '2028-01-01,KR,1,1,KRW', '2028-01-02,KR,-4,1,KRW'].join('\n');
		expect(await importCsv(alice, bad)).toEqual({ status: 400, body: { error: RejectReason.InvalidValue, detail: { field: 'units', line: 3 } } });
		expect(await importCsv(alice, 'hello')).toMatchObject({ status: 400, body: { error: RejectReason.InvalidValue, detail: { field: 'header' } } });
		expect((await importCsv(alice, csv, 'acme', 'application/json')).status).toBe(415);
		expect((await importCsv(alice, `${salesCsvHeader}\n${'x'.repeat(1024 * 1024)}`)).status).toBe(413);
		const after = await relayReports();
		expect(Y.encodeStateVector(after)).toEqual(before);
		expect(readEntity(after, Collection.Sales, '2028-01-01_KR')).toBeNull();
	});

	async function relayReports(): Promise<Y.Doc> {
		const client = await DomainClient.open(relay, alice, `${acme}/reports`, users);
		clients.push(client);
		return client.doc;
	}
});
