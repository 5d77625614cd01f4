import type { Catalog } from '../Catalog';

/** Korean, in the words of Kakao Business's 관리자센터 (비즈니스계정, 사람과 권한, 마스터/멤버, 내보내기). */
export const ko: Catalog = {
	messages: {
		'app.name': 'Business Center',
		'app.skipToContent': '본문으로 바로가기',
		'app.language': '언어',

		'auth.signIn': '로그인',
		'auth.signUp': '회원가입',
		'auth.signOut': '로그아웃',
		'auth.signInHeading': 'Business Center 로그인',
		'auth.signUpHeading': '회원가입',
		'auth.ownCredentials': '모든 사용자가 자신의 이메일과 비밀번호로 로그인하므로 비밀번호를 공유할 필요가 없습니다.',
		'auth.email': '이메일 주소',
		'auth.password': '비밀번호',
		'auth.passwordRule': '{min}자 이상 입력하세요.',
		'auth.name': '이름',
		'auth.nameHint': '함께 일하는 사람들에게 표시됩니다.',
		'auth.signingIn': '로그인하는 중…',
		'auth.signingUp': '가입하는 중…',
		'auth.switchToSignUp': '처음이신가요? 회원가입',
		'auth.switchToSignIn': '이미 가입하셨나요? 로그인',
		'auth.signedInAs': '{name}님으로 로그인했습니다',
		'auth.signedInEmail': '이메일 주소: {email}',
		'auth.signingOut': '로그아웃하는 중…',
		'auth.signedOut': '로그아웃했습니다.',
		'auth.error.emailInvalid': 'name@example.com 형식의 이메일 주소를 입력하세요.',
		'auth.error.passwordRequired': '비밀번호를 입력하세요.',
		'auth.error.passwordTooShort': '비밀번호는 {min}자 이상이어야 합니다.',
		'auth.error.nameRequired': '이름을 입력하세요({max}자 이내).',
		'auth.error.wrongCredentials': '이메일 주소 또는 비밀번호가 올바르지 않습니다.',
		'auth.error.emailTaken': '이미 가입된 이메일 주소입니다. 로그인해 주세요.',
		'auth.error.rateLimited': '시도 횟수가 너무 많습니다. 잠시 후 다시 시도하세요.',
		'auth.error.network': '서버에 연결할 수 없습니다. 네트워크 연결을 확인한 후 다시 시도하세요.',
		'auth.error.unexpected': '서버에 문제가 발생했습니다(상태 코드 {status}). 다시 시도해 주세요.',

		'account.businessAccount': '비즈니스계정',
		'account.create': '비즈니스계정 만들기',
		'account.settings': '비즈니스계정 설정',
		'account.partnerBusinessAccount': '파트너 비즈니스계정',

		'people.title': '사람과 권한',
		'people.users': '관리자',
		'people.addUser': '관리자 추가',
		'people.remove': '내보내기',
		'people.accessTypes': '권한',
		'people.defaultAccessNote': '권한을 따로 선택하지 않으면 새 관리자에게는 도서 카탈로그 권한이 부여됩니다.',
		'people.revenueReportsNote': '수익 보고서를 보고 다운로드하려면 결제 센터 또는 계정 관리 권한이 필요합니다.',

		'assets.title': '자산',
		'assets.kind': '자산 유형',
		'assets.role': '권한',
		'assets.admins': '자산 관리자',
		'partners.title': '파트너',
		'requests.title': '자산 소속 요청',
		'requests.short': '요청',
		'notifications.title': '알림',
		'activity.title': '활동 기록',

		'refusal.missingAccessType.named': '{accessType} 권한이 필요합니다.',
		'refusal.userNotRegistered.email': '{email} 주소로 가입한 사용자가 없습니다. 먼저 회원가입을 요청하세요.',
		'refusal.unknown': '변경이 거부되었습니다.',

		'status.notFound.title': '페이지를 찾을 수 없습니다',
		'status.notFound.body': '이 주소에는 페이지가 없습니다. 링크를 확인하거나 처음 화면으로 돌아가세요.',
		'status.noAccess.title': '이 페이지에 접근할 권한이 없습니다',
		'status.noAccess.body': '현재 권한으로는 이 메뉴를 볼 수 없습니다. 비즈니스계정의 관리자에게 권한을 요청하세요.',
		'status.error.title': '문제가 발생했습니다',
		'status.error.body': '페이지를 표시할 수 없습니다. 다시 시도하거나 처음 화면으로 돌아가세요.',
		'status.backHome': '처음 화면으로'
	},
	rejectReasons: {
		'not-signed-in': '계속하려면 로그인하세요.',
		'not-member': '이 비즈니스계정의 관리자가 아닙니다.',
		'not-admin': '계정 관리 권한이 있는 관리자만 할 수 있습니다.',
		'missing-access-type': '현재 권한으로는 할 수 없는 작업입니다.',
		'not-asset-master': '이 자산의 마스터만 할 수 있습니다.',
		'relay-only': '서버만 변경할 수 있는 항목입니다.',
		'last-admin':
			'계정 관리 권한을 가진 유일한 관리자는 권한을 잃거나 내보내기 될 수 없습니다. 먼저 다른 관리자에게 계정 관리 권한을 부여하세요.',
		'master-must-be-demoted': "'마스터' 권한을 가진 관리자는 자산에서 내보낼 수 없습니다. '멤버' 권한으로 변경한 후 내보내기를 진행해 주세요.",
		'last-master': '자산의 유일한 마스터는 멤버로 변경할 수 없습니다. 먼저 다른 관리자를 마스터로 지정하세요.',
		'auto-pay-holder':
			"이 관리자의 카드가 광고계정의 '자동결제카드'로 등록되어 있어 내보낼 수 없습니다. 먼저 자동결제카드를 변경하세요.",
		'invalid-email': '올바른 이메일 주소를 입력하세요.',
		'invalid-name': '이름을 입력하세요. 비워 두거나 너무 길게 입력할 수 없습니다.',
		'invalid-id': '변경 내용의 식별자가 올바르지 않습니다.',
		'invalid-value': '올바르지 않은 값이 있습니다.',
		'invalid-isbn': '올바른 ISBN-10 또는 ISBN-13을 입력하세요.',
		'invalid-price': '0 이상의 가격을 입력하세요.',
		'unknown-access-type': '존재하지 않는 권한입니다.',
		'no-access-types': '권한을 하나 이상 선택하세요.',
		'unknown-asset-kind': '지원하지 않는 자산 유형입니다.',
		'unknown-role': '존재하지 않는 권한입니다. 마스터 또는 멤버를 선택하세요.',
		'too-long': '입력한 내용이 너무 깁니다.',
		'user-not-registered': '이 이메일 주소로 가입한 사용자가 없습니다. 먼저 회원가입을 요청하세요.',
		'already-member': '이미 이 비즈니스계정의 관리자입니다.',
		'unknown-member': '이 비즈니스계정의 관리자가 아니거나 이미 내보내졌습니다.',
		'unknown-account': '존재하지 않는 비즈니스계정입니다.',
		'unknown-asset': '존재하지 않거나 삭제된 자산입니다.',
		'unknown-asset-admin': '이 자산의 관리자가 아닙니다.',
		'unknown-partner': '존재하지 않는 파트너입니다.',
		'unknown-share': '공유되지 않았거나 공유가 해제된 자산입니다.',
		'unknown-request': '존재하지 않는 요청입니다.',
		'unknown-book': '존재하지 않거나 삭제된 도서입니다.',
		'unknown-payment-profile': '존재하지 않는 결제 프로필입니다.',
		'already-exists': '이미 존재합니다.',
		'not-partner': '파트너 관계인 비즈니스계정이 아닙니다.',
		'partner-not-active': '파트너 요청이 아직 수락되지 않았습니다.',
		'partnership-pending': '응답을 기다리는 파트너 요청이 이미 있습니다.',
		'cannot-partner-with-self': '자신의 비즈니스계정과는 파트너를 맺을 수 없습니다.',
		'not-owned-by-account': '이 비즈니스계정이 소유한 자산이 아닙니다.',
		'already-shared': '이미 해당 파트너에게 공유한 자산입니다.',
		'already-in-account': '이미 이 비즈니스계정에 소속된 자산입니다.',
		'request-not-pending': '이미 처리된 요청입니다.',
		'not-shared-with-account': '내 비즈니스계정에 공유된 자산이 아닙니다.',
		'role-above-ceiling': '공유받은 범위보다 높은 권한은 부여할 수 없습니다.',
		'nothing-selected': '항목을 하나 이상 선택하세요.',
		'malformed-update': '서버가 변경 내용을 읽을 수 없습니다.',
		'missing-dependency': '서버에 없는 데이터를 바탕으로 한 변경입니다.',
		'unknown-path': '존재하지 않는 데이터를 변경하려고 했습니다.',
		'forbidden-key': '변경할 수 없는 항목을 변경하려고 했습니다.',
		'stale-write': '그사이 다른 사람이 내용을 변경했습니다. 최신 내용을 확인한 후 다시 시도하세요.',
		'foreign-client-id': '다른 사용자의 세션으로 보낸 변경이라 거부되었습니다.',
		'room-not-found': '서버에 해당 데이터가 없습니다.',
		'too-large': '변경 내용이 너무 큽니다.',
		'rate-limited': '요청이 너무 많습니다. 잠시 후 다시 시도하세요.'
	},
	accessTypes: {
		admin: {
			name: '계정 관리',
			description: '다른 모든 권한을 포함하며, 관리자 관리 등 비즈니스계정 설정을 보고 수정할 수 있습니다.'
		},
		catalog: { name: '도서 카탈로그', description: '도서를 추가하고 수정할 수 있습니다.' },
		analytics: {
			name: '분석 및 보고서',
			description: '분석 탭을 보고 미리보기 및 판매 보고서를 다운로드할 수 있습니다.'
		},
		payments: {
			name: '결제 센터',
			description: '판매 지역과 결제 프로필(은행 계좌 정보 포함)을 관리하고 수익 보고서를 볼 수 있습니다.'
		}
	},
	assetKinds: {
		'kakaotalk-channel': '카카오톡 채널',
		'ad-account': '광고계정',
		'pixel-sdk': '픽셀 & SDK',
		'book-catalog': '도서 카탈로그'
	},
	assetRoles: {
		master: {
			name: '마스터',
			description: '자산의 관리자를 관리하고 자산 소속 요청을 수락합니다. 내보내려면 먼저 멤버로 변경해야 합니다.'
		},
		member: { name: '멤버', description: '자산을 함께 운영합니다. 마스터가 내보낼 수 있습니다.' }
	}
};
