#!/usr/bin/env bash
# Builds the macOS app from a checkout, on a Mac:
#
#   dist/<Name>.app                        the app, runnable in place
#   dist/<program>-<version>-macos.dmg     what a volunteer downloads
#
#   bash packaging/macos/build.sh
#
# Environment (all optional):
#   PRODUCT_NAME          a neutral name to build under, e.g. "Group planner" (packaging/README.md)
#   BASE_PYTHON           the Python 3.11 that makes .venv-package (default python3.11)
#   MACOS_SIGN_IDENTITY   a "Developer ID Application: ..." identity in the keychain; without
#                         it the app is unsigned, and Gatekeeper warns whoever opens it
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile, made once with
#                         `xcrun notarytool store-credentials`; needs MACOS_SIGN_IDENTITY
#   MACOS_NOTARY_KEYCHAIN the keychain holding that profile, if not the login keychain
#
# The app is built for this Mac's processor (Apple silicon or Intel).
# Runs under macOS's own bash 3.2, so no mapfile, no associative arrays.
set -euo pipefail
cd "$(dirname "$0")/../.."

BASE_PYTHON=${BASE_PYTHON:-python3.11}
VENV=.venv-package
PY=$VENV/bin/python
ENTITLEMENTS=packaging/macos/entitlements.plist
export PRODUCT_NAME=${PRODUCT_NAME:-}
MACOS_SIGN_IDENTITY=${MACOS_SIGN_IDENTITY:-}
MACOS_NOTARY_PROFILE=${MACOS_NOTARY_PROFILE:-}
MACOS_NOTARY_KEYCHAIN=${MACOS_NOTARY_KEYCHAIN:-}

if [ -n "$MACOS_NOTARY_PROFILE" ] && [ -z "$MACOS_SIGN_IDENTITY" ]; then
    echo "MACOS_NOTARY_PROFILE is set but MACOS_SIGN_IDENTITY is not: Apple notarises signed apps only." >&2
    exit 1
fi

# --- The build tools, in their own virtual environment -------------------------------------
if [ ! -x "$PY" ]; then
    if ! "$BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "$BASE_PYTHON is not Python 3.11 or later. Install Python 3.11 from python.org," >&2
        echo "or set BASE_PYTHON to one, e.g. BASE_PYTHON=/usr/local/bin/python3.11" >&2
        exit 1
    fi
    "$BASE_PYTHON" -m venv "$VENV"
fi
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet -c constraints.txt ".[package]"

# The name, program and version this build goes by (facilitator_app/product.py decides).
INFO=$("$PY" - <<'EOF'
import os
from facilitator_app import __version__
from facilitator_app.product import OWN_NAME, neutral_product

chosen = os.environ["PRODUCT_NAME"].strip()
try:
    product = neutral_product(chosen) if chosen else OWN_NAME
except ValueError as error:
    raise SystemExit(f"PRODUCT_NAME {chosen!r} cannot be used: {error}")
print(product.name)
print(product.program)
print(__version__)
EOF
)
{ IFS= read -r NAME; IFS= read -r PROGRAM; IFS= read -r VERSION; } <<<"$INFO"
APP="dist/$NAME.app"
CLI="$APP/Contents/MacOS/$PROGRAM-cli"
DMG="dist/$PROGRAM-$VERSION-macos.dmg"

echo "Building \"$NAME\" ($PROGRAM $VERSION) for macOS $(uname -m)"
rm -rf "$APP" "dist/$PROGRAM" "$DMG" build/dmg
"$PY" packaging/make_icons.py build >/dev/null
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/facilitator_app.spec

smoke_test() {
    QT_QPA_PLATFORM=offscreen "$PY" packaging/smoke_test.py "$CLI"
}
smoke_test

# --- Signing, inside out ---------------------------------------------------------------------
# Apple's advice: sign each piece of nested code before what contains it, never with --deep.
# Every library and framework first (deepest first), then the two programs with the
# entitlements, then the bundle, whose signature seals all of it.

sign() {
    codesign --force --timestamp --options runtime --sign "$MACOS_SIGN_IDENTITY" "$@"
}

is_mach_o() {
    case "$(file -b "$1")" in
        Mach-O*) return 0 ;;
        *) return 1 ;;
    esac
}

