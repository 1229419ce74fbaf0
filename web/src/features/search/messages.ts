import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  {
    search: { title: '検索', query: '検索語', submit: '検索', none: '見つかりませんでした。' },
    searchKind: {
      field: '分野', category: 'カテゴリ', direction: '連携方向', topic: '検討項目', initiative: '主な取組み', action: '具体的取組',
      photo: '写真', kpi: '成果指標', kpi_note: '成果指標の実績メモ', progress: '取組状況', evaluation: '評価',
    },
  },
  {
    search: { title: 'Search', query: 'Search terms', submit: 'Search', none: 'Nothing found.' },
    searchKind: {
      field: 'Field', category: 'Category', direction: 'Direction', topic: 'Topic', initiative: 'Main initiative', action: 'Action',
      photo: 'Photo', kpi: 'KPI', kpi_note: 'KPI actual note', progress: 'Progress', evaluation: 'Evaluation',
    },
  },
)
