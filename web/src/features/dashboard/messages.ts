import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  {
    dashboard: {
      title: 'ダッシュボード', kpiGrades: '分野別の成果指標の評価', actionsByStatus: '分野別の取組状況',
      submissions: '市町別の提出状況', deadlines: '今後の締切', progressRate: '進捗率', overdue: '期限超過',
      noRound: 'この年度の照会はありません。', schedule: '年間スケジュール', past: '済',
      sampleNote: '成果指標の数値はサンプル（デモ用の架空の値）を含みます',
      noActions: 'この年度の具体的取組はまだ登録されていません。',
      seeYear: '{fy}を見る', rateCovers: '報告のある{n}分野の平均（取組のある{total}分野中）', rateNone: 'まだ報告がありません',
      fieldLink: '{field}の取組と成果指標', months: '{from}月〜{to}月',
    },
  },
  {
    dashboard: {
      title: 'Dashboard', kpiGrades: 'KPI grades by field', actionsByStatus: 'Actions by status and field',
      submissions: 'Submissions by town', deadlines: 'Next deadlines', progressRate: 'Progress', overdue: 'Overdue',
      noRound: 'No round for this fiscal year.', schedule: 'Annual schedule', past: 'past',
      sampleNote: 'The KPI figures include samples (invented values for the demo)',
      noActions: 'No actions are recorded for this fiscal year yet.',
      seeYear: 'See {fy}', rateCovers: 'average of the {n} fields with reports (of {total} fields with actions)', rateNone: 'no reports yet',
      fieldLink: 'Actions and KPIs of {field}', months: 'months {from} to {to}',
    },
  },
)
