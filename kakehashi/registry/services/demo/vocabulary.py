"""Bilingual vocabulary of the generated sample activities: countries with partner
institutions, regions, fields and sectors, topics, title templates and indicators."""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.registry.models import RecordKind

ASIA, AFRICA, LATIN_AMERICA, OTHER = "asia", "africa", "latin_america", "other"

# code: (Japanese name, English name, region, partner institution (ja, en)).
COUNTRIES: dict[str, tuple[str, str, str, tuple[str, str]]] = {
    "ID": (
        "インドネシア",
        "Indonesia",
        ASIA,
        ("バンドン工科大学", "Bandung Institute of Technology"),
    ),
    "TH": ("タイ", "Thailand", ASIA, ("チュラロンコン大学", "Chulalongkorn University")),
    "VN": (
        "ベトナム",
        "Viet Nam",
        ASIA,
        ("ベトナム国家大学ハノイ校", "Vietnam National University, Hanoi"),
    ),
    "PH": (
        "フィリピン",
        "the Philippines",
        ASIA,
        ("フィリピン大学ディリマン校", "University of the Philippines Diliman"),
    ),
    "MY": ("マレーシア", "Malaysia", ASIA, ("マラヤ大学", "University of Malaya")),
    "KH": (
        "カンボジア",
        "Cambodia",
        ASIA,
        ("カンボジア工科大学", "Institute of Technology of Cambodia"),
    ),
    "LA": ("ラオス", "Laos", ASIA, ("ラオス国立大学", "National University of Laos")),
    "MM": ("ミャンマー", "Myanmar", ASIA, ("ヤンゴン大学", "University of Yangon")),
    "BD": (
        "バングラデシュ",
        "Bangladesh",
        ASIA,
        ("バングラデシュ工科大学", "Bangladesh University of Engineering and Technology"),
    ),
    "IN": (
        "インド",
        "India",
        ASIA,
        ("インド工科大学デリー校", "Indian Institute of Technology Delhi"),
    ),
    "LK": ("スリランカ", "Sri Lanka", ASIA, ("ペラデニヤ大学", "University of Peradeniya")),
    "NP": ("ネパール", "Nepal", ASIA, ("トリブバン大学", "Tribhuvan University")),
    "MN": ("モンゴル", "Mongolia", ASIA, ("モンゴル国立大学", "National University of Mongolia")),
    "PK": ("パキスタン", "Pakistan", ASIA, ("カイデ・アザム大学", "Quaid-i-Azam University")),
    "BT": ("ブータン", "Bhutan", ASIA, ("ブータン王立大学", "Royal University of Bhutan")),
    "KE": (
        "ケニア",
        "Kenya",
        AFRICA,
        ("ジョモ・ケニヤッタ農工大学", "Jomo Kenyatta University of Agriculture and Technology"),
    ),
    "TZ": (
        "タンザニア",
        "Tanzania",
        AFRICA,
        ("ソコイネ農業大学", "Sokoine University of Agriculture"),
    ),
    "UG": ("ウガンダ", "Uganda", AFRICA, ("マケレレ大学", "Makerere University")),
    "ET": ("エチオピア", "Ethiopia", AFRICA, ("アディスアベバ大学", "Addis Ababa University")),
    "GH": ("ガーナ", "Ghana", AFRICA, ("ガーナ大学", "University of Ghana")),
    "NG": ("ナイジェリア", "Nigeria", AFRICA, ("イバダン大学", "University of Ibadan")),
    "ZM": ("ザンビア", "Zambia", AFRICA, ("ザンビア大学", "University of Zambia")),
    "ZA": ("南アフリカ", "South Africa", AFRICA, ("プレトリア大学", "University of Pretoria")),
    "MZ": (
        "モザンビーク",
        "Mozambique",
        AFRICA,
        ("エドゥアルド・モンドラーネ大学", "Eduardo Mondlane University"),
    ),
    "SN": (
        "セネガル",
        "Senegal",
        AFRICA,
        ("シェイク・アンタ・ジョップ大学", "Cheikh Anta Diop University"),
    ),
    "CM": ("カメルーン", "Cameroon", AFRICA, ("ヤウンデ第一大学", "University of Yaoundé I")),
    "MG": (
        "マダガスカル",
        "Madagascar",
        AFRICA,
        ("アンタナナリボ大学", "University of Antananarivo"),
    ),
    "BW": ("ボツワナ", "Botswana", AFRICA, ("ボツワナ大学", "University of Botswana")),
    "EG": ("エジプト", "Egypt", AFRICA, ("カイロ大学", "Cairo University")),
    "MW": ("マラウイ", "Malawi", AFRICA, ("マラウイ大学", "University of Malawi")),
    "BR": ("ブラジル", "Brazil", LATIN_AMERICA, ("サンパウロ大学", "University of São Paulo")),
    "MX": (
        "メキシコ",
        "Mexico",
        LATIN_AMERICA,
        ("メキシコ国立自治大学", "National Autonomous University of Mexico"),
    ),
    "PE": (
        "ペルー",
        "Peru",
        LATIN_AMERICA,
        ("ラ・モリーナ国立農業大学", "National Agrarian University La Molina"),
    ),
    "CL": ("チリ", "Chile", LATIN_AMERICA, ("チリ大学", "University of Chile")),
    "BO": (
        "ボリビア",
        "Bolivia",
        LATIN_AMERICA,
        ("サン・アンドレス大学", "Higher University of San Andrés"),
    ),
    "CO": (
        "コロンビア",
        "Colombia",
        LATIN_AMERICA,
        ("コロンビア国立大学", "National University of Colombia"),
    ),
    "AR": (
        "アルゼンチン",
        "Argentina",
        LATIN_AMERICA,
        ("ブエノスアイレス大学", "University of Buenos Aires"),
    ),
    "PA": ("パナマ", "Panama", LATIN_AMERICA, ("パナマ大学", "University of Panama")),
    "CR": (
        "コスタリカ",
        "Costa Rica",
        LATIN_AMERICA,
        ("コスタリカ大学", "University of Costa Rica"),
    ),
    "FJ": ("フィジー", "Fiji", OTHER, ("南太平洋大学", "University of the South Pacific")),
    "PG": (
        "パプアニューギニア",
        "Papua New Guinea",
        OTHER,
        ("パプアニューギニア大学", "University of Papua New Guinea"),
    ),
    "TR": ("トルコ", "Türkiye", OTHER, ("中東工科大学", "Middle East Technical University")),
}
# Share of activities per region (roughly as Japanese cooperation is spread).
REGION_WEIGHTS = {ASIA: 50, AFRICA: 28, LATIN_AMERICA: 16, OTHER: 6}
# IATI (OECD DAC) regions for the regional activities: code, Japanese, English.
DAC_REGIONS = {
    ASIA: ("798", "アジア地域", "Asia (regional)"),
    AFRICA: ("289", "サハラ以南アフリカ地域", "Sub-Saharan Africa (regional)"),
    LATIN_AMERICA: ("489", "南米地域", "South America (regional)"),
    OTHER: ("889", "オセアニア地域", "Oceania (regional)"),
}

