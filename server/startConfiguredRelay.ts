import { join } from 'node:path';
import { ensureAppBuilt } from './ensureAppBuilt.ts';
import type { Logger } from './Logger.ts';
import { startRelay, type RunningRelay } from './Relay.ts';
import { readRelayConfig } from './RelayConfig.ts';

/**
 * What `npm start` and `npm run demo` share: read the environment (exit 2 on a bad value,
 * naming it), build the app when it is missing or stale, start the relay, and stop it
 * cleanly on SIGINT/SIGTERM.
 */
export async function startConfiguredRelay(log: Logger): Promise<RunningRelay> {
	const config = readRelayConfig(process.env);
	if (!config.ok) {
		for (const problem of config.problems) log.error(`config: ${problem}`);
		process.exit(2);
	}
	if (!config.skipBuild) await ensureAppBuilt(join(import.meta.dirname, '..'), log);
	const relay = await startRelay({ ...config.options, log });
	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		log.info(`relay: ${signal}, shutting down`);
		relay.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	return relay;
}
