#!/usr/bin/env bash
# Installs Debian's Chromium, with CJK and emoji fonts, for the e2e tests in tests/e2e/.
# Idempotent: does nothing when all are already present. Non-interactive (CI, no stdin).
# `npx playwright install` can't download browsers here; the tests drive /usr/bin/chromium
# through playwright-core instead.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
# Debian's chromium brings no CJK or emoji font: without these it draws Korean and the
# language menu's globe as empty boxes (tofu) in the screenshots.
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q 'NotoSansCJK' || packages+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || packages+=(fonts-noto-color-emoji)

if [ ${#packages[@]} -eq 0 ]; then
	echo "install-chromium: chromium and fonts already installed"
	exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "install-chromium: need root or sudo to install ${packages[*]}" >&2; exit 1; }
	sudo=(sudo -n)
fi

echo "install-chromium: installing ${packages[*]}"
"${sudo[@]}" apt-get update -q </dev/null
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}" </dev/null
/usr/bin/chromium --version
