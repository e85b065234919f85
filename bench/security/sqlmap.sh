#!/bin/sh
# sqlmap over every query parameter the site reads, public and signed in.
#
#   CSRF=token bench/security/sqlmap.sh http://127.0.0.1:8137 "session=..." OUTDIR
#
# The cookie is an administrator's session, CSRF a token of that session (for the preview,
# a POST); bench/security/client.py signs in and gives both (cookie_header(), token()).
# Each target is bounded (90 s a parameter); level 2, risk 1, time-based tests of 2 s.
# Loopback only.
set -u
BASE=$1
COOKIE=$2
OUT=$3
SQLMAP=${SQLMAP:-/tmp/scanvenv/bin/sqlmap}
case $BASE in http://127.*|http://localhost*) ;; *) echo "loopback only"; exit 2;; esac
mkdir -p "$OUT"

run() {  # NAME URL PARAMS [extra sqlmap options...]
    name=$1 url=$2 params=$3
    shift 3
    seconds=$(( 90 * ($(printf %s "$params" | tr -cd , | wc -c) + 1) ))
    timeout "$seconds" "$SQLMAP" -u "$BASE$url" -p "$params" --batch --level 2 --risk 1 \
        --time-sec 2 --threads 2 --timeout 20 --retries 1 --disable-coloring \
        --output-dir "$OUT/data" "$@" > "$OUT/$name.log" 2>&1
    status=$?
    echo "$name: exit $status; not injectable: $(grep -o "parameter '[a-z]*' does not seem to be injectable" "$OUT/$name.log" | cut -d"'" -f2 | tr '\n' ' ')"
    grep -E "appears to be .*injectable|is vulnerable|sqlmap identified" "$OUT/$name.log"
}

# Public pages.
run partners "/partners/?q=water&group=government&country=vn&sdg=6&role=member&page=1" q,group,country,sdg,role,page
run search "/search/?q=water&page=1" q,page
run search-all "/search/all/?q=water&page=1" q,page
run decisions "/decisions/?state=open&action=open&year=2026&body=steering&owner=secretariat" state,action,year,body,owner
run reports "/reports/?type=report&year=2026" type,year
run login "/login?next=/manage/" next
run second-step "/login/second-step?next=/manage/" next
# Signed in as an administrator; the session cookie is kept, never replaced.
run manage-list "/manage/organisation/?status=draft" status --cookie "$COOKIE" --drop-set-cookie
run manage-diff "/manage/organisation/2/diff?from=238&to=238" from,to --cookie "$COOKIE" --drop-set-cookie
run manage-preview "/manage/preview?field=body" field --cookie "$COOKIE" --drop-set-cookie \
    --data "body=Hello&csrf_token=$CSRF"
