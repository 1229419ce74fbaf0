import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  {
    kpi: {
      title: '成果指標', baseline: '基準値', target: '目標値', actual: '実績', grade: '評価', rate: '達成率',
      direction: '方向', source: '出典', byTown: '市町別の実績', explain: '評価の求め方', summed: '市町の合計',
      history: '目標値の変更履歴',
      explainText: '基準値から目標値までの進み具合（方向を考慮）を達成率とし、圏域の評価区分（既定: A 100%以上、B 80%以上、C 50%以上、D それ未満、実績なしは「—」）で評価します。年度目標がない年は基準値から最終目標値までを直線で補間します。',
      rateLong: '達成率（基準値からの進捗）',
      rateNote: '基準値から当該年度の目標値までの差のうち、実績で進んだ割合です（増加を目指す指標: (実績 − 基準値) ÷ (目標 − 基準値)、減少: (基準値 − 実績) ÷ (基準値 − 目標)）。実績 ÷ 目標 ではありません。水準の維持を目指す指標は、保てたら 100%。評価（A〜D）はこの達成率で判定します。',
      editDefinition: '定義の編集', unit: '単位', targetFy: '目標年度（西暦）', reason: '目標値を変更する理由',
    },
  },
  {
    kpi: {
      title: 'KPIs', baseline: 'Baseline', target: 'Target', actual: 'Actual', grade: 'Grade', rate: 'Achievement',
      direction: 'Direction', source: 'Source', byTown: 'Actuals by town', explain: 'How the grade is worked out',
      summed: 'Sum of the towns', history: 'Target changes',
      explainText: "Achievement is the direction-aware progress from the baseline toward the target, graded by the region's bands (by default A 100% or more, B 80% or more, C 50% or more, D below; \"—\" without an actual). A year without its own target is interpolated on a straight line from the baseline to the final target.",
      rateLong: 'Achievement (progress from the baseline)',
      rateNote: 'The share of the way from the baseline to the year\'s target that the actual has covered (aiming higher: (actual − baseline) ÷ (target − baseline); lower: (baseline − actual) ÷ (baseline − target)). It is not actual ÷ target. A KPI that holds a level scores 100% when held. The grade (A–D) is read from this rate.',
      editDefinition: 'Edit the definition', unit: 'Unit', targetFy: 'Target fiscal year', reason: 'Reason for a new target',
    },
  },
)