ENVIRONMENT, BIORESOURCES, DISASTER, INFECTIOUS, GENERAL = (
    "environment-energy",
    "bio-resources",
    "disaster-prevention",
    "infectious-diseases",
    "",
)
# Japanese partners: (Japanese, English, the fields they are picked for; "" = any topic).
JAPANESE_INSTITUTIONS = [
    ("東京大学", "The University of Tokyo", ""),
    ("京都大学", "Kyoto University", ""),
    ("東北大学", "Tohoku University", ""),
    ("北海道大学", "Hokkaido University", ""),
    ("名古屋大学", "Nagoya University", ""),
    ("大阪大学", "Osaka University", ""),
    ("九州大学", "Kyushu University", ""),
    ("筑波大学", "University of Tsukuba", ""),
    ("神戸大学", "Kobe University", ""),
    ("広島大学", "Hiroshima University", ""),
    ("長崎大学", "Nagasaki University", INFECTIOUS),
    ("鳥取大学", "Tottori University", BIORESOURCES),
    (
        "国際農林水産業研究センター",
        "Japan International Research Center for Agricultural Sciences",
        BIORESOURCES,
    ),
    (
        "防災科学技術研究所",
        "National Research Institute for Earth Science and Disaster Resilience",
        DISASTER,
    ),
    ("国立環境研究所", "National Institute for Environmental Studies", ENVIRONMENT),
]

