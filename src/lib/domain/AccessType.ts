/** Access types of a membership (DESIGN §2, R4, R12). */
export const AccessType = {
	Admin: 'admin',
	Catalog: 'catalog',
	Analytics: 'analytics',
	Payments: 'payments'
} as const;

export type AccessType = (typeof AccessType)[keyof typeof AccessType];

export const allAccessTypes: readonly AccessType[] = [
	AccessType.Admin,
	AccessType.Catalog,
	AccessType.Analytics,
	AccessType.Payments
];

/** R2: a new member gets `catalog` unless the admin picks other types. */
export const defaultAccessTypes: readonly AccessType[] = [AccessType.Catalog];

export function isAccessType(value: unknown): value is AccessType {
	return typeof value === 'string' && (allAccessTypes as readonly string[]).includes(value);
}

/** R4: `admin` includes every other type. */
export function hasAccess(types: readonly AccessType[], needed: AccessType): boolean {
	return types.includes(AccessType.Admin) || types.includes(needed);
}

/** Sorted, de-duplicated: the one stored form, so equal sets compare equal. */
export function normaliseAccessTypes(types: readonly AccessType[]): AccessType[] {
	return allAccessTypes.filter((t) => types.includes(t));
}
