"""The templates shipped with Kakehashi, as data.

Installed by the data migration (so every install has them) and restored by
`kakehashi evaluation templates`. `install_templates` takes the model classes so the
migration can pass its historical models.
"""

from __future__ import annotations

from decimal import Decimal

IO_CONTRIBUTION = "mofa-io-contribution"

_DAC = [
    (
        "relevance",
        "妥当性",
        "Relevance",
        "事業が相手国・受益者のニーズ、日本の援助方針に合致しているか。",
        "Is the intervention doing the right things: does it respond to the needs of the "
        "partner country and beneficiaries, and to Japan's policy?",
    ),
    (
        "coherence",
        "整合性",
        "Coherence",
        "他の事業や他の援助機関の取組、国際的な枠組みと整合し補完し合っているか。",
        "How well does it fit with other interventions in the country, sector or institution?",
    ),
    (
        "effectiveness",
        "有効性",
        "Effectiveness",
        "目標とした成果が達成されたか（される見込みか）。指標の実績で示す。",
        "Is it achieving its objectives? Show the indicator values against their targets.",
    ),
    (
        "efficiency",
        "効率性",
        "Efficiency",
        "投入（費用・期間）に見合った成果が適時に得られているか。",
        "How well are resources used: are results delivered economically and on time?",
    ),
    (
        "impact",
        "インパクト",
        "Impact",
        "上位目標への貢献や、意図しない正負の波及効果はあるか。",
        "What difference does it make, including higher-level and unintended effects?",
    ),
    (
        "sustainability",
        "持続性",
        "Sustainability",
        "事業終了後も成果や便益が制度・組織・財務・技術の面で続くか。",
        "Will the benefits last after the support ends (policy, institutions, finance, skills)?",
    ),
]

_IO = [
    (
        "outcomes",
        "当該機関等の専門分野における活動の成果・影響力",
        "Outcomes and influence of the organisation's work in its field",
        "成果目標と指標の実績、分野における影響力、成果の発信を具体的に示す。",
        "Show results against the outcome target and indicator, the organisation's influence "
        "in its field and how it communicates its results.",
    ),
    (
        "management",
        "当該機関等の組織・財政マネジメント",
        "Organisational and financial management of the organisation",
        "予算執行の報告と承認、外部監査、効率化・経費削減の取組と日本の働きかけ。",
        "Budget reporting and approval, external audit, efficiency and cost savings, and what "
        "Japan did to bring them about.",
    ),
    (
        "diplomacy",
        "日本の外交課題遂行における当該機関等の有用性",
        "Usefulness of the organisation for Japan's diplomatic goals",
        "日本の外交政策・国際約束への貢献、意思決定への日本の関与、日本経済・企業への効果。",
        "Contribution to Japan's foreign-policy goals and commitments, Japan's say in its "
        "decisions, and benefits for Japanese business and research.",
    ),
    (
        "japanese-staff",
        "当該機関等における日本人職員・ポストの状況等",
        "Japanese staff and posts in the organisation",
        "日本人職員数と割合、幹部・専門職ポスト、派遣の状況と拠出割合との比較。",
        "Number and share of Japanese staff, senior and professional posts held, secondments, "
        "compared with Japan's share of the funding.",
    ),
    (
        "pdca",
        "日本の拠出金等の執行管理におけるＰＤＣＡサイクルの確保",
        "PDCA cycle in managing Japan's contribution",
        "拠出金の計画・実施・確認・改善（PDCA）が機能しているか。下欄のPDCAに具体的に記す。",
        "Is Japan's contribution planned, implemented, checked and improved (Plan-Do-Check-Act)? "
        "Describe each step in the PDCA section.",
    ),
]