# The four SATREPS fields, as tags (vocabulary 99: the reporting organisation's own).
FIELDS = {
    ENVIRONMENT: ("環境・エネルギー", "Environment and energy"),
    BIORESOURCES: ("生物資源", "Bio-resources"),
    DISASTER: ("防災", "Disaster prevention"),
    INFECTIOUS: ("感染症", "Infectious diseases"),
}

# DAC 5-digit purpose codes used here, with our Japanese and English names.
SECTORS = {
    "31161": ("食用作物生産", "Food crop production"),
    "31182": ("農業研究", "Agricultural research"),
    "31220": ("林業開発", "Forestry development"),
    "31282": ("林業研究", "Forestry research"),
    "31320": ("漁業開発", "Fishery development"),
    "31382": ("漁業研究", "Fishery research"),
    "23260": ("地熱エネルギー", "Geothermal energy"),
    "23230": ("太陽光発電（系統連系）", "Solar energy for centralised grids"),
    "23270": ("バイオ燃料発電", "Biofuel-fired power plants"),
    "41010": ("環境政策・行政", "Environmental policy and administrative management"),
    "41020": ("生物圏の保護", "Biosphere protection"),
    "41030": ("生物多様性", "Biodiversity"),
    "41082": ("環境研究", "Environmental research"),
    "14010": ("水資源政策・行政", "Water sector policy and administrative management"),
    "74020": ("複合災害への備え", "Multi-hazard response preparedness"),
    "43060": ("災害リスク削減", "Disaster risk reduction"),
    "12250": ("感染症対策", "Infectious disease control"),
    "12262": ("マラリア対策", "Malaria control"),
    "12263": ("結核対策", "Tuberculosis control"),
    "12220": ("基礎保健", "Basic health care"),
    "11420": ("高等教育", "Higher education"),
    "43082": ("研究・科学機関", "Research/scientific institutions"),
    "32182": ("技術研究開発", "Technological research and development"),
}


@dataclass(frozen=True)
class Topic:
    ja: str
    en: str
    field: str
    sectors: tuple[str, ...]  # first is the main sector
    sdg: str


TOPICS = [
    Topic("乾燥地農業", "dryland agriculture", BIORESOURCES, ("31161", "31182"), "2"),
    Topic("稲の品種改良", "rice breeding", BIORESOURCES, ("31182", "31161"), "2"),
    Topic(
        "熱帯林の炭素蓄積",
        "carbon stocks of tropical forests",
        BIORESOURCES,
        ("31282", "41020"),
        "15",
    ),
    Topic("持続可能な養殖", "sustainable aquaculture", BIORESOURCES, ("31382", "31320"), "14"),
    Topic("生物多様性の保全", "biodiversity conservation", BIORESOURCES, ("41030", "41082"), "15"),
    Topic("森林資源の管理", "forest resource management", BIORESOURCES, ("31220", "31282"), "15"),
    Topic("地熱発電", "geothermal power", ENVIRONMENT, ("23260", "41082"), "7"),
    Topic("太陽光発電の系統連系", "grid integration of solar power", ENVIRONMENT, ("23230",), "7"),
    Topic("バイオマスエネルギー", "biomass energy", ENVIRONMENT, ("23270", "41082"), "7"),
    Topic(
        "都市の大気汚染対策", "urban air pollution control", ENVIRONMENT, ("41020", "41010"), "11"
    ),
    Topic("水資源管理", "water resources management", ENVIRONMENT, ("14010", "41010"), "6"),
    Topic("気候変動への適応", "climate change adaptation", ENVIRONMENT, ("41010", "41082"), "13"),
    Topic(
        "地震・津波の防災",
        "earthquake and tsunami disaster prevention",
        DISASTER,
        ("74020", "43060"),
        "11",
    ),
    Topic("洪水予測", "flood forecasting", DISASTER, ("43060", "14010"), "13"),
    Topic("地すべりの早期警戒", "landslide early warning", DISASTER, ("43060",), "11"),
    Topic("火山観測", "volcano monitoring", DISASTER, ("74020", "43060"), "11"),
    Topic("結核の制圧", "tuberculosis control", INFECTIOUS, ("12263",), "3"),
    Topic("マラリア対策", "malaria control", INFECTIOUS, ("12262", "12250"), "3"),
    Topic(
        "薬剤耐性菌の監視", "surveillance of antimicrobial resistance", INFECTIOUS, ("12250",), "3"
    ),
    Topic(
        "新興感染症の診断法",
        "diagnostics for emerging infectious diseases",
        INFECTIOUS,
        ("12250", "12220"),
        "3",
    ),
    Topic("工学系高等教育", "engineering higher education", GENERAL, ("11420", "43082"), "4"),
    Topic(
        "研究機関の能力強化",
        "strengthening research institutions",
        GENERAL,
        ("43082", "11420"),
        "9",
    ),
    Topic("産業技術の研究開発", "industrial technology research", GENERAL, ("32182", "43082"), "9"),
]
TOPICS_BY_FIELD = {field: [t for t in TOPICS if t.field == field] for field in FIELDS}

