/**
 * E-mail the relay sends on its own (R10: an affiliation request reaches the asset's
 * masters by e-mail when the relay has SMTP configured). Sending never blocks or fails a
 * write: the in-app notification is the record, e-mail is a courtesy.
 */
export interface AffiliationRequestMail {
	readonly to: readonly { readonly email: string; readonly name: string }[];
	readonly requesterName: string;
	readonly assetName: string;
	/** Where the master decides: the app's notifications page. */
	readonly link: string;
}

export interface Mailer {
	sendAffiliationRequest(mail: AffiliationRequestMail): Promise<void>;
}

/** The message in the three languages of the product: the relay does not know each reader's. */
export function affiliationRequestText(mail: Omit<AffiliationRequestMail, 'to'>): { subject: string; text: string } {
	const { requesterName, assetName, link } = mail;
	return {
		subject: `[Business Center] ${requesterName} → ${assetName}`,
		text: [
			`${requesterName} 비즈니스계정에서 자산 "${assetName}"에 소속 요청을 보냈습니다. 자산의 마스터만 수락할 수 있습니다.`,
			`${requesterName} meminta aset "${assetName}" disertakan dalam akaun perniagaannya. Hanya master aset boleh menerima.`,
			`${requesterName} asked for the asset "${assetName}" to join its business account. Only the asset's masters can accept.`,
			'',
			link
		].join('\n')
	};
}
