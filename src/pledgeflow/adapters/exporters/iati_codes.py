"""Code lists the IATI export needs: ISO 3166-1 alpha-2 codes for the alpha-3 codes sites use.

IATI's recipient-country codelist is alpha-2; pledgeflow's sites carry alpha-3 codes. The
table covers the mission's nations; a code already two letters long passes as it is, and an
unknown alpha-3 code is an error naming the site, so no file claims a country it cannot name.
"""

from __future__ import annotations

_PAIRS = (
    "AUS:AU AUT:AT BEL:BE BGR:BG CAN:CA CHE:CH CZE:CZ DEU:DE DNK:DK ESP:ES EST:EE FIN:FI "
    "FRA:FR GBR:GB GRC:GR HRV:HR HUN:HU IRL:IE ISL:IS ITA:IT JPN:JP KOR:KR LTU:LT LUX:LU "
    "LVA:LV MDA:MD MKD:MK MNE:ME NLD:NL NOR:NO NZL:NZ POL:PL PRT:PT ROU:RO SVK:SK SVN:SI "
    "SWE:SE TUR:TR UKR:UA USA:US ALB:AL GEO:GE"
)
ALPHA2 = {pair[:3]: pair[4:] for pair in _PAIRS.split()}

TRANSACTION_COMMITMENT = "2"
TRANSACTION_DISBURSEMENT = "3"
ORGANISATION_GOVERNMENT = "10"
ROLE_FUNDING = "1"
ACTIVITY_IMPLEMENTATION = "2"
DATE_ACTUAL_START = "2"
VOCABULARY_REPORTING_ORGANISATION = "99"
