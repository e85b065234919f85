#!/bin/sh
# wapiti over the whole site anonymously, then over /manage/ signed in as an administrator.
#
#   bench/security/wapiti.sh http://127.0.0.1:8137 ADMIN_EMAIL ADMIN_PASSWORD ADMIN_ID OUTDIR
#
# Each scan is bounded by wapiti itself: the crawl by --max-scan-time, each of the 18
# modules by --max-attack-time. No module reaches beyond this machine: the out-of-band
# endpoints point at a closed loopback port, and bug reports are off. The signed-in scan
# leaves out what would end its own session or lock it out (signing out, ending sessions,
# its own password, second factor and user page) and two forms it would turn into another
# test: Publish (a whole export for each submission) and the site settings (it ticks
# "second factor required", after which every page asks the administrator to set one up,
# as it should). The role walk (role_walk.py) sends those routes their requests.
set -u
BASE=$1
EMAIL=$2
PASSWORD=$3
ADMIN_ID=$4
OUT=$5
WAPITI=${WAPITI:-/tmp/scanvenv/bin/wapiti}
PYTHON=${PYTHON:-.venv/bin/python}
case $BASE in http://127.*|http://localhost*) ;; *) echo "loopback only"; exit 2;; esac
mkdir -p "$OUT"
MODULES=backup,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss
MODULES=$MODULES,redirect,sql,timesql,upload,xss,xxe,ssrf
COMMON="-m $MODULES --endpoint http://127.0.0.1:9/ --dns-endpoint localhost
 --max-scan-time 900 --max-attack-time 75 --tasks 4 -d 6 --max-links-per-page 100
 --max-files-per-dir 60 --flush-session --no-bugreport -v 1 -f json"

# Sign in first: the anonymous scan's failed sign-ins make this address wait.
"$PYTHON" bench/security/client.py "$BASE" "$EMAIL" "$PASSWORD" "$OUT/admin" || exit 1

# Anonymous: the whole site (two of its four languages; the others are the same views).
# shellcheck disable=SC2086
"$WAPITI" -u "$BASE/" --scope folder $COMMON -x "$BASE/es/*" -x "$BASE/ar/*" \
    --store-session "$OUT/anon-session" -o "$OUT/anon.json" --log "$OUT/anon.log" \
    > "$OUT/anon.out" 2>&1

# Signed in as the administrator.
# shellcheck disable=SC2086
"$WAPITI" -u "$BASE/manage/" --scope folder $COMMON -c "$OUT/admin.cookies.json" \
    -A wapiti-signed-in -x "$BASE/logout" -x "$BASE/manage/account/sessions/*" \
    -x "$BASE/manage/account/password" -x "$BASE/manage/account/second-factor/*" \
    -x "$BASE/manage/users/$ADMIN_ID/*" -x "$BASE/manage/publish/" \
    -x "$BASE/manage/settings/" \
    --store-session "$OUT/admin-session" -o "$OUT/admin.json" --log "$OUT/admin.log" \
    > "$OUT/admin.out" 2>&1