# Every .framework bundle, and every Mach-O file outside Contents/MacOS, one a line and
# relative to the bundle (so a name with * or ? in it cannot act as a pattern). PyInstaller
# keeps frameworks whole in Contents/Frameworks; Contents/Resources only links to them.
nested_code() (
    cd "$APP"
    find Contents/Frameworks -type d -name '*.framework' -print
    find Contents -type f ! -path 'Contents/MacOS/*' -print0 |
        while IFS= read -r -d '' path; do
            if is_mach_o "$path"; then printf '%s\n' "$path"; fi
        done
)

deepest_first() {
    awk -F/ '{ print NF "\t" $0 }' | sort -t "$(printf '\t')" -k1,1nr | cut -f2-
}

sign_app() {
    echo "Signing $APP as $MACOS_SIGN_IDENTITY"
    # Finder's extended attributes on any file make codesign refuse the bundle.
    xattr -cr "$APP"
    local code
    while IFS= read -r code; do
        sign "$APP/$code"
    done < <(nested_code | deepest_first)
    local program
    for program in "$APP/Contents/MacOS/"*; do
        if [ -f "$program" ] && [ ! -L "$program" ] && is_mach_o "$program"; then
            sign --entitlements "$ENTITLEMENTS" "$program"
        fi
    done
    sign --entitlements "$ENTITLEMENTS" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
}

# --- Notarisation ----------------------------------------------------------------------------
notarytool() {
    if [ -n "$MACOS_NOTARY_KEYCHAIN" ]; then
        xcrun notarytool "$@" --keychain-profile "$MACOS_NOTARY_PROFILE" \
            --keychain "$MACOS_NOTARY_KEYCHAIN"
    else
        xcrun notarytool "$@" --keychain-profile "$MACOS_NOTARY_PROFILE"
    fi
}

# Sends one file to Apple and waits (usually minutes). notarytool exits 0 even when Apple
# refuses the file, so the status is read from its answer; on refusal Apple's log says why.
notarise() {
    echo "Notarising $1 (this waits for Apple)"
    local answer parsed id status
    answer=$(notarytool submit "$1" --wait --output-format json)
    parsed=$("$PY" -c '
import json, sys
text = sys.stdin.read()
answer, _ = json.JSONDecoder().raw_decode(text, text.index("{"))
print(answer.get("id", ""), answer.get("status", ""))
' <<<"$answer")
    read -r id status <<<"$parsed"
    if [ "$status" != "Accepted" ]; then
        echo "Apple did not accept $1 (status: ${status:-unknown})." >&2
        if [ -n "$id" ]; then notarytool log "$id" >&2 || true; fi
        exit 1
    fi
}

if [ -n "$MACOS_SIGN_IDENTITY" ]; then
    sign_app
    # Again, now that the hardened runtime is in force: a missing entitlement shows here.
    smoke_test
fi

if [ -n "$MACOS_NOTARY_PROFILE" ]; then
    # The app gets its own ticket stapled, so Gatekeeper accepts it without asking Apple
    # even after it is copied out of the disk image onto a Mac with no connection.
    ZIP="build/$PROGRAM-notarise.zip"
    ditto -c -k --keepParent "$APP" "$ZIP"
    notarise "$ZIP"
    rm -f "$ZIP"
    xcrun stapler staple "$APP"
    spctl --assess --type execute --verbose=2 "$APP"
fi

# --- The disk image: the app and a link to Applications to drag it onto -------------------
STAGE=build/dmg
mkdir -p "$STAGE"
ditto "$APP" "$STAGE/$NAME.app"
ln -s /Applications "$STAGE/Applications"
# hdiutil sometimes finds the new image "busy" for a moment; a second try succeeds.
for attempt in 1 2 3; do
    if hdiutil create -quiet -volname "$NAME" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
        -ov "$DMG"; then
        break
    fi
    if [ "$attempt" = 3 ]; then
        echo "hdiutil could not make $DMG." >&2
        exit 1
    fi
    sleep 5
done
rm -rf "$STAGE"

if [ -n "$MACOS_SIGN_IDENTITY" ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi
if [ -n "$MACOS_NOTARY_PROFILE" ]; then
    notarise "$DMG"
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
fi

echo "Wrote $DMG ($(du -h "$DMG" | cut -f1))"
if [ -z "$MACOS_SIGN_IDENTITY" ]; then
    echo "Unsigned build (no MACOS_SIGN_IDENTITY): macOS will refuse to open it at first,"
    echo "and the person must allow it once in System Settings > Privacy & Security."
elif [ -z "$MACOS_NOTARY_PROFILE" ]; then
    echo "Signed but not notarised (no MACOS_NOTARY_PROFILE): macOS still blocks it at first,"
    echo "as it does an unsigned app."
fi