TEMPLATES: list[dict] = [
    {
        "code": IO_CONTRIBUTION,
        "name_ja": "国際機関等への拠出金に関する評価シート",
        "name_en": "Evaluation sheet for contributions to international organisations",
        "description_ja": "外務省が所管する分担金・任意拠出金を毎年度評価する様式。"
        "5つの評価基準と総合評価（A〜D）、PDCAサイクルからなる。",
        "description_en": "The yearly sheet for assessed and voluntary contributions to "
        "international organisations: five criteria, an overall grade "
        "(A–D) set by the evaluator, and the PDCA cycle.",
        "subject": "contribution",
        "stage": "annual",
        "grade_scale": "ABCD",
        "overall_method": "evaluator",
        "criteria": [
            dict(code=code, name_ja=ja, name_en=en, guidance_ja=gja, guidance_en=gen)
            for code, ja, en, gja, gen in _IO
        ],
    },
    {
        "code": "dac-ex-ante",
        "name_ja": "事前評価（OECD-DAC評価基準）",
        "name_en": "Ex-ante evaluation (OECD-DAC criteria)",
        "description_ja": "事業開始前にOECD-DACの6基準で評価する。"
        "インパクトと持続性は見込みを記す（任意）。",
        "description_en": "Before a project starts, against the six OECD-DAC criteria; impact "
        "and sustainability are expected effects (optional).",
        "subject": "activity",
        "stage": "ex_ante",
        "grade_scale": "ABCD",
        "overall_method": "evaluator",
        "criteria": [
            dict(
                code=c,
                name_ja=ja,
                name_en=en,
                guidance_ja=gja,
                guidance_en=gen,
                mandatory=c not in ("impact", "sustainability"),
            )
            for c, ja, en, gja, gen in _DAC
        ],
    },
    {
        "code": "dac-mid-term",
        "name_ja": "中間評価（OECD-DAC評価基準）",
        "name_en": "Mid-term evaluation (OECD-DAC criteria)",
        "description_ja": "事業の実施中にOECD-DACの6基準で評価する。S〜Dの5段階。",
        "description_en": "During a project, against the six OECD-DAC criteria, on an S–D scale.",
        "subject": "activity",
        "stage": "mid_term",
        "grade_scale": "SABCD",
        "overall_method": "evaluator",
        "criteria": [
            dict(code=c, name_ja=ja, name_en=en, guidance_ja=gja, guidance_en=gen)
            for c, ja, en, gja, gen in _DAC
        ],
    },
    {
        "code": "dac-ex-post",
        "name_ja": "事後評価（OECD-DAC評価基準）",
        "name_en": "Ex-post evaluation (OECD-DAC criteria)",
        "description_ja": "事業終了後にOECD-DACの6基準で評価する。総合評価は基準の評価の"
        "加重平均から算出する（有効性・インパクトは重み2）。",
        "description_en": "After a project, against the six OECD-DAC criteria. The overall "
        "grade is computed: the weighted mean of the criterion grades "
        "(effectiveness and impact count double).",
        "subject": "activity",
        "stage": "ex_post",
        "grade_scale": "ABCD",
        "overall_method": "computed",
        "overall_rule": "weighted_mean",
        "criteria": [
            dict(
                code=c,
                name_ja=ja,
                name_en=en,
                guidance_ja=gja,
                guidance_en=gen,
                weight=Decimal(2) if c in ("effectiveness", "impact") else Decimal(1),
            )
            for c, ja, en, gja, gen in _DAC
        ],
    },
]


def install_templates(template_model, criterion_model) -> int:
    """Create or restore the shipped templates; returns how many were installed.

    Criteria are matched by code: their texts are restored, new ones added; criteria an
    administrator added to a shipped template are left alone.
    """
    for data in TEMPLATES:
        data = dict(data)
        criteria = data.pop("criteria")
        template, _ = template_model.objects.update_or_create(
            code=data.pop("code"), defaults={**data, "is_shipped": True}
        )
        for position, criterion in enumerate(criteria, start=1):
            criterion = dict(criterion)
            criterion_model.objects.update_or_create(
                template=template,
                code=criterion.pop("code"),
                defaults={
                    "position": position,
                    "mandatory": criterion.pop("mandatory", True),
                    "weight": criterion.pop("weight", Decimal(1)),
                    **criterion,
                },
            )
    return len(TEMPLATES)


def ensure_templates() -> int:
    from kakehashi.evaluation.models import Criterion, EvaluationTemplate

    return install_templates(EvaluationTemplate, Criterion)
