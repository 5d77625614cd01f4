import { join } from 'node:path';
import { demoPassword, demoPeople, loadDemo } from './DemoData.ts';
import { ensureAppBuilt } from './ensureAppBuilt.ts';
import { consoleLogger } from './Logger.ts';
import { startRelay } from './Relay.ts';
import { readRelayConfig } from './RelayConfig.ts';

/** `npm run demo`: `npm start` plus the demo data (DemoData.ts). `--seed-only` loads and exits. */
async function main(): Promise<void> {
	const log = consoleLogger;
	const config = readRelayConfig(process.env);
	if (!config.ok) {
		for (const problem of config.problems) log.error(`config: ${problem}`);
		process.exit(2);
	}
	if (!config.skipBuild) await ensureAppBuilt(join(import.meta.dirname, '..'), log);
	const relay = await startRelay({ ...config.options, log });
	const loaded = await loadDemo(relay.url);
	log.info(loaded ? 'demo: loaded' : 'demo: already loaded in this DATA_DIR');
	console.log(`\nBusiness Center demo at ${relay.url}\nSign in with any of these (password "${demoPassword}"):`);
	for (const person of demoPeople) console.log(`  ${person.email.padEnd(26)} ${person.name}`);
	if (process.argv.includes('--seed-only')) {
		await relay.close();
		return;
	}
	const stop = (): void => void relay.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	consoleLogger.error('demo: failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.exit(1);
});
