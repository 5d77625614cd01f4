import { execFileSync } from 'node:child_process';

/**
 * `npm test` runs every test, the PostgreSQL/Redis suites included: when DATABASE_URL and
 * REDIS_URL are not set, start the throwaway servers `.ci/services.sh` manages (it installs
 * them with apt-get when missing, so this needs root; CI sets the variables itself). If they
 * cannot be started, those suites say why (and fail under CI=true).
 */
export default function setup(): void {
	if (process.env.DATABASE_URL && process.env.REDIS_URL) return;
	try {
		const exports = execFileSync('bash', ['.ci/services.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
		// Lines of the form `export NAME=value [NAME=value …]`.
		for (const match of exports.matchAll(/\b(DATABASE_URL|REDIS_URL)=(\S+)/g)) {
			process.env[match[1]!] = match[2]!.replace(/^['"]|['"]$/g, '');
		}
	} catch (error) {
		console.warn(`tests: could not start PostgreSQL and Redis (${String(error)}); their suites will say so`);
	}
}
