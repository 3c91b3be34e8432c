#!/bin/sh
# Install (or remove) the bundled app for the current user, or system-wide with --system (root).
#
#   sh packaging/linux/install.sh [--system] [--bundle DIR]      install
#   sh packaging/linux/install.sh [--system] --uninstall         remove the program
#
# Per user: program in ~/.local/opt/meg-inqom-desktop, launchers in ~/.local/bin, menu entry,
# icons and AppStream metadata under ~/.local/share. System-wide: /opt/meg-inqom-desktop,
# /usr/local/bin, /usr/local/share. The data folder (~/.local/share/meg-inqom-desktop) and the
# logs (~/.local/state/meg-inqom-desktop/log) are never touched: delete them by hand to
# remove the data too (see docs/INSTALL.md).
set -eu

APP_ID="io.github.meg_inqom.MegInqomDesktop"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUNDLE="$ROOT/dist/meg-inqom-desktop"
MODE=user
ACTION=install

while [ $# -gt 0 ]; do
    case "$1" in
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        --bundle) BUNDLE="$2"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "option inconnue : $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "$MODE" = system ]; then
    PREFIX_OPT=/opt/meg-inqom-desktop
    BIN=/usr/local/bin
    SHARE=/usr/local/share
else
    PREFIX_OPT="$HOME/.local/opt/meg-inqom-desktop"
    BIN="$HOME/.local/bin"
    SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PREFIX_OPT"
    rm -f "$BIN/meg-inqom-desktop" "$BIN/meg-inqom"
    rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    for size in 16 24 32 48 64 128 256 512; do
        rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    rm -f "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    # "Lancer au démarrage de la session" of this user
    rm -f "${XDG_CONFIG_HOME:-$HOME/.config}/autostart/meg-inqom-desktop.desktop"
    refresh
    echo "Programme retiré. Données conservées : ${XDG_DATA_HOME:-$HOME/.local/share}/meg-inqom-desktop"
    exit 0
fi

if [ ! -x "$BUNDLE/meg-inqom-desktop" ]; then
    echo "Pas de bundle dans $BUNDLE : lancez d'abord « python packaging/build.py »." >&2
    exit 1
fi

mkdir -p "$(dirname "$PREFIX_OPT")" "$BIN" "$SHARE/applications" "$SHARE/metainfo"
rm -rf "$PREFIX_OPT.new"
cp -a "$BUNDLE" "$PREFIX_OPT.new"
rm -rf "$PREFIX_OPT"
mv "$PREFIX_OPT.new" "$PREFIX_OPT"
ln -sf "$PREFIX_OPT/meg-inqom-desktop" "$BIN/meg-inqom-desktop"
ln -sf "$PREFIX_OPT/meg-inqom" "$BIN/meg-inqom"

# Menu entry with an absolute Exec, so it works even when $BIN is not on the PATH.
sed "s|^Exec=meg-inqom-desktop|Exec=$PREFIX_OPT/meg-inqom-desktop|" \
    "$HERE/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
ICONS="$ROOT/resources/icons"
[ -d "$ICONS" ] || ICONS="$PREFIX_OPT/_internal/resources/icons"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
    cp "$ICONS/png/app-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$ICONS/app.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
refresh
echo "Installé dans $PREFIX_OPT ; lanceurs : $BIN/meg-inqom-desktop, $BIN/meg-inqom"
