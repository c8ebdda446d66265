#!/usr/bin/env bash
# Makes the fixtures of TestLibreOfficeWorkbook: excel-export.csv is the
# example's aktivitetsplan as Excel's Swedish "CSV (semikolonavgränsad)"
# writes it (Windows-1252, ;, CRLF, no BOM); excel-export.xlsx is that file
# opened in LibreOffice Calc with Swedish settings and saved as a workbook,
# as a communicator would do who has only the export. Needs Debian's
# libreoffice-calc-nogui; the results are committed.
set -euo pipefail
cd "$(dirname "$0")"
sed 's/$/\r/' ../../../../calendars/kommunledning/aktivitetsplan.csv | iconv -f UTF-8 -t WINDOWS-1252 > excel-export.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# CSV filter options: ; (59) as separator, " (34) as quote, Windows-1252
# (1), from line 1, Swedish (1053) for reading dates and numbers.
HOME=$work soffice --headless --nolockcheck --infilter="CSV:59,34,1,1,,1053" --convert-to xlsx --outdir "$work" excel-export.csv >/dev/null
mv "$work/excel-export.xlsx" .
