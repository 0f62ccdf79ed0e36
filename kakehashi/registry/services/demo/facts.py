"""The documented facts (DOMAIN.md, "Facts for the demo data") as registry records.

These are real records (is_sample=False): organisations, offices, programmes, large projects,
agreements, meetings, the ISTC contribution and key figures with their sources. The texts are
our own short summaries, not sentences copied from the documents. A few ISTC contributions
for other years are invented for the demo and marked is_sample=True.

Every record is found again by a natural key (IATI identifier, slug, code, title…) and
updated in place, so loading twice creates nothing new and `demo --reset` restores the
documented values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from kakehashi.core.models import Country, Office
from kakehashi.registry.models import (
    AgreementKind,
    BudgetKind,
    Contribution,
    ContributionKind,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    MeetingKind,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeKind,
)
from kakehashi.registry.models.agreements import Agreement, Meeting, MeetingLevel

# Where the figures were stated (KeyFigure.source).
SOURCE_ISTC_SHEET = "外務省 拠出金評価シート「国際科学技術センター（ISTC）拠出金」（平成29年度）"
SOURCE_WHITE_PAPER = "文部科学省『科学技術白書』（2013年）国際活動の節"
SOURCE_MOFA_PRESS_2011 = "外務省報道発表「日・EC科学技術協力協定の効力発生」（2011年3月30日）"

ISTC_FISCAL_YEAR = 2017
ISTC_AMOUNT = Decimal("40159000")  # 40,159 千円, initial budget

GOV = OrganisationKind.GOVERNMENT
FUNDER = OrganisationKind.FUNDING_AGENCY
INSTITUTE = OrganisationKind.RESEARCH_INSTITUTE
INTERNATIONAL = OrganisationKind.INTERNATIONAL_ORGANISATION

# key: how the other facts and the generator refer to an organisation.
# Organisations with an IATI identifier are found by it, the others by English name.
ORGANISATIONS: list[dict] = [
    {
        "key": "mofa",
        "abbreviation": "MOFA",
        "kind": GOV,
        "country": "JP",
        "name_ja": "外務省",
        "name_en": "Ministry of Foreign Affairs of Japan",
        "iati_identifier": "XM-DAC-701-2",
        "iati_type": "10",
        "website": "https://www.mofa.go.jp/",
        "headquarters_ja": "東京",
        "headquarters_en": "Tokyo",
        "description_ja": "日本の外交を担う省。開発協力（ODA）の政策、国際機関への拠出金、"
        "二国間の科学技術協力協定を担当する。",
        "description_en": "Japan's foreign ministry: development cooperation (ODA) policy, "
        "contributions to international organisations and bilateral S&T agreements.",
    },
    {
        "key": "mext",
        "abbreviation": "MEXT",
        "kind": GOV,
        "country": "JP",
        "iati_type": "10",
        "name_ja": "文部科学省",
        "name_en": "Ministry of Education, Culture, Sports, Science and Technology",
        "website": "https://www.mext.go.jp/",
        "headquarters_ja": "東京",
        "headquarters_en": "Tokyo",
        "description_ja": "教育、科学技術・学術、スポーツ、文化を担当する省。大型国際プロジェクト、"
        "研究者の国際交流、国際共同研究の施策を進める。",
        "description_en": "Ministry for education, science and technology, sports and culture; "
        "runs Japan's part in large international projects, researcher exchange and joint "
        "research.",
    },
    {
        "key": "jst",
        "abbreviation": "JST",
        "kind": FUNDER,
        "country": "JP",
        "iati_type": "15",
        "parent": "mext",
        "name_ja": "科学技術振興機構",
        "name_en": "Japan Science and Technology Agency",
        "website": "https://www.jst.go.jp/",
        "description_ja": "文部科学省所管の研究資金配分機関。SATREPSの研究面を担い、"
        "海外の資金配分機関との国際共同研究を支援する。",
        "description_en": "Research funding agency under MEXT; funds the research side of "
        "SATREPS and joint research with foreign funding agencies.",
    },
    {
        "key": "jsps",
        "abbreviation": "JSPS",
        "kind": FUNDER,
        "country": "JP",
        "iati_type": "15",
        "parent": "mext",
        "name_ja": "日本学術振興会",
        "name_en": "Japan Society for the Promotion of Science",
        "website": "https://www.jsps.go.jp/",
        "description_ja": "学術研究への助成と、若手研究者の海外派遣・外国人研究者の招へいなど"
        "研究者の国際交流を担う。",
        "description_en": "Funds academic research and runs researcher exchange: young "
        "Japanese researchers abroad, foreign researchers in Japan.",
    },
    {
        "key": "jica",
        "abbreviation": "JICA",
        "kind": GOV,
        "country": "JP",
        "iati_identifier": "XM-DAC-701-8",
        "iati_type": "10",
        "parent": "mofa",
        "name_ja": "国際協力機構",
        "name_en": "Japan International Cooperation Agency",
        "website": "https://www.jica.go.jp/",
        "description_ja": "日本の政府開発援助（技術協力、有償資金協力、無償資金協力）を実施する"
        "機関。SATREPSではODA面を担う。",
        "description_en": "Implements Japan's official development assistance (technical "
        "cooperation, loans and grants); funds the ODA side of SATREPS.",
    },
    {
        "key": "jaxa",
        "abbreviation": "JAXA",
        "kind": INSTITUTE,
        "country": "JP",
        "iati_type": "15",
        "parent": "mext",
        "name_ja": "宇宙航空研究開発機構",
        "name_en": "Japan Aerospace Exploration Agency",
        "website": "https://www.jaxa.jp/",
        "description_ja": "日本の宇宙機関。ISSの日本実験棟「きぼう」と補給機「こうのとり」（HTV）を"
        "運用し、APRSAFとセンチネルアジアに参加する。",
        "description_en": "Japan's space agency; operates the Kibo module of the ISS and the "
        "HTV cargo vehicle, and takes part in APRSAF and Sentinel Asia.",
    },
    {
        "key": "jamstec",
        "abbreviation": "JAMSTEC",
        "kind": INSTITUTE,
        "country": "JP",
        "iati_type": "15",
        "parent": "mext",
        "name_ja": "海洋研究開発機構",
        "name_en": "Japan Agency for Marine-Earth Science and Technology",
        "website": "https://www.jamstec.go.jp/",
        "description_ja": "海洋・地球科学の研究機関。地球深部探査船「ちきゅう」を運用する。",
        "description_en": "Marine and earth science institute; operates the drilling vessel "
        "Chikyu.",
    },
    {
        "key": "jma",
        "abbreviation": "JMA",
        "kind": GOV,
        "country": "JP",
        "iati_type": "10",
        "name_ja": "気象庁",
        "name_en": "Japan Meteorological Agency",
        "website": "https://www.jma.go.jp/",
        "description_ja": "日本の気象業務を担う国の機関。アルゴ計画のフロート投入に協力する。",
        "description_en": "Japan's national weather service; deploys floats for the Argo "
        "programme.",
    },
    {
        "key": "kek",
        "abbreviation": "KEK",
        "kind": INSTITUTE,
        "country": "JP",
        "iati_type": "80",
        "name_ja": "高エネルギー加速器研究機構",
        "name_en": "High Energy Accelerator Research Organization",
        "website": "https://www.kek.jp/",
        "description_ja": "加速器を使う素粒子・原子核物理などの研究機関。大学とともにLHCのATLAS"
        "実験に参加する。",
        "description_en": "Accelerator science institute; takes part in the ATLAS experiment "
        "at the LHC together with Japanese universities.",
    },
    {
        "key": "istc",
        "abbreviation": "ISTC",
        "kind": INTERNATIONAL,
        "country": "KZ",
        "iati_type": "40",
        "name_ja": "国際科学技術センター",
        "name_en": "International Science and Technology Center",
        "website": "https://www.istc.int/",
        "headquarters_ja": "アスタナ（カザフスタン）",
        "headquarters_en": "Astana, Kazakhstan",
        "description_ja": "旧ソ連諸国で大量破壊兵器とその運搬手段の研究開発に携わっていた科学者・"
        "技術者が平和目的の研究プロジェクトに従事できるよう支援し、関連技術の拡散を防ぐ国際機関。"
        "1994年3月に日本・米国・EU・ロシアが設立した。",
        "description_en": "International organisation that helps scientists and engineers "
        "of the former Soviet states who worked on weapons of mass destruction turn to "
        "peaceful research, so that the know-how does not spread. Founded in March 1994 by "
        "Japan, the United States, the EU and Russia.",
    },
    {
        "key": "cern",
        "abbreviation": "CERN",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "欧州合同原子核研究機関",
        "name_en": "European Organization for Nuclear Research",
        "website": "https://home.cern/",
        "founded": dt.date(1954, 9, 29),
        "headquarters_ja": "ジュネーブ（スイス）",
        "headquarters_en": "Geneva, Switzerland",
        "description_ja": "素粒子物理学の国際研究機関。大型ハドロン衝突型加速器（LHC）を運用する。",
        "description_en": "International particle physics laboratory; runs the Large Hadron "
        "Collider (LHC).",
    },
    {
        "key": "iter",
        "abbreviation": "ITER",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "ITER国際核融合エネルギー機構",
        "name_en": "ITER International Fusion Energy Organization",
        "website": "https://www.iter.org/",
        "founded": dt.date(2007, 10, 24),
        "headquarters_ja": "サン・ポール・レ・デュランス（フランス）",
        "headquarters_en": "Saint-Paul-lez-Durance, France",
        "description_ja": "ITER（国際熱核融合実験炉）を建設・運転する国際機関。",
        "description_en": "International organisation that builds and will operate ITER.",
    },
    {
        "key": "hfspo",
        "abbreviation": "HFSPO",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "国際ヒューマン・フロンティア・サイエンス・プログラム機構",
        "name_en": "International Human Frontier Science Program Organization",
        "website": "https://www.hfsp.org/",
        "headquarters_ja": "ストラスブール（フランス）",
        "headquarters_en": "Strasbourg, France",
        "description_ja": "ヒューマン・フロンティア・サイエンス・プログラム（HFSP）を"
        "運営する国際機関。",
        "description_en": "International organisation that runs the Human Frontier Science "
        "Program (HFSP).",
    },
    {
        "key": "unesco",
        "abbreviation": "UNESCO",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "国際連合教育科学文化機関",
        "name_en": "United Nations Educational, Scientific and Cultural Organization",
        "website": "https://www.unesco.org/",
        "headquarters_ja": "パリ（フランス）",
        "headquarters_en": "Paris, France",
        "description_ja": "教育・科学・文化の国連専門機関。政府間海洋学委員会や国際水文学計画などの"
        "科学事業を持つ。",
        "description_en": "UN agency for education, science and culture; its science work "
        "includes the Intergovernmental Oceanographic Commission and the International "
        "Hydrological Programme.",
    },
    {
        "key": "ioc",
        "abbreviation": "IOC-UNESCO",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "parent": "unesco",
        "name_ja": "ユネスコ政府間海洋学委員会",
        "name_en": "Intergovernmental Oceanographic Commission of UNESCO",
        "headquarters_ja": "パリ（フランス）",
        "headquarters_en": "Paris, France",
        "description_ja": "海洋の科学調査と観測の国際協力を進めるユネスコの委員会。",
        "description_en": "UNESCO commission for international cooperation in ocean science "
        "and observation.",
    },
    {
        "key": "wmo",
        "abbreviation": "WMO",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "世界気象機関",
        "name_en": "World Meteorological Organization",
        "website": "https://wmo.int/",
        "headquarters_ja": "ジュネーブ（スイス）",
        "headquarters_en": "Geneva, Switzerland",
        "description_ja": "気象・気候・水に関する国連の専門機関。",
        "description_en": "UN agency for weather, climate and water.",
    },
    {
        "key": "oecd",
        "abbreviation": "OECD",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "経済協力開発機構",
        "name_en": "Organisation for Economic Co-operation and Development",
        "website": "https://www.oecd.org/",
        "founded": dt.date(1961, 9, 30),
        "headquarters_ja": "パリ（フランス）",
        "headquarters_en": "Paris, France",
        "description_ja": "加盟国が経済・社会政策を議論する国際機関。科学技術政策委員会（CSTP）で"
        "科学技術イノベーション政策や統計指標を扱う。",
        "description_en": "Forum of member countries on economic and social policy; its "
        "Committee for Scientific and Technological Policy (CSTP) covers science, technology "
        "and innovation policy and indicators.",
    },
    {
        "key": "eu",
        "abbreviation": "EU",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "欧州連合",
        "name_en": "European Union",
        "website": "https://european-union.europa.eu/",
        "headquarters_ja": "ブリュッセル（ベルギー）",
        "headquarters_en": "Brussels, Belgium",
        "description_ja": "欧州の国家連合。日本と科学技術協力協定を結び、ITERの極の一つである。",
        "description_en": "Union of European states; has an S&T cooperation agreement with "
        "Japan and is one of the ITER members.",
    },
    {
        "key": "esa",
        "abbreviation": "ESA",
        "kind": INTERNATIONAL,
        "iati_type": "40",
        "name_ja": "欧州宇宙機関",
        "name_en": "European Space Agency",
        "website": "https://www.esa.int/",
        "headquarters_ja": "パリ（フランス）",
        "headquarters_en": "Paris, France",
        "description_ja": "欧州諸国の宇宙機関。ISS計画の欧州の参加機関。",
        "description_en": "Space agency of European states; Europe's partner in the ISS.",
    },
    {
        "key": "nasa",
        "abbreviation": "NASA",
        "kind": GOV,
        "country": "US",
        "iati_type": "10",
        "name_ja": "米国航空宇宙局",
        "name_en": "National Aeronautics and Space Administration",
        "website": "https://www.nasa.gov/",
        "headquarters_ja": "ワシントンD.C.（米国）",
        "headquarters_en": "Washington, D.C., USA",
        "description_ja": "米国の宇宙機関。ISS計画の米国の参加機関。",
        "description_en": "The United States space agency; the US partner in the ISS.",
    },
    {
        "key": "csa",
        "abbreviation": "CSA",
        "kind": GOV,
        "country": "CA",
        "iati_type": "10",
        "name_ja": "カナダ宇宙庁",
        "name_en": "Canadian Space Agency",
        "website": "https://www.asc-csa.gc.ca/",
        "description_ja": "カナダの宇宙機関。ISS計画のカナダの参加機関。",
        "description_en": "Canada's space agency; the Canadian partner in the ISS.",
    },
    {
        "key": "roscosmos",
        "abbreviation": "Roscosmos",
        "kind": GOV,
        "country": "RU",
        "iati_type": "10",
        "name_ja": "ロスコスモス",
        "name_en": "Roscosmos State Corporation for Space Activities",
        "description_ja": "ロシアの国営宇宙公社。ISS計画のロシアの参加機関。",
        "description_en": "Russia's state space corporation; the Russian partner in the ISS.",
    },
]

OFFICES: list[dict] = [
    {
        "code": "mofa-science-cooperation",
        "organisation": "mofa",
        "name_ja": "国際科学協力室",
        "name_en": "International Science Cooperation Division",
    },
    {
        "code": "mext-international-affairs",
        "organisation": "mext",
        "name_ja": "大臣官房国際課",
        "name_en": "International Affairs Division, Minister's Secretariat",
    },
    {
        "code": "jst-international-affairs",
        "organisation": "jst",
        "name_ja": "国際部",
        "name_en": "Department of International Affairs",
    },
    {
        "code": "jsps-international-programs",
        "organisation": "jsps",
        "name_ja": "国際事業部",
        "name_en": "Department of International Programs",
    },
    {
        "code": "jica-global-environment",
        "organisation": "jica",
        "name_ja": "地球環境部",
        "name_en": "Global Environment Department",
    },
    {
        "code": "jica-human-development",
        "organisation": "jica",
        "name_ja": "人間開発部",
        "name_en": "Human Development Department",
    },
]
MOFA_OFFICE = "mofa-science-cooperation"
MEXT_OFFICE = "mext-international-affairs"


@dataclass(frozen=True)
class Figure:
    label_ja: str
    label_en: str
    value: str
    unit_ja: str = ""
    unit_en: str = ""
    at_least: bool = False
    approximate: bool = False
    as_of: dt.date | None = None
    period_ja: str = ""
    period_en: str = ""
    source: str = SOURCE_WHITE_PAPER


ISTC_FIGURES = [
    Figure(
        "従事したプロジェクト数",
        "Projects carried out",
        "2800",
        "件",
        "projects",
        at_least=True,
        as_of=dt.date(2016, 12, 31),
        period_ja="1994年の設立以来",
        period_en="since 1994",
        source=SOURCE_ISTC_SHEET,
    ),
    Figure(
        "従事した旧ソ連諸国の科学者・技術者",
        "Scientists and engineers of former Soviet states taking part",
        "76000",
        "人（延べ）",
        "person-times",
        at_least=True,
        as_of=dt.date(2016, 12, 31),
        period_ja="1994年の設立以来",
        period_en="since 1994",
        source=SOURCE_ISTC_SHEET,
    ),
    Figure(
        "パートナーの日本企業・機関",
        "Japanese partner companies and bodies",
        "85",
        "社・機関",
        "companies and bodies",
        as_of=dt.date(2017, 6, 1),
        period_ja="2017年6月現在",
        period_en="as of June 2017",
        source=SOURCE_ISTC_SHEET,
    ),
    Figure(
        "事務局運営費の削減（前年比）",
        "Cut in secretariat running costs (year on year)",
        "21",
        "%",
        "%",
        period_ja="2016年",
        period_en="2016",
        source=SOURCE_ISTC_SHEET,
    ),
    Figure(
        "承認プロジェクトへの資金支援決定総額",
        "Funding decided for approved projects",
        "868000000",
        "米ドル",
        "US dollars",
        approximate=True,
        as_of=dt.date(2013, 1, 1),
        period_ja="2013年1月現在",
        period_en="as of January 2013",
    ),
    Figure(
        "従事したロシア・CIS諸国の研究者",
        "Researchers of Russia and CIS states taking part",
        "75000",
        "人（延べ）",
        "person-times",
        at_least=True,
        as_of=dt.date(2013, 1, 1),
        period_ja="2013年1月現在",
        period_en="as of January 2013",
    ),
]

SATREPS_PERIOD = {"period_ja": "2008〜2012年度", "period_en": "FY2008–FY2012"}
APRSAF_START = {"period_ja": "1993年（発足時）", "period_en": "1993 (at the start)"}
APRSAF_2012 = {"period_ja": "2012年", "period_en": "2012"}
SENTINEL_2013 = {
    "as_of": dt.date(2013, 2, 1),
    "period_ja": "2013年2月現在",
    "period_en": "as of February 2013",
}

PROGRAMMES: list[dict] = [
    {
        "slug": "satreps",
        "abbreviation": "SATREPS",
        "kind": ProgrammeKind.RESEARCH_PARTNERSHIP,
        "name_ja": "地球規模課題対応国際科学技術協力",
        "name_en": "Science and Technology Research Partnership for Sustainable Development",
        "organisations": ["jst", "jica", "mext", "mofa"],
        "start_year": 2008,
        "office": "jst-international-affairs",
        "website": "https://www.jst.go.jp/global/",
        "description_ja": "日本の科学技術とODAを組み合わせ、開発途上国の研究機関と地球規模課題の"
        "解決をめざす国際共同研究を行うプログラム。研究面を文部科学省とJST、ODA面を外務省とJICA"
        "が担う。分野は環境・エネルギー、生物資源、防災、感染症。",
        "description_en": "Joins Japanese science and technology with ODA: joint research "
        "with institutions in developing countries on global challenges. MEXT and JST fund "
        "the research, MOFA and JICA the ODA side. Fields: environment and energy, "
        "bio-resources, disaster prevention, infectious diseases.",
        "figures": [
            Figure("採択課題", "Projects selected", "68", "件", "projects", **SATREPS_PERIOD),
            Figure("相手国", "Partner countries", "35", "か国", "countries", **SATREPS_PERIOD),
            Figure(
                "うちアジアの課題", "of which in Asia", "34", "件", "projects", **SATREPS_PERIOD
            ),
            Figure(
                "うちアフリカの課題", "of which in Africa", "19", "件", "projects", **SATREPS_PERIOD
            ),
        ],
    },
    {
        "slug": "hfsp",
        "abbreviation": "HFSP",
        "kind": ProgrammeKind.GRANT,
        "name_ja": "ヒューマン・フロンティア・サイエンス・プログラム",
        "name_en": "Human Frontier Science Program",
        "organisations": ["hfspo", "mext"],
        "office": MEXT_OFFICE,
        "website": "https://www.hfsp.org/",
        "description_ja": "1987年のベネチア・サミットで日本が提唱した国際的な研究助成プログラム。"
        "生体の複雑な機能を解明する基礎研究の国際共同チームや、国外で研究する若手研究者を助成する。"
        "日本・米国・フランス・ドイツ・EU・英国・スイス・カナダ・イタリア・オーストラリア・韓国・"
        "ニュージーランド・インド・ノルウェーの14極で運営されている。",
        "description_en": "International research grants proposed by Japan at the 1987 Venice "
        "summit: basic research on the complex functions of living organisms by international "
        "teams, and young researchers working abroad. Run by 14 members: Japan, the United "
        "States, France, Germany, the EU, the United Kingdom, Switzerland, Canada, Italy, "
        "Australia, Korea, New Zealand, India and Norway.",
        "figures": [
            Figure("運営する極", "Members", "14", "極", "members"),
            Figure(
                "助成を受けた研究者のうちノーベル賞受賞者",
                "Nobel laureates among grantees",
                "18",
                "人",
                "people",
                period_ja="2012年度まで",
                period_en="up to FY2012",
            ),
        ],
    },
    {
        "slug": "aprsaf",
        "abbreviation": "APRSAF",
        "kind": ProgrammeKind.FRAMEWORK,
        "name_ja": "アジア太平洋地域宇宙機関会議",
        "name_en": "Asia-Pacific Regional Space Agency Forum",
        "organisations": ["mext", "jaxa"],
        "start_year": 1993,
        "office": MEXT_OFFICE,
        "description_ja": "アジア太平洋地域の宇宙活動と宇宙利用について情報を交換し、多国間協力を"
        "進める枠組み。1993年から日本が主催しており、同地域で最大規模の宇宙協力の場である。",
        "description_en": "Forum to exchange information on space activities and their use "
        "in the Asia-Pacific region and to advance multilateral cooperation; hosted by Japan "
        "since 1993, the largest space cooperation framework in the region.",
        "figures": [
            Figure(
                "参加国（発足時）",
                "Countries (at the start)",
                "15",
                "か国",
                "countries",
                **APRSAF_START,
            ),
            Figure(
                "参加国際機関（発足時）",
                "International organisations (at the start)",
                "1",
                "機関",
                "organisations",
                **APRSAF_START,
            ),
            Figure("参加国", "Countries", "33", "か国", "countries", **APRSAF_2012),
            Figure(
                "参加国際機関",
                "International organisations",
                "14",
                "機関",
                "organisations",
                **APRSAF_2012,
            ),
        ],
    },
    {
        "slug": "sentinel-asia",
        "abbreviation": "Sentinel Asia",
        "kind": ProgrammeKind.FRAMEWORK,
        "name_ja": "センチネルアジア",
        "name_en": "Sentinel Asia",
        "organisations": ["jaxa"],
        "office": MEXT_OFFICE,
        "description_ja": "APRSAFの下で、地球観測衛星の画像などの災害関連情報をインターネットで"
        "共有し、自然災害の被害を減らすプロジェクト。東日本大震災では日本も参加国から衛星画像の"
        "提供を受けた。",
        "description_en": "Project under APRSAF that shares disaster information such as "
        "earth observation satellite images over the internet to reduce damage from natural "
        "disasters; Japan received images from partners after the 2011 Great East Japan "
        "Earthquake.",
        "figures": [
            Figure(
                "参加国・地域",
                "Countries and regions",
                "25",
                "か国・地域",
                "countries and regions",
                **SENTINEL_2013,
            ),
            Figure("参加機関", "Participating bodies", "73", "機関", "bodies", **SENTINEL_2013),
            Figure(
                "参加国際組織",
                "International organisations",
                "13",
                "組織",
                "organisations",
                **SENTINEL_2013,
            ),
        ],
    },
    {
        "slug": "argo",
        "abbreviation": "Argo",
        "kind": ProgrammeKind.FRAMEWORK,
        "name_ja": "アルゴ計画",
        "name_en": "Argo programme",
        "organisations": ["mext", "jma", "jamstec", "wmo", "ioc"],
        "office": MEXT_OFFICE,
        "website": "https://argo.ucsd.edu/",
        "description_ja": "アルゴフロートと呼ばれる漂流ブイを世界の海に投入し、水温や塩分を"
        "リアルタイムで観測する国際プロジェクト。WMOやユネスコ政府間海洋学委員会（IOC）と30か国"
        "以上が参加し、気候変動予測の精度向上に役立てる。",
        "description_en": "International project that deploys drifting floats in all oceans "
        "to measure temperature and salinity in real time; WMO, UNESCO's IOC and over 30 "
        "countries take part. The data improve climate change projections.",
        "figures": [
            Figure(
                "世界で投入されたフロート",
                "Floats deployed worldwide",
                "3000",
                "台",
                "floats",
                at_least=True,
            ),
            Figure(
                "日本が運用するフロート",
                "Floats operated by Japan",
                "300",
                "台",
                "floats",
                approximate=True,
                period_ja="2012年",
                period_en="2012",
            ),
            Figure("参加国", "Participating countries", "30", "か国", "countries", at_least=True),
        ],
    },
    {
        "slug": "jsps-postdoctoral-fellowships",
        "abbreviation": "",
        "kind": ProgrammeKind.FELLOWSHIP,
        "name_ja": "外国人特別研究員",
        "name_en": "JSPS Postdoctoral Fellowships for Research in Japan",
        "organisations": ["jsps"],
        "office": "jsps-international-programs",
        "description_ja": "優れた外国人の若手研究者を日本の大学・研究機関に招へいし、日本の研究者と"
        "共同で研究する機会を提供する日本学術振興会の事業。",
        "description_en": "JSPS invites excellent young foreign researchers to work with "
        "Japanese researchers at universities and institutes in Japan.",
        "figures": [],
    },
    {
        "slug": "jsps-overseas-fellowships",
        "abbreviation": "",
        "kind": ProgrammeKind.FELLOWSHIP,
        "name_ja": "海外特別研究員",
        "name_en": "JSPS Overseas Research Fellowships",
        "organisations": ["jsps"],
        "office": "jsps-international-programs",
        "description_ja": "日本の若手研究者が海外の大学・研究機関で研究に専念できるよう支援する"
        "日本学術振興会の事業。",
        "description_en": "JSPS supports young Japanese researchers doing research at "
        "universities and institutes abroad.",
        "figures": [],
    },
    {
        "slug": "researcher-dispatch",
        "abbreviation": "",
        "kind": ProgrammeKind.EXCHANGE,
        "name_ja": "科学技術研究員派遣事業",
        "name_en": "Dispatch of science and technology researchers",
        "organisations": ["mext", "jsps", "mofa", "jica"],
        "office": MEXT_OFFICE,
        "description_ja": "日本の研究者を開発途上国に派遣し、相手国の研究基盤づくりと国際共同研究を"
        "通じた人材育成を支援する事業。文部科学省・日本学術振興会と外務省・JICAが連携して実施する。",
        "description_en": "Sends Japanese researchers to developing countries to help build "
        "research capacity and train people through joint research; MEXT and JSPS run it "
        "with MOFA and JICA.",
        "figures": [],
    },
]

LARGE_PROJECTS: list[dict] = [
    {
        "slug": "iter",
        "abbreviation": "ITER",
        "host": "iter",
        "start_year": 2007,
        "name_ja": "ITER（国際熱核融合実験炉）計画",
        "name_en": "ITER (International Thermonuclear Experimental Reactor)",
        "field_ja": "核融合エネルギー",
        "field_en": "Fusion energy",
        "website": "https://www.iter.org/",
        "description_ja": "核融合実験炉の建設と運転を通じて、核融合エネルギーの科学的・技術的な"
        "実現可能性を実証する国際協力プロジェクト。日本・EU・米国・ロシア・中国・韓国・インドの"
        "7極で進めている。",
        "description_en": "International project to build and run an experimental fusion "
        "reactor and show that fusion energy is scientifically and technically feasible; "
        "carried out by seven members: Japan, the EU, the United States, Russia, China, Korea "
        "and India.",
        "japan_role_ja": "7極の一つとして建設と運転に参加し、主要機器の製作を分担する。",
        "japan_role_en": "One of the seven members; takes part in construction and operation "
        "and builds a share of the main components.",
        "in_kind_contribution_ja": "超伝導トロイダル磁場コイルや加熱装置（ジャイロトロン）"
        "などの機器",
        "in_kind_contribution_en": "Components such as superconducting toroidal field coils "
        "and heating equipment (gyrotrons)",
        "members": [
            ("JP", None, "日本", "Japan"),
            (None, "eu", "EU", "EU"),
            ("US", None, "米国", "United States"),
            ("RU", None, "ロシア", "Russia"),
            ("CN", None, "中国", "China"),
            ("KR", None, "韓国", "Korea"),
            ("IN", None, "インド", "India"),
        ],
        "figures": [],
    },
    {
        "slug": "iss",
        "abbreviation": "ISS",
        "start_year": 1998,
        "name_ja": "国際宇宙ステーション（ISS）計画",
        "name_en": "International Space Station (ISS)",
        "field_ja": "有人宇宙活動・宇宙環境利用",
        "field_en": "Human spaceflight and space utilisation",
        "description_ja": "日本・米国・欧州・カナダ・ロシアの5極が共同で、地球を周回する有人の宇宙"
        "施設を建設し運用する国際協力プロジェクト。",
        "description_en": "Five partners (Japan, the United States, Europe, Canada and Russia) "
        "build and operate a crewed research station in Earth orbit.",
        "japan_role_ja": "日本実験棟「きぼう」と宇宙ステーション補給機「こうのとり」（HTV）"
        "を運用する。",
        "japan_role_en": "Operates the Japanese Experiment Module Kibo and the H-II Transfer "
        "Vehicle (HTV, Kounotori) that carries cargo to the station.",
        "in_kind_contribution_ja": "日本実験棟「きぼう」、補給機HTVによる物資輸送",
        "in_kind_contribution_en": "The Kibo module; cargo transport by the HTV",
        "members": [
            ("JP", "jaxa", "日本", "Japan"),
            ("US", "nasa", "米国", "United States"),
            (None, "esa", "欧州", "Europe"),
            ("CA", "csa", "カナダ", "Canada"),
            ("RU", "roscosmos", "ロシア", "Russia"),
        ],
        "member_roles": {"JP": ("「きぼう」とHTVの運用", "Operates Kibo and the HTV")},
        "figures": [],
    },
    {
        "slug": "iodp",
        "abbreviation": "IODP",
        "start_year": 2003,
        "name_ja": "統合国際深海掘削計画（IODP）",
        "name_en": "Integrated Ocean Drilling Program (IODP)",
        "field_ja": "地球科学・海洋科学",
        "field_en": "Earth and ocean sciences",
        "description_ja": "深海底を掘削して、地球環境の変動、地球内部の構造、海底下の生命圏などを"
        "解明する多国間の国際協力プロジェクト。日米の主導で2003年に始まった。",
        "description_en": "Multinational project that drills the deep sea floor to study "
        "past environmental change, the Earth's interior and life below the sea floor; led by "
        "Japan and the United States, started in 2003.",
        "japan_role_ja": "米国とともに計画を主導し、主力掘削船の一つとして"
        "地球深部探査船「ちきゅう」を提供する。",
        "japan_role_en": "Leads the programme with the United States and provides the "
        "drilling vessel Chikyu as one of its main platforms.",
        "in_kind_contribution_ja": "地球深部探査船「ちきゅう」（海底下7,000 mまで掘削可能）",
        "in_kind_contribution_en": "The deep-sea drilling vessel Chikyu (can drill to 7,000 m "
        "below the sea floor)",
        "members": [
            ("JP", "jamstec", "日本", "Japan"),
            ("US", None, "米国", "United States"),
            (None, None, "欧州", "Europe"),
        ],
        "member_roles": {
            "JP": ("地球深部探査船「ちきゅう」を提供", "Provides the drilling vessel Chikyu"),
            "US": ("掘削船を提供", "Provides a drilling vessel"),
            "": ("特定任務掘削船を提供", "Provides mission-specific platforms"),
        },
        "figures": [
            Figure("参加国", "Participating countries", "26", "か国", "countries"),
            Figure(
                "「ちきゅう」の掘削能力（海底下）",
                "Chikyu drilling depth (below the sea floor)",
                "7000",
                "m",
                "m",
            ),
        ],
    },
    {
        "slug": "lhc",
        "abbreviation": "LHC",
        "host": "cern",
        "start_year": 2008,
        "name_ja": "大型ハドロン衝突型加速器（LHC）計画",
        "name_en": "Large Hadron Collider (LHC)",
        "field_ja": "素粒子物理学",
        "field_en": "Particle physics",
        "website": "https://home.cern/science/accelerators/large-hadron-collider",
        "description_ja": "CERNの円形加速器で宇宙誕生直後の状態を再現し、未知の粒子や物質の究極の"
        "構造を探る実験計画。加速器は2008年に完成した。2012年7月、ATLASとCMSの両実験がヒッグス"
        "粒子とみられる新粒子の発見を発表した。",
        "description_en": "Experiments at CERN's circular collider that recreate conditions "
        "just after the Big Bang to look for unknown particles and the structure of matter. "
        "The accelerator was completed in 2008; in July 2012 the ATLAS and CMS experiments "
        "announced a new particle thought to be the Higgs boson.",
        "japan_role_ja": "ATLAS実験を中心に、日本の大学・研究機関の研究者が参加する。"
        "加速器と測定器の建設には日本企業も貢献した。",
        "japan_role_en": "Researchers from Japanese universities and institutes take part, "
        "mainly in the ATLAS experiment; Japanese companies helped build the accelerator and "
        "detectors.",
        "japanese_participants": 200,
        "japanese_participants_note_ja": "約200名（主にATLAS実験）",
        "japanese_participants_note_en": "About 200, mainly in the ATLAS experiment",
        "members": [
            (None, None, "CERN加盟国", "CERN member states"),
            ("JP", None, "日本", "Japan"),
            ("US", None, "米国", "United States"),
        ],
        "member_roles": {"JP": ("ATLAS実験を中心に参加", "Mainly in the ATLAS experiment")},
        "figures": [
            Figure(
                "参加する日本の研究者等",
                "Japanese researchers taking part",
                "200",
                "人",
                "people",
                approximate=True,
            ),
            Figure("加速器の周長", "Circumference of the accelerator", "26.7", "km", "km"),
        ],
    },
]

# The eleven joint committees of 2012 under S&T agreements: (country, month, extra).
AGREEMENT_PARTNERS = [
    # code, Japanese name, English name
    ("HU", "ハンガリー", "Hungary"),
    ("SK", "スロバキア", "Slovakia"),
    ("SE", "スウェーデン", "Sweden"),
    ("FI", "フィンランド", "Finland"),
    ("NO", "ノルウェー", "Norway"),
    ("ES", "スペイン", "Spain"),
    ("US", "米国", "United States"),
    ("CN", "中国", "China"),
    ("AU", "オーストラリア", "Australia"),
    ("ZA", "南アフリカ", "South Africa"),
    ("CH", "スイス", "Switzerland"),
]
JOINT_COMMITTEES_2012 = {
    "HU": {"month": 2},
    "SK": {"month": 2},
    "SE": {"month": 5},
    "FI": {"month": 5},
    "NO": {"month": 6},
    "ES": {"month": 7},
    "US": {
        "month": 7,
        "number": 13,
        "place_ja": "ワシントン",
        "place_en": "Washington, D.C.",
        "country": "US",
        "level": MeetingLevel.WORKING,
        "title_ja": "第13回日米科学技術協力合同実務級委員会",
        "title_en": "13th Japan–US Joint Working Level Committee on S&T Cooperation",
        "outcome_ja": "各協力分野の現状と今後の方向性を議論し、2013年に予定される大臣級の"
        "合同高級委員会に向けた政策提言文書に合意した。",
        "outcome_en": "Reviewed each field of cooperation and its direction, and agreed a "
        "policy recommendation paper for the ministerial Joint High Level Committee planned "
        "for 2013.",
    },
    "CN": {
        "month": 8,
        "number": 14,
        "place_ja": "東京",
        "place_en": "Tokyo",
        "country": "JP",
        "title_ja": "第14回日中科学技術協力委員会",
        "title_en": "14th Japan–China Committee on S&T Cooperation",
        "outcome_ja": "両国の科学技術政策と今後の協力の方向性を議論し、新しい協力プロジェクトを"
        "承認した。",
        "outcome_en": "Discussed both countries' S&T policies and the direction of "
        "cooperation, and approved new joint projects.",
    },
    "AU": {"month": 8},
    "ZA": {"month": 10},
    "CH": {"month": 11},
}
EU_AGREEMENT = {
    "title_ja": "科学技術における協力に関する日本国政府と欧州共同体との間の協定",
    "title_en": "Agreement between the European Community and the Government of Japan on "
    "cooperation in science and technology",
    "signed_on": dt.date(2009, 11, 30),
    "in_force_on": dt.date(2011, 3, 29),
    "description_ja": "日本とEUの科学技術協力の枠組みを定める協定（日・EC科学技術協力協定）。"
    "2009年11月にブリュッセルで署名、2011年3月に発効した。協定に基づく合同委員会で共同研究や"
    "共同公募を計画する。",
    "description_en": "Sets the framework for S&T cooperation between Japan and the EU. "
    "Signed in Brussels in November 2009, in force since March 2011; a joint committee under "
    "it plans joint research and coordinated calls.",
}
EU_FIRST_JOINT_COMMITTEE = {
    "title_ja": "第1回日EU科学技術協力合同委員会",
    "title_en": "1st Japan–EU Joint Committee on S&T Cooperation",
    "number": 1,
    "date": dt.date(2011, 6, 1),
    "date_precision": "month",
    "outcome_ja": "希少元素の代替材料分野で共同研究を支援することを決めた。",
    "outcome_en": "Decided to support joint research on materials that replace rare elements.",
}
APRSAF_19 = {
    "title_ja": "第19回アジア太平洋地域宇宙機関会議（APRSAF-19）",
    "title_en": "19th Asia-Pacific Regional Space Agency Forum (APRSAF-19)",
    "number": 19,
    "date": dt.date(2012, 12, 1),
    "date_precision": "month",
    "place_ja": "マレーシア",
    "place_en": "Malaysia",
    "country": "MY",
    "outcome_ja": "33か国・14国際機関から約380人が参加した。",
    "outcome_en": "About 380 participants from 33 countries and 14 international organisations.",
}
APRSAF_19_FIGURES = [
    Figure("参加者", "Participants", "380", "人", "people", approximate=True),
    Figure("参加国", "Countries", "33", "か国", "countries"),
    Figure("参加国際機関", "International organisations", "14", "機関", "organisations"),
]

ISTC_CONTRIBUTION = {
    "title_ja": "国際科学技術センター（ISTC）任意拠出金",
    "title_en": "Voluntary contribution to the International Science and Technology Center (ISTC)",
    "purpose_ja": "旧ソ連諸国で大量破壊兵器の研究開発に従事した科学者・技術者が平和目的の研究開発"
    "プロジェクトに携われるよう支援し、関連技術の懸念国やテロ組織への拡散を防ぐ。",
    "purpose_en": "Help scientists and engineers of the former Soviet states who worked on "
    "weapons of mass destruction take part in peaceful research projects, so that the "
    "know-how does not reach states of concern or terrorist groups.",
    "outcome_target_ja": "各年度に承認されたプロジェクトを、成果指標を目標として実施・完了させる。",
    "outcome_target_en": "Carry out and complete the projects approved each year, measured "
    "by the outcome indicator.",
    "indicator_ja": "直近3年間に実施を完了したプロジェクト数の平均",
    "indicator_en": "Average number of projects completed over the last three years",
}
# Invented amounts for other years (is_sample=True): the demo shows a series.
SAMPLE_ISTC_AMOUNTS = {
    2015: Decimal("55840000"),
    2016: Decimal("52130000"),
    2018: Decimal("35300000"),
    2019: Decimal("33950000"),
}


class FactRecords:
    """The fact records by key, for the generator and the summary."""

    def __init__(self) -> None:
        self.organisations: dict[str, Organisation] = {}
        self.offices: dict[str, Office] = {}
        self.programmes: dict[str, Programme] = {}

    @classmethod
    def from_database(cls) -> FactRecords:
        """Find the fact records already loaded (by the same natural keys)."""
        records = cls()
        for spec in ORGANISATIONS:
            organisation = _find_organisation(spec)
            if organisation is None:
                raise LookupError(f"demo fact {spec['key']!r} is not loaded")
            records.organisations[spec["key"]] = organisation
        codes = [spec["code"] for spec in OFFICES]
        records.offices = Office.objects.in_bulk(codes, field_name="code")
        if len(records.offices) < len(codes):
            raise LookupError("a demo office is not loaded")
        slugs = [spec["slug"] for spec in PROGRAMMES]
        records.programmes = Programme.objects.in_bulk(slugs, field_name="slug")
        return records


def _find_organisation(spec: dict) -> Organisation | None:
    found = None
    if spec.get("iati_identifier"):
        found = Organisation.objects.filter(iati_identifier=spec["iati_identifier"]).first()
    return found or Organisation.objects.filter(name_en=spec["name_en"]).order_by("pk").first()


def _save(instance, values: dict):
    for field, value in values.items():
        setattr(instance, field, value)
    instance.save()
    return instance


def _upsert(model, lookup: dict, values: dict):
    instance = model.objects.filter(**lookup).order_by("pk").first() or model(**lookup)
    return _save(instance, values)


def _figures(subject, figures: list[Figure]) -> int:
    content_type = ContentType.objects.get_for_model(type(subject))
    for sequence, figure in enumerate(figures, start=1):
        values = {
            "label_ja": figure.label_ja,
            "value": Decimal(figure.value),
            "unit_ja": figure.unit_ja,
            "unit_en": figure.unit_en,
            "at_least": figure.at_least,
            "approximate": figure.approximate,
            "as_of": figure.as_of,
            "period_ja": figure.period_ja,
            "period_en": figure.period_en,
            "source": figure.source,
            "sequence": sequence,
        }
        lookup = {
            "content_type": content_type,
            "object_id": subject.pk,
            "label_en": figure.label_en,
        }
        _upsert(KeyFigure, lookup, values)
    return len(figures)


def load_facts() -> tuple[FactRecords, dict[str, int]]:
    """Create or update every fact record; returns them and counts by kind."""
    records = FactRecords()
    countries = Country.objects.in_bulk(
        {spec["country"] for spec in ORGANISATIONS if spec.get("country")}
        | {code for code, _, _ in AGREEMENT_PARTNERS}
        | {"JP", "MY", "RU", "CN", "KR", "IN"}
    )
    counts = {}

    for spec in ORGANISATIONS:
        values = {field: value for field, value in spec.items() if field not in {"key", "parent"}}
        values["country"] = countries.get(spec.get("country", ""))
        values["is_sample"] = False
        organisation = _find_organisation(spec) or Organisation()
        records.organisations[spec["key"]] = _save(organisation, values)
    for spec in ORGANISATIONS:
        if spec.get("parent"):
            _save(
                records.organisations[spec["key"]],
                {"parent": records.organisations[spec["parent"]]},
            )
    counts["organisations"] = len(ORGANISATIONS)

    for spec in OFFICES:
        values = {**spec, "organisation": records.organisations[spec["organisation"]]}
        # An office someone made under the same name (without our code) is the same office.
        office = (
            Office.objects.filter(code=spec["code"]).first()
            or Office.objects.filter(name_ja=spec["name_ja"], organisation=None).first()
            or Office()
        )
        records.offices[spec["code"]] = _save(office, values)
    counts["offices"] = len(OFFICES)
    counts["key figures"] = 0
    mofa_office = records.offices[MOFA_OFFICE]
    mext_office = records.offices[MEXT_OFFICE]

    for spec in PROGRAMMES:
        values = {
            field: value
            for field, value in spec.items()
            if field not in {"organisations", "figures", "office"}
        }
        values.update(responsible_office=records.offices[spec["office"]], is_sample=False)
        programme = _upsert(Programme, {"slug": spec["slug"]}, values)
        programme.organisations.set(records.organisations[key] for key in spec["organisations"])
        counts["key figures"] += _figures(programme, spec["figures"])
        records.programmes[spec["slug"]] = programme
    counts["programmes"] = len(PROGRAMMES)

    counts["large projects"] = 0
    for spec in LARGE_PROJECTS:
        project = _load_large_project(spec, records, countries, mext_office)
        counts["key figures"] += _figures(project, spec["figures"])
        counts["large projects"] += 1

    agreements, meetings = _load_agreements(records, countries, mofa_office)
    counts["agreements"] = agreements
    aprsaf_19 = _upsert(
        Meeting,
        {"title_en": APRSAF_19["title_en"]},
        {
            **APRSAF_19,
            "kind": MeetingKind.OTHER,
            "country": countries["MY"],
            "responsible_office": mext_office,
            "is_sample": False,
        },
    )
    counts["key figures"] += _figures(aprsaf_19, APRSAF_19_FIGURES)
    counts["meetings"] = meetings + 1

    istc = records.organisations["istc"]
    counts["key figures"] += _figures(istc, ISTC_FIGURES)
    _upsert(
        Contribution,
        {
            "organisation": istc,
            "fiscal_year": ISTC_FISCAL_YEAR,
            "kind": ContributionKind.VOLUNTARY,
            "budget_kind": BudgetKind.INITIAL,
        },
        {
            **ISTC_CONTRIBUTION,
            "amount": ISTC_AMOUNT,
            "currency": "JPY",
            "responsible_office": mofa_office,
            "is_sample": False,
        },
    )
    for year, amount in SAMPLE_ISTC_AMOUNTS.items():
        _upsert(
            Contribution,
            {
                "organisation": istc,
                "fiscal_year": year,
                "kind": ContributionKind.VOLUNTARY,
                "budget_kind": BudgetKind.INITIAL,
            },
            {
                "title_ja": ISTC_CONTRIBUTION["title_ja"] + "（サンプル）",
                "title_en": ISTC_CONTRIBUTION["title_en"] + " (sample)",
                "purpose_ja": "サンプルデータ：デモ用の架空の金額で、実際の予算額ではありません。",
                "purpose_en": "Sample data: an invented amount for the demo, not the real budget.",
                "indicator_ja": ISTC_CONTRIBUTION["indicator_ja"],
                "indicator_en": ISTC_CONTRIBUTION["indicator_en"],
                "amount": amount,
                "currency": "JPY",
                "responsible_office": mofa_office,
                "is_sample": True,
            },
        )
    counts["contributions"] = 1 + len(SAMPLE_ISTC_AMOUNTS)
    counts["key figures"] = counts.pop("key figures")  # listed last
    return records, counts


def _load_large_project(spec, records: FactRecords, countries, office) -> LargeProject:
    values = {
        field: value
        for field, value in spec.items()
        if field not in {"members", "member_roles", "figures", "host"}
    }
    values.update(
        host_organisation=records.organisations.get(spec.get("host", "")),
        responsible_office=office,
        is_sample=False,
    )
    project = _upsert(LargeProject, {"slug": spec["slug"]}, values)
    roles = spec.get("member_roles", {})
    for country, organisation, name_ja, name_en in spec["members"]:
        role_ja, role_en = roles.get(country or "", ("", ""))
        _upsert(
            LargeProjectMember,
            {"project": project, "name_en": name_en},
            {
                "name_ja": name_ja,
                "country": countries.get(country or ""),
                "organisation": records.organisations.get(organisation or ""),
                "role_ja": role_ja,
                "role_en": role_en,
            },
        )
    return project


def _load_agreements(records: FactRecords, countries, office) -> tuple[int, int]:
    common = {
        "kind": AgreementKind.SCIENCE_AND_TECHNOLOGY,
        "responsible_office": office,
        "is_sample": False,
    }
    eu = _upsert(Agreement, {"title_en": EU_AGREEMENT["title_en"]}, {**EU_AGREEMENT, **common})
    eu.organisations.set([records.organisations["eu"]])
    _upsert(
        Meeting,
        {"agreement": eu, "number": 1, "kind": MeetingKind.JOINT_COMMITTEE},
        {**EU_FIRST_JOINT_COMMITTEE, "responsible_office": office, "is_sample": False},
    )
    meetings = 1
    for code, name_ja, name_en in AGREEMENT_PARTNERS:
        agreement = _upsert(
            Agreement,
            {"title_en": f"Japan–{name_en} Agreement on Cooperation in Science and Technology"},
            {
                **common,
                "title_ja": f"日・{name_ja}科学技術協力協定",
                "description_ja": f"日本と{name_ja}の科学技術協力の枠組みを定める協定。協定に基づく"
                "合同委員会で協力の現状を確認し、今後の方向性を話し合う。",
                "description_en": f"Framework for science and technology cooperation between "
                f"Japan and {name_en}; a joint committee under it reviews the cooperation and "
                "plans what comes next.",
            },
        )
        agreement.countries.set([countries[code]])
        meeting = dict(JOINT_COMMITTEES_2012[code])
        month = meeting.pop("month")
        meeting.setdefault("title_ja", f"日・{name_ja}科学技術協力合同委員会（2012年）")
        meeting.setdefault("title_en", f"Japan–{name_en} Joint Committee on S&T Cooperation (2012)")
        meeting["country"] = countries.get(meeting.get("country", ""))
        day = dt.date(2012, month, 1)
        _upsert(
            Meeting,
            {"agreement": agreement, "date": day, "kind": MeetingKind.JOINT_COMMITTEE},
            {
                **meeting,
                "date_precision": "month",
                "responsible_office": office,
                "is_sample": False,
            },
        )
        meetings += 1
    return 1 + len(AGREEMENT_PARTNERS), meetings
