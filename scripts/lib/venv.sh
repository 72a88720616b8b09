# Shared by scripts/install and scripts/install-centre (sourced, not run).
# install_venv VENV WHEELHOUSE: a fresh venv of Debian's python3 at VENV holding exactly
# the wheelhouse (scripts/wheelhouse), installed with no package index: every file is
# checked against the wheelhouse's requirements.txt, so every box installed from the same
# wheelhouse runs the same bytes. Built beside the old venv and swapped in, so a failed
# install never leaves half a venv, and nothing of an older release lingers in it.

# Debian's interpreter, not whatever python3 comes first on PATH (pyenv, a dev venv).
KIOSK_PYTHON=${KIOSK_PYTHON:-/usr/bin/python3}

# Where the wheelhouse is: --wheelhouse DIR, else the release's wheelhouse-TARGET next to
# the scripts, else the one `make setup` / `make wheelhouse` builds in the checkout.
find_wheelhouse() {   # find_wheelhouse GIVEN TARGET SRC
    local given=$1 target=$2 src=$3 dir
    for dir in "$given" "$src/wheelhouse-$target" "$src/dist/wheelhouse-$target" \
               "$src/var/wheelhouse/$target"; do
        if [ -n "$dir" ] && [ -f "$dir/requirements.txt" ]; then
            (cd "$dir" && pwd)
            return 0
        fi
    done
    if [ -n "$given" ]; then
        echo "install: no wheelhouse in $given (no requirements.txt)" >&2
    else
        echo "install: no wheelhouse for the $target: build one on the build machine" \
             "(make wheelhouse, or scripts/wheelhouse --target $target) and pass" \
             "--wheelhouse DIR" >&2
    fi
    return 1
}

install_venv() {   # install_venv VENV WHEELHOUSE
    local venv=$1 house=$2 stage="$1.new"
    rm -rf "$stage"
    "$KIOSK_PYTHON" -m venv "$stage"
    # Only the wheelhouse: no index, no pip configuration, no PIP_* from the caller.
    (
        while read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
        export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
        "$stage/bin/python" -m pip install -q --no-index --find-links "$house" \
            --require-hashes --only-binary=:all: -r "$house/requirements.txt"
    )
    # The venv's own check that it can run the product, before it replaces the old one.
    "$stage/bin/python" -c 'import wire, core' 
    rm -rf "$venv.old"
    if [ -d "$venv" ]; then mv "$venv" "$venv.old"; fi
    mv "$stage" "$venv"
    rm -rf "$venv.old"
}
