"""Facts of MOFA's FY2017 evaluation sheet of the voluntary contribution to ISTC,
written in our own words (source: shared/corpus/000_98ccc7d3cf0599c3.txt).

The source prints only the overall grade (B); it carries no per-criterion grades. The
criterion grades below are Kakehashi's sample grading, chosen consistent with B.
"""

from decimal import Decimal

BUDGET = Decimal("40159000")  # 40,159千円, initial budget
OVERALL = "B"
OFFICE_JA = "国際科学協力室"
OFFICE_EN = "International Science Cooperation Division"

SHEET = {
    "purpose_ja": (
        "国際科学技術センター（ISTC）は、旧ソ連諸国で大量破壊兵器やその運搬手段の研究開発に"
        "携わっていた科学者・技術者を平和目的の研究プロジェクトに就かせ、関連技術の拡散を防ぐ"
        "ため、1994年3月に日本・米国・EU・ロシアが設立した国際機関。事務局はカザフスタンの"
        "アスタナ。支援国が拠出した資金でISTCがプロジェクトを管理・監査し、"
        "G7グローバル・パートナーシップの取組の一つとされる。"
    ),
    "purpose_en": (
        "ISTC is an international organisation founded in March 1994 by Japan, the US, the EU "
        "and Russia. It employs scientists and engineers of former Soviet states who worked on "
        "weapons of mass destruction and their delivery systems on peaceful research projects, "
        "to stop the spread of that expertise. Its secretariat is in Astana, Kazakhstan. It "
        "manages and audits projects paid for by the funding parties, and counts as one of the "
        "G7 Global Partnership programmes."
    ),
    "outcome_target_ja": (
        "毎年度承認される不拡散のためのプロジェクトを、成果指標の水準で実施・完了させる。"
    ),
    "outcome_target_en": "Carry out and complete the non-proliferation projects approved each "
    "year at the level of the outcome indicator.",
    "indicator_ja": "直近3年間に完了したプロジェクト数の平均",
    "indicator_en": "Average number of projects completed over the last three years",
    "overall_justification_ja": (
        "外務省の平成29年度評価シートにおける総合評価（B）。判断の根拠は各評価基準の欄に記載。"
    ),
    "overall_justification_en": (
        "The overall grade (B) of MOFA's FY2017 sheet; the grounds are given under each criterion."
    ),
    "plan_ja": "事務局が翌年度の事業計画と予算案を作り、運営理事会の前に加盟国へ配布する。"
    "理事会で説明を受けて審議し、承認する。",
    "plan_en": "The secretariat drafts next year's work plan and budget and sends them to the "
    "members before the Governing Board, which examines and approves them.",
    "do_ja": "事業は事務局と被支援国の支部が管理し、年2回の運営理事会で実施状況が報告される。",
    "do_en": "Projects are run by the secretariat and its branch offices in the recipient "
    "countries; progress is reported to the Governing Board twice a year.",
    "check_ja": "年次報告と四半期ごとの実施報告で加盟国が成果を確認する。外部の会計事務所による"
    "監査報告が各加盟国に送られ、予算の適正な執行を確認している。",
    "check_en": "Members check results in the annual report and quarterly implementation "
    "reports; an external audit firm's report, sent to every member, confirms "
    "that the budget is properly spent.",
    "act_ja": "運営理事会などの場で他の支援国と協議し、事務局の運営と事業の改善を話し合う。",
    "act_en": "At the Governing Board and other meetings Japan discusses with the other funding "
    "parties how to improve the secretariat and its projects.",
}

