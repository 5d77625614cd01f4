import { join } from 'node:path';
import { ensureAppBuilt } from './ensureAppBuilt.ts';
import { consoleLogger } from './Logger.ts';
import { startRelay } from './Relay.ts';
import { readRelayConfig } from './RelayConfig.ts';

/** `npm start`: build the app if needed, then serve app + relay (DESIGN §4). */
async function main(): Promise<void> {
	const log = consoleLogger;
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
}

main().catch((error: unknown) => {
	consoleLogger.error('relay: failed to start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.exit(1);
});
