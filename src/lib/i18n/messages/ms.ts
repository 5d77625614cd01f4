import type { Catalog } from '../Catalog';

/**
 * Malay, in the words of Google Play Books' Pusat Rakan Kongsi help (Tetapan Akaun, Pengguna,
 * Tambah Pengguna, Alih Keluar, Akses Pentadbiran, Katalog Buku, Analitis dan Laporan, Pusat Pembayaran).
 */
export const ms: Catalog = {
	messages: {
		'app.name': 'Business Center',
		'app.skipToContent': 'Langkau ke kandungan utama',
		'app.language': 'Bahasa',

		'auth.signIn': 'Log masuk',
		'auth.signUp': 'Daftar',
		'auth.signOut': 'Log keluar',
		'auth.signInHeading': 'Log masuk ke Business Center',
		'auth.signUpHeading': 'Daftar akaun log masuk',
		'auth.ownCredentials':
			'Semua pengguna log masuk menggunakan alamat e-mel dan kata laluan mereka sendiri, jadi anda tidak perlu berkongsi kata laluan.',
		'auth.email': 'Alamat e-mel',
		'auth.password': 'Kata laluan',
		'auth.passwordRule': 'Sekurang-kurangnya {min} aksara.',
		'auth.name': 'Nama anda',
		'auth.nameHint': 'Dipaparkan kepada orang yang bekerja dengan anda.',
		'auth.signingIn': 'Sedang log masuk…',
		'auth.signingUp': 'Sedang mendaftar…',
		'auth.switchToSignUp': 'Pengguna baharu? Daftar',
		'auth.switchToSignIn': 'Sudah mendaftar? Log masuk',
		'auth.signedInAs': 'Log masuk sebagai {name}',
		'auth.signedInEmail': 'Alamat e-mel: {email}',
		'auth.signingOut': 'Sedang log keluar…',
		'auth.signedOut': 'Anda telah log keluar.',
		'auth.error.emailInvalid': 'Masukkan alamat e-mel seperti nama@contoh.com.',
		'auth.error.passwordRequired': 'Masukkan kata laluan anda.',
		'auth.error.passwordTooShort': 'Gunakan kata laluan sekurang-kurangnya {min} aksara.',
		'auth.error.nameRequired': 'Masukkan nama anda (maksimum {max} aksara).',
		'auth.error.wrongCredentials': 'Alamat e-mel atau kata laluan tidak betul.',
		'auth.error.emailTaken': 'Alamat e-mel ini sudah didaftarkan. Sila log masuk.',
		'auth.error.rateLimited': 'Terlalu banyak percubaan. Tunggu sebentar dan cuba lagi.',
		'auth.error.network': 'Pelayan tidak dapat dihubungi. Semak sambungan anda dan cuba lagi.',
		'auth.error.unexpected': 'Berlaku ralat pada pelayan (status {status}). Sila cuba lagi.',

		'account.businessAccount': 'Akaun perniagaan',
		'account.create': 'Cipta akaun perniagaan',
		'account.settings': 'Tetapan Akaun',
		'account.partnerBusinessAccount': 'Akaun perniagaan rakan kongsi',

		'people.title': 'Pengguna',
		'people.users': 'Pengguna',
		'people.addUser': 'Tambah Pengguna',
		'people.remove': 'Alih Keluar',
		'people.accessTypes': 'Jenis akses',
		'people.defaultAccessNote':
			'Secara lalai, pengguna baharu mempunyai akses kepada Katalog Buku, jadi pilih jenis akses lain jika perlu.',
		'people.revenueReportsNote':
			'Untuk melihat dan memuat turun laporan pendapatan, pengguna mestilah mempunyai akses Pusat Pembayaran atau Akses Pentadbiran.',

		'assets.title': 'Aset',
		'assets.kind': 'Jenis aset',
		'assets.role': 'Peranan',
		'assets.admins': 'Pentadbir aset',
		'partners.title': 'Rakan Kongsi',
		'requests.title': 'Permintaan gabungan aset',
		'requests.short': 'Permintaan',
		'notifications.title': 'Pemberitahuan',
		'activity.title': 'Aktiviti',

		'refusal.missingAccessType.named': 'Tindakan ini memerlukan jenis akses {accessType}.',
		'refusal.userNotRegistered.email': 'Belum ada sesiapa yang mendaftar dengan {email}. Minta mereka mendaftar dahulu.',
		'refusal.unknown': 'Perubahan ini ditolak.',

		'status.notFound.title': 'Halaman tidak ditemui',
		'status.notFound.body': 'Tiada apa-apa di alamat ini. Semak pautan, atau kembali ke halaman utama.',
		'status.noAccess.title': 'Anda tiada akses kepada halaman ini',
		'status.noAccess.body':
			'Jenis akses anda tidak merangkumi bahagian ini. Hubungi pentadbir akaun perniagaan anda untuk mendapatkan akses.',
		'status.error.title': 'Berlaku ralat',
		'status.error.body': 'Halaman ini tidak dapat dipaparkan. Cuba lagi, atau kembali ke halaman utama.',
		'status.backHome': 'Kembali ke halaman utama'
	},
	rejectReasons: {
		'not-signed-in': 'Log masuk untuk meneruskan.',
		'not-member': 'Anda bukan pengguna akaun perniagaan ini.',
		'not-admin': 'Hanya pengguna dengan Akses Pentadbiran boleh melakukan tindakan ini.',
		'missing-access-type': 'Jenis akses anda tidak membenarkan tindakan ini.',
		'not-asset-master': 'Hanya master aset ini boleh melakukan tindakan ini.',
		'relay-only': 'Hanya pelayan boleh membuat perubahan ini.',
		'last-admin':
			'Pengguna terakhir yang mempunyai Akses Pentadbiran tidak boleh kehilangan akses itu atau dialih keluar. Berikan Akses Pentadbiran kepada pengguna lain dahulu.',
		'master-must-be-demoted': 'Master tidak boleh dialih keluar daripada aset. Tukar peranannya kepada ahli dahulu.',
		'last-master': 'Satu-satunya master aset tidak boleh ditukar kepada ahli. Jadikan orang lain master dahulu.',
		'auto-pay-holder':
			'Kad pentadbir ini ialah kad bayaran automatik akaun iklan, jadi dia tidak boleh dialih keluar. Tukar kad bayaran automatik dahulu.',
		'invalid-email': 'Masukkan alamat e-mel yang sah.',
		'invalid-name': 'Masukkan nama. Nama tidak boleh kosong atau terlalu panjang.',
		'invalid-id': 'Pengecam dalam perubahan ini tidak sah.',
		'invalid-value': 'Salah satu nilai tidak sah.',
		'invalid-isbn': 'Masukkan ISBN-10 atau ISBN-13 yang sah.',
		'invalid-price': 'Masukkan harga sifar atau lebih.',
		'unknown-access-type': 'Jenis akses itu tidak wujud.',
		'no-access-types': 'Pilih sekurang-kurangnya satu jenis akses.',
		'unknown-asset-kind': 'Jenis aset itu tidak disokong.',
		'unknown-role': 'Peranan itu tidak wujud. Pilih master atau ahli.',
		'too-long': 'Teks ini terlalu panjang.',
		'user-not-registered': 'Belum ada sesiapa yang mendaftar dengan alamat e-mel ini. Minta mereka mendaftar dahulu.',
		'already-member': 'Orang ini sudah menjadi pengguna akaun perniagaan ini.',
		'unknown-member': 'Orang ini bukan pengguna akaun perniagaan ini, atau telah dialih keluar.',
		'unknown-account': 'Akaun perniagaan ini tidak wujud.',
		'unknown-asset': 'Aset ini tidak wujud atau telah dialih keluar.',
		'unknown-asset-admin': 'Orang ini bukan pentadbir aset ini.',
		'unknown-partner': 'Rakan kongsi ini tidak wujud.',
		'unknown-share': 'Aset ini tidak dikongsi, atau perkongsian telah tamat.',
		'unknown-request': 'Permintaan ini tidak wujud.',
		'unknown-book': 'Buku ini tidak wujud atau telah dialih keluar.',
		'unknown-payment-profile': 'Profil pembayaran ini tidak wujud.',
		'already-exists': 'Item ini sudah wujud.',
		'not-partner': 'Akaun perniagaan itu bukan rakan kongsi.',
		'partner-not-active': 'Permintaan rakan kongsi belum diterima.',
		'partnership-pending': 'Permintaan rakan kongsi sedang menunggu jawapan.',
		'cannot-partner-with-self': 'Akaun perniagaan tidak boleh menjadi rakan kongsi kepada dirinya sendiri.',
		'not-owned-by-account': 'Aset ini bukan milik akaun perniagaan ini.',
		'already-shared': 'Aset ini sudah dikongsi dengan rakan kongsi tersebut.',
		'already-in-account': 'Aset ini sudah berada dalam akaun perniagaan ini.',
		'request-not-pending': 'Permintaan ini sudah dijawab.',
		'not-shared-with-account': 'Aset ini tidak dikongsi dengan akaun perniagaan anda.',
		'role-above-ceiling': 'Peranan ini lebih tinggi daripada yang dibenarkan oleh perkongsian.',
		'nothing-selected': 'Pilih sekurang-kurangnya satu item.',
		'malformed-update': 'Pelayan tidak dapat membaca perubahan ini.',
		'missing-dependency': 'Perubahan ini bergantung pada data yang tiada di pelayan.',
		'unknown-path': 'Perubahan ini merujuk kepada data yang tidak wujud.',
		'forbidden-key': 'Perubahan ini menulis medan yang tidak dibenarkan.',
		'stale-write': 'Orang lain telah mengubah item ini sebentar tadi. Semak versi terkini dan cuba lagi.',
		'foreign-client-id': 'Perubahan ini dihantar atas sesi pengguna lain dan telah ditolak.',
		'room-not-found': 'Data ini tiada di pelayan.',
		'too-large': 'Perubahan ini terlalu besar.',
		'rate-limited': 'Terlalu banyak permintaan. Tunggu sebentar dan cuba lagi.'
	},
	accessTypes: {
		admin: {
			name: 'Akses Pentadbiran',
			description:
				'Termasuk semua jenis akses lain, serta keupayaan untuk melihat dan mengedit tetapan akaun (seperti mengurus pengguna).'
		},
		catalog: { name: 'Katalog Buku', description: 'Tambahkan dan edit buku.' },
		analytics: {
			name: 'Analitis dan Laporan',
			description: 'Akses tab Analitis dan muat turun pratonton serta laporan jualan.'
		},
		payments: {
			name: 'Pusat Pembayaran',
			description:
				'Urus wilayah jualan dan profil pembayaran (termasuk maklumat akaun bank), serta akses Laporan Pendapatan.'
		}
	},
	assetKinds: {
		'kakaotalk-channel': 'Saluran KakaoTalk',
		'ad-account': 'Akaun iklan',
		'pixel-sdk': 'Piksel & SDK',
		'book-catalog': 'Katalog buku'
	},
	assetRoles: {
		master: {
			name: 'Master',
			description:
				'Mengurus pentadbir aset dan menerima permintaan gabungan. Perlu ditukar kepada ahli sebelum dialih keluar.'
		},
		member: { name: 'Ahli', description: 'Menguruskan aset bersama-sama. Boleh dialih keluar oleh master.' }
	}
};
