import { resolve } from '$app/paths';

/** Every page's address, in one place, so links and tests agree. */
export const paths = {
	home: () => resolve('/'),
	inbox: () => resolve('/inbox'),
	account: (accountId: string) => resolve('/a/[accountId]', { accountId }),
	settings: (accountId: string) => resolve('/a/[accountId]/settings', { accountId }),
	users: (accountId: string) => resolve('/a/[accountId]/settings/users', { accountId }),
	assets: (accountId: string) => resolve('/a/[accountId]/assets', { accountId }),
	asset: (accountId: string, assetId: string) => resolve('/a/[accountId]/assets/[assetId]', { accountId, assetId }),
	partners: (accountId: string) => resolve('/a/[accountId]/partners', { accountId }),
	requests: (accountId: string) => resolve('/a/[accountId]/requests', { accountId }),
	catalog: (accountId: string) => resolve('/a/[accountId]/catalog', { accountId }),
	payments: (accountId: string) => resolve('/a/[accountId]/payments', { accountId }),
	analytics: (accountId: string) => resolve('/a/[accountId]/analytics', { accountId }),
	activity: (accountId: string) => resolve('/a/[accountId]/activity', { accountId })
};
