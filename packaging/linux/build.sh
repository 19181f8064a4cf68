#!/usr/bin/env bash
# Builds the Linux app from a checkout (`make package` runs this):
#
#   dist/<program>/                                  the one-folder app, runnable in place
#   dist/<program>-<version>-linux-x86_64.tar.gz     what a volunteer downloads
#   build/AppDir/                                    the same app laid out for an AppImage
#   dist/<program>-<version>-x86_64.AppImage         only where appimagetool is on PATH
#
# PRODUCT_NAME="Group planner" builds under a neutral name (packaging/README.md).
# PYTHON names the interpreter that has `.[package]` installed (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
export PRODUCT_NAME=${PRODUCT_NAME:-}

# A name the app would refuse stops the build here, before anything is removed or made.
DESCRIBED=$("$PYTHON" - <<'EOF'
import os
from facilitator_app import __version__
from facilitator_app.product import OWN_NAME, neutral_product

chosen = os.environ["PRODUCT_NAME"].strip()
try:
    product = neutral_product(chosen) if chosen else OWN_NAME
except ValueError as error:
    raise SystemExit(f"PRODUCT_NAME {chosen!r} cannot be used: {error}")
print(product.program, product.folder, __version__, product.name)
EOF
)
read -r PROGRAM FOLDER VERSION NAME <<< "$DESCRIBED"  # the shown name, spaces and all, last
ARCH=$(uname -m)
STAGE=build/linux/$PROGRAM
TARBALL=dist/$PROGRAM-$VERSION-linux-$ARCH.tar.gz

echo "Building \"$NAME\" ($PROGRAM $VERSION) for Linux $ARCH"
rm -rf "dist/$PROGRAM" build/linux build/AppDir "$TARBALL"
"$PYTHON" packaging/make_icons.py build >/dev/null
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/facilitator_app.spec

# The desktop entry: Exec and Icon are filled in where the person unpacks the app.
desktop_entry() {  # $1 = Exec, $2 = Icon
    sed -e "s|@NAME@|$NAME|g" -e "s|@EXEC@|$1|g" -e "s|@ICON@|$2|g" \
        -e "s|@PROGRAM@|$PROGRAM|g" packaging/linux/app.desktop.in
}

# The download: the app folder, its icon, a desktop entry and the script that adds it
# to the person's application menu.
mkdir -p "$STAGE"
cp -a "dist/$PROGRAM/." "$STAGE/"
cp build/icons/app-256.png "$STAGE/$PROGRAM.png"
desktop_entry "@APP_DIR@/$PROGRAM" "@APP_DIR@/$PROGRAM.png" > "$STAGE/$PROGRAM.desktop.in"
sed -e "s|@PROGRAM@|$PROGRAM|g" -e "s|@NAME@|$NAME|g" packaging/linux/install.sh.in \
    > "$STAGE/install.sh"
chmod 0755 "$STAGE/install.sh"
sed -e "s|@PROGRAM@|$PROGRAM|g" -e "s|@NAME@|$NAME|g" -e "s|@FOLDER@|$FOLDER|g" \
    packaging/linux/README.txt.in \
    > "$STAGE/README.txt"
tar --create --gzip --file "$TARBALL" --directory build/linux \
    --sort=name --owner=0 --group=0 --numeric-owner "$PROGRAM"
echo "Wrote $TARBALL ($(du -h "$TARBALL" | cut -f1))"

# The AppImage's folder: AppRun starts the app; the entry and icon sit at the top.
APPDIR=build/AppDir
mkdir -p "$APPDIR/usr/lib"
cp -a "dist/$PROGRAM" "$APPDIR/usr/lib/$PROGRAM"
sed -e "s|@PROGRAM@|$PROGRAM|g" packaging/linux/AppRun.in > "$APPDIR/AppRun"
chmod 0755 "$APPDIR/AppRun"
desktop_entry "$PROGRAM" "$PROGRAM" > "$APPDIR/$PROGRAM.desktop"
cp build/icons/app-256.png "$APPDIR/$PROGRAM.png"
ln -sf "$PROGRAM.png" "$APPDIR/.DirIcon"

if command -v appimagetool >/dev/null 2>&1; then
    APPIMAGE=dist/$PROGRAM-$VERSION-$ARCH.AppImage
    ARCH=$ARCH appimagetool --no-appstream "$APPDIR" "$APPIMAGE"
    echo "Wrote $APPIMAGE"
else
    echo "No appimagetool on PATH, so no AppImage: $APPDIR is ready for it."
    echo "  With appimagetool (packaging/README.md, AppImage):"
    echo "  ARCH=$ARCH appimagetool --no-appstream $APPDIR dist/$PROGRAM-$VERSION-$ARCH.AppImage"
fi
