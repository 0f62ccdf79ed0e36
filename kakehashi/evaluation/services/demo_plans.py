"""Sample implementation plans with half-yearly reviews (JST's international strategy has
each department draw up an implementation plan, reviewed about every half year)."""

from __future__ import annotations

import datetime

from kakehashi.evaluation.models import (
    Half,
    ImplementationPlan,
    ItemStatus,
    PlanItem,
    PlanItemReview,
    PlanReview,
)

# (title ja, title en, target ja, target en, status after H1, status after H2)
JST_ITEMS = [
    (
        "海外の主要な資金配分機関との情報交換",
        "Exchange with major foreign funding agencies",
        "審査・評価手法の相互学習のため年2回会合を持つ。",
        "Meet twice a year to learn from each other's review and evaluation methods.",
        ItemStatus.IN_PROGRESS,
        ItemStatus.DONE,
    ),
    (
        "開発途上国との地球規模課題の共同研究",
        "Joint research on global challenges with developing countries",
        "ODAと連携した共同研究の新規課題を採択する。",
        "Select new joint research projects linked with ODA.",
        ItemStatus.IN_PROGRESS,
        ItemStatus.IN_PROGRESS,
    ),
    (
        "研究成果の海外発信",
        "Communicating research results abroad",
        "海外事務所と共同で国際シンポジウムを開催する。",
        "Hold an international symposium with the overseas offices.",
        ItemStatus.PLANNED,
        ItemStatus.DELAYED,
    ),
    (
        "国際業務情報のデータベース化",
        "A database of international-work information",
        "各部署の国際業務情報を一元的に登録する。",
        "Register every department's international work in one place.",
        ItemStatus.IN_PROGRESS,
        ItemStatus.DONE,
    ),
]
ISC_ITEMS = [
    (
        "ISTC運営理事会への参加と効率化の働きかけ",
        "Governing Board of ISTC: press for efficiency",
        "6月・12月の理事会で経費削減を求める。",
        "Ask for cost savings at the June and December Boards.",
        ItemStatus.IN_PROGRESS,
        ItemStatus.DONE,
    ),
    (
        "拠出金評価シートの作成",
        "Evaluation sheets of the contributions",
        "所管拠出金の評価シートを期限内に作成・公表する。",
        "Prepare and publish the sheets of the office's contributions on time.",
        ItemStatus.PLANNED,
        ItemStatus.DONE,
    ),
    (
        "日本人職員の増強",
        "More Japanese staff in the organisations",
        "空席公募の情報を関係機関に周知する。",
        "Circulate vacancy notices to Japanese bodies.",
        ItemStatus.IN_PROGRESS,
        ItemStatus.DELAYED,
    ),
]
NOTES = {
    Half.FIRST: ("上半期は概ね計画どおり進捗。", "First half broadly on plan."),
    Half.SECOND: (
        "下半期に一部項目で遅れ。次年度計画に反映する。",
        "Some items slipped in the second half; carried into next year's plan.",
    ),
}


def _plan(office, year, title_ja, title_en, strategy_ja, strategy_en, items) -> None:
    plan, created = ImplementationPlan.objects.get_or_create(
        office=office,
        fiscal_year=year,
        defaults={
            "title_ja": title_ja,
            "title_en": title_en,
            "strategy_ja": strategy_ja,
            "strategy_en": strategy_en,
        },
    )
    if not created:
        return
    made = []
    for position, (tja, ten, gja, gen, first, second) in enumerate(items, start=1):
        made.append(
            (
                PlanItem.objects.create(
                    plan=plan,
                    position=position,
                    title_ja=tja,
                    title_en=ten,
                    target_ja=gja,
                    target_en=gen,
                    status=second,
                ),
                first,
                second,
            )
        )
    for half, day, index in (
        (Half.FIRST, datetime.date(year, 10, 15), 1),
        (Half.SECOND, datetime.date(year + 1, 4, 20), 2),
    ):
        review = PlanReview.objects.create(
            plan=plan,
            half=half,
            reviewed_on=day,
            notes_ja=NOTES[half][0],
            notes_en=NOTES[half][1],
        )
        for item, first, second in made:
            PlanItemReview.objects.create(
                review=review, item=item, status=first if index == 1 else second
            )


def load_plans(isc_office, jst_office) -> None:
    _plan(
        jst_office,
        2017,
        "国際活動実施計画（サンプル）",
        "International implementation plan (sample)",
        "国際戦略に基づき、部署ごとの国際活動を計画し半期ごとに点検する。",
        "Each department plans its international work under the international strategy and "
        "reviews it every half year.",
        JST_ITEMS,
    )
    _plan(
        isc_office,
        2017,
        "国際機関拠出に関する実施計画（サンプル）",
        "Implementation plan for contributions to international organisations (sample)",
        "拠出先機関の運営改善と評価の質の向上。",
        "Better-run organisations and better evaluations.",
        ISC_ITEMS,
    )
