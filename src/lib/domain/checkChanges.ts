import { ActionType, type Action } from './Action';
import type { EntityChange } from './AccountView';
import { deriveActions } from './deriveActions';
import { checkAccountInvariants, checkNewAccountShape } from './invariants';
import { can } from './policy';
import type { PolicyContext } from './PolicyContext';
import { ok, type Result } from './Result';
import { RoomKind } from './Room';

/**
 * The one gate every change passes, whether a command is about to write it or the relay
 * received it in an update: derive the actions, ask the policy about each against the
 * state before, then check the invariants on the state after.
 */
export function checkChanges(changes: readonly EntityChange[], ctx: PolicyContext): Result<Action[]> {
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