# (criterion code, grade, narrative ja, narrative en)
CRITERIA = [
    (
        "outcomes",
        "B",
        "1994年の設立から2016年末までに2,800件を超えるプロジェクトに、旧ソ連諸国の科学者・技術者"
        "延べ7万6,000人以上が従事し、大量破壊兵器関連技術の拡散抑制に寄与した。\n"
        "成果は年次報告とウェブサイトで公表している。2017年6月のアスタナ万博では紹介動画、"
        "ブース展示、研究成果の発表で活動を広く伝えた。\n"
        "日本は運営理事会で計画策定、対象分野の選定、案件採択の各段階に意見を述べ、"
        "万博では日本人科学者が登壇する機会を得た。",
        "From 1994 to the end of 2016 more than 2,800 projects employed over 76,000 "
        "person-times of scientists and engineers of former Soviet states, curbing the spread "
        "of WMD expertise.\nResults are published in annual reports and on the website; at "
        "the Astana Expo in June 2017 ISTC showed its work with a video, a booth and research "
        "presentations.\nJapan gave its views at every stage of the Governing Board's "
        "planning, choice of target fields and project selection, and obtained speaking slots "
        "for Japanese scientists at the Expo.",
    ),
    (
        "management",
        "A",
        "予算の執行状況は毎年6月と12月の運営理事会に報告され、日本を含む理事国が承認する。"
        "毎年外部監査を受け、監査報告は理事会の承認後に締約国へ提出される（直近は2017年6月に受領）。\n"
        "2015年の事務局のアスタナ移転に伴い、日本は運営の効率化を他の締約国に働きかけた。"
        "事務局の縮小もあり、2016年の事務局運営費は前年より21％減った。",
        "Budget execution is reported to the Governing Board every June and December and "
        "approved by its members, Japan among them. An external audit each year is approved "
        "by the Board and sent to the parties (latest received June 2017).\nAfter the "
        "secretariat moved to Astana in 2015 Japan pressed for leaner management; with a "
        "smaller secretariat, its running costs fell 21% in 2016.",
    ),
    (
        "diplomacy",
        "B",
        "G7グローバル・パートナーシップの人材面の不拡散に貢献している。2016年のG7広島外相会合の"
        "不拡散・軍縮声明はISTCへの参加拡大を奨励した。\n"
        "2016年度には米国・EUと共同でジョージアの薬剤耐性菌の疫学研究を支援した。\n"
        "意思決定は理事会のコンセンサスによる。日本企業などがパートナーとして共同研究に参加でき、"
        "2017年6月現在85の日本企業・機関が参加している。",
        "ISTC serves the people-centred non-proliferation work of the G7 Global Partnership; "
        "the G7 Hiroshima foreign ministers' statement on non-proliferation and disarmament "
        "(2016) encouraged wider participation in ISTC.\nIn FY2016 Japan, the US and the EU "
        "jointly supported an epidemiological study of drug-resistant bacteria in Georgia.\n"
        "Decisions are taken by consensus in the Board. Companies can join research as "
        "partners: 85 Japanese companies and bodies did so as of June 2017.",
    ),
    (
        "japanese-staff",
        "B",
        "以前は文部科学省から2名を派遣していたが、事務局の縮小に伴い2014年7月から事務局次長ポスト"
        "への派遣を止め、日本人職員は1名（シニア・プロジェクト・マネージャー）となった。\n"
        "国際職員ポスト5のうち日本人は1（20％。2017年6月、米1・EU3・日本1）。"
        "科学諮問委員会（7名）の議長は日本人が務めている。",
        "Japan used to second two officials from MEXT; since July 2014, as the secretariat "
        "shrank, the deputy executive director post is no longer filled from Japan and one "
        "Japanese staff member remains (senior project manager).\nJapanese hold one of the "
        "five international posts (20%; June 2017: US 1, EU 3, Japan 1). A Japanese expert "
        "chairs the seven-member Scientific Advisory Committee.",
    ),
    (
        "pdca",
        "B",
        "計画・予算の理事会承認、年2回の実施報告、年次・四半期報告と外部監査による確認、"
        "理事会などでの改善協議により、拠出金の執行管理のPDCAサイクルが確保されている"
        "（下欄のPDCA参照）。",
        "Board approval of plans and budgets, progress reports twice a year, annual and "
        "quarterly reports with an external audit, and discussion of improvements at the Board "
        "keep the PDCA cycle of Japan's contribution running (see the PDCA section).",
    ),
]