# Kinds of generated activity, in the proportions of one block of 20.
ODA, SATREPS, RESEARCH, EXCHANGE, DISPATCH = "oda", "satreps", "research", "exchange", "dispatch"
KIND_BLOCK = [ODA] * 9 + [SATREPS] * 4 + [RESEARCH] * 3 + [EXCHANGE] * 2 + [DISPATCH] * 2
RECORD_KIND = {
    ODA: RecordKind.ODA_PROJECT,
    SATREPS: RecordKind.RESEARCH_PROJECT,
    RESEARCH: RecordKind.RESEARCH_PROJECT,
    EXCHANGE: RecordKind.EXCHANGE,
    DISPATCH: RecordKind.PROGRAMME_ACTIVITY,
}
# Years it runs, and yen a year (low, high), per kind.
DURATIONS = {ODA: (3, 5), SATREPS: (4, 5), RESEARCH: (2, 3), EXCHANGE: (1, 2), DISPATCH: (2, 3)}
YEN_PER_YEAR = {
    ODA: (60_000, 250_000),
    SATREPS: (60_000, 120_000),
    RESEARCH: (8_000, 30_000),
    EXCHANGE: (3_000, 12_000),
    DISPATCH: (5_000, 20_000),
}  # in thousands of yen (千円)
AID_TYPE = {ODA: "D02", SATREPS: "C01", RESEARCH: "C01", EXCHANGE: "E01", DISPATCH: "D01"}

TITLES = {
    ODA: [
        ("{c}における{t}の能力強化プロジェクト", "Project for capacity development in {t} in {C}"),
        ("{c}{t}改善プロジェクト", "Project for the improvement of {t} in {C}"),
    ],
    SATREPS: [
        ("{c}における{t}に関する研究", "Research on {t} in {C}"),
        ("{t}のための{c}との国際共同研究", "International joint research with {C} on {t}"),
    ],
    RESEARCH: [("{c}との{t}に関する共同研究", "Joint research with {C} on {t}")],
    EXCHANGE: [
        ("{c}の若手研究者との交流（{t}）", "Exchange with young researchers from {C} ({t})")
    ],
    DISPATCH: [("{c}への研究者派遣（{t}）", "Dispatch of Japanese researchers to {C} ({t})")],
}
KIND_WORDS = {
    ODA: ("技術協力プロジェクト", "technical cooperation project"),
    SATREPS: ("SATREPSの国際共同研究", "SATREPS joint research project"),
    RESEARCH: ("国際共同研究", "joint research project"),
    EXCHANGE: ("研究者交流", "researcher exchange"),
    DISPATCH: ("研究者派遣", "researcher dispatch"),
}

INDICATORS = {
    GENERAL: [
        ("国際共著論文数", "Internationally co-authored papers", "本", "papers"),
        ("研修を受けた研究者・技術者", "Researchers and technicians trained", "人", "people"),
    ],
    ENVIRONMENT: [
        ("稼働している観測・実証サイト", "Monitoring and pilot sites in operation", "か所", "sites")
    ],
    BIORESOURCES: [
        ("開発・登録された品種や技術", "Varieties and techniques developed", "件", "items")
    ],
    DISASTER: [
        ("早期警戒情報を受け取れる地区", "Districts receiving early warnings", "地区", "districts")
    ],
    INFECTIOUS: [
        (
            "新しい診断法を導入した医療機関",
            "Health facilities using the new diagnostics",
            "機関",
            "facilities",
        )
    ],
}
