import { ActionType, type Action } from './Action';
import type { EntityChange } from './AccountView';
import { deriveActions } from './deriveActions';
import { checkAccountInvariants, checkNewAccountShape } from './invariants';
import { can } from './policy';
import type { PolicyContext } from './PolicyContext';
import { ok, type Result } from './Result';
import { RoomKind } from './Room';
import { collectionSpecs, type Collection } from './schema';

const collectionOrder: readonly Collection[] = Object.keys(collectionSpecs) as Collection[];

function byCollectionThenKey(a: EntityChange, b: EntityChange): number {
	return collectionOrder.indexOf(a.collection) - collectionOrder.indexOf(b.collection) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The one gate every change passes, whether a command is about to write it or the relay
 * received it in an update: derive the actions, ask the policy about each against the
 * state before, then check the invariants on the state after.
 */
export function checkChanges(unordered: readonly EntityChange[], ctx: PolicyContext): Result<Action[]> {
	// A command lists its changes in the order it builds them; the relay reads them off an
	// update in Yjs's order. Sorting makes both sides derive the same actions in the same
	// order, so they report the same reason and log the same activity.
	const changes = [...unordered].sort(byCollectionThenKey);
	const actions: Action[] = [];
	for (const change of changes) {
		const derived = deriveActions(change);
		if (!derived.ok) return derived;
		actions.push(...derived.value);
	}
	const creation = actions.find((a) => a.type === ActionType.CreateAccount);
	if (creation !== undefined) {
		const allowed = can(creation, ctx);
		if (!allowed.ok) return allowed;
		const shape = checkNewAccountShape(changes, ctx.actor.userId);
		if (!shape.ok) return shape;
	} else {
		for (const action of actions) {
			const allowed = can(action, ctx);
			if (!allowed.ok) return allowed;
		}
	}
	if (ctx.room.kind === RoomKind.Account && ctx.account !== null) {
		const invariants = checkAccountInvariants(ctx.account, changes);
		if (!invariants.ok) return invariants;
	}
	return ok(actions);
}
