import nodemailer from 'nodemailer';
import type { Logger } from './Logger.ts';
import { affiliationRequestText, type AffiliationRequestMail, type Mailer } from './Mailer.ts';

/** Sends through the SMTP server named by SMTP_URL (smtp://user:pass@host:port, or smtps://). */
export class SmtpMailer implements Mailer {
	readonly #transport: nodemailer.Transporter;
	readonly #from: string;
	readonly #log: Logger;

	constructor(smtpUrl: string, log: Logger, from = 'Business Center <no-reply@business-center.invalid>') {
		this.#transport = nodemailer.createTransport(smtpUrl);
		this.#from = from;
		this.#log = log;
	}

	async sendAffiliationRequest(mail: AffiliationRequestMail): Promise<void> {
		const { subject, text } = affiliationRequestText(mail);
		for (const recipient of mail.to) {
			try {
				await this.#transport.sendMail({ from: this.#from, to: { name: recipient.name, address: recipient.email }, subject, text });
			} catch (error) {
				// The in-app notification already reached them; a mail outage is logged, not fatal.
				this.#log.warn('mail: sending failed', { error: String(error) });
			}
		}
	}
}
