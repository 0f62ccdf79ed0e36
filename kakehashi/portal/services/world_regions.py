"""World regions of countries, for grouping activities on the public pages.

Made from Natural Earth 1:110m admin-0 countries (public domain): REGION_UN, with the Americas
split at SUBREGION "Northern America" and Western Asia (less Cyprus and the Caucasus, grouped
with Europe) as the Middle East, as Japanese ministries group regions;
small states missing at that scale were added by hand. TF (French Southern Territories) has
no region there.
"""

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "asia": _("Asia"),
    "middle_east": _("Middle East"),
    "africa": _("Africa"),
    "europe": _("Europe"),
    "north_america": _("North America"),
    "latin_america": _("Latin America and the Caribbean"),
    "oceania": _("Oceania"),
    "antarctica": _("Antarctica"),
    "other": _("Other and unspecified"),
}

_CODES = {
    "asia": (
        "AF BD BN BT CN HK ID IN IR JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ "
        "TL TM TW UZ VN"
    ),
    "middle_east": "AE BH IL IQ JO KW LB OM PS QA SA SY TR YE",
    "africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS "
        "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT "
        "ZA ZM ZW"
    ),
    "europe": (
        "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE "
        "IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK"
    ),
    "north_america": "BM CA GL PM US",
    "latin_america": (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN "
        "HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    "oceania": (
        "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
    ),
    "antarctica": "AQ",
}
REGION_OF_COUNTRY = {code: region for region, codes in _CODES.items() for code in codes.split()}


def region_of(country_code: str) -> str:
    """Key into REGIONS for an ISO 3166-1 alpha-2 code; "other" when unknown."""
    return REGION_OF_COUNTRY.get(country_code.upper(), "other")


# IATI Region codelist (vocabulary 1, OECD DAC) to the same world regions.
_IATI_REGIONS = {
    "europe": "88 89",
    "africa": "189 289 298 1027 1028 1029 1030",
    "latin_america": "380 389 489 1031 1032",
    "middle_east": "589",
    "asia": "619 679 689 789 798",
    "oceania": "889 1033 1034 1035",
}
REGION_OF_IATI_REGION = {
    code: region for region, codes in _IATI_REGIONS.items() for code in codes.split()
}


def region_of_iati_region(code: str, vocabulary: str = "1") -> str:
    """World region of an IATI recipient region (DAC vocabulary); "other" when unknown."""
    if vocabulary not in ("", "1"):
        return "other"
    return REGION_OF_IATI_REGION.get(code, "other")
