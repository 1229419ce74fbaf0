import { defineMessages } from '../common/i18n/define'

// Field labels are keyed by the field names of the editing API (docs/api/openapi.yaml);
// enum labels by field name and code.
export default defineMessages(
  {
    vision: {
      title: '共生ビジョン', direction: '連携方向', initiatives: '主な取組み', actions: '具体的取組',
      matrix: '取組への参加（市町別）', discussing: '協議中のカテゴリ', candidates: '候補のカテゴリ', topics: '検討項目',
      participates: '参加', lead: '主担当', notStated: '参加市町の記載なし（資料に記載がありません）', leadMark: '主担当',
      nextStage: '{from}から{stage}',
    },
    drill: {
      breadcrumbs: 'パンくずリスト', field: '分野', category: 'カテゴリ', action: '取組', categories: 'カテゴリ',
      notFound: '{fy}のビジョンに、この{what}はありません。', stage: '段階', participants: '参加市町', funding: '財源',
      viewpoints: '検討の視点', records: '市町の取組状況', noRecords: 'この年度の報告はまだありません。',
      membersOnly: '市町ごとの報告と評価は、ログインした圏域の関係者に表示されます。', noKpis: '成果指標はありません。',
      noActions: 'この年度の具体的取組はありません。', actionCount: '具体的取組 {n}件', kpisOf: '成果指標',
      actionNoId: 'この取組の詳細ページは圏域の関係者向けです。カテゴリのページで内容を見られます。', openCategory: 'カテゴリのページへ',
      initiative: '主な取組み', status: '状況', progressRate: '進捗率', noRate: '報告なし',
    },
    plan: {
      editTitle: '取組の編集', initiative: '主な取組み', create: '作成', newRecord: '新規作成', delete: '削除',
      confirmDelete: '{name} を削除しますか？', deleted: '削除しました',
    },
    resources: {
      municipalities: '構成市町', agreements: '協定', 'policy-areas': '政策分野', fields: '分野', categories: 'カテゴリ',
      initiatives: '主な取組み', actions: '具体的取組',
    },
    fields: {
      code: '団体コード（5桁）', name: '名称', kind: '種別', role: '役割', title: '名称', municipality: '相手の市町（団体コード）',
      signed_on: '締結日', resolved_on: '議決日', note: '備考', policy_area_id: '政策分野', field_id: '分野', stage: '段階',
      from_fiscal_year: 'その段階の開始年度（西暦）', text: '内容', category_id: 'カテゴリ', fiscal_year: '年度（西暦）',
      initiative_id: '主な取組み', all_participate: '全市町で実施', lead: '主担当（団体コード）', funding: '財源',
      viewpoints: '検討の視点（1〜6、カンマ区切り）',
    },
    enum: {
      kind: { city: '市', town: '町', village: '村', formation: '形成協定', other: 'その他' },
      role: { central: '中心市', member: '構成市町' },
      stage: { candidate: '候補', discussing: '協議中', active: '実施', ended: '終了' },
    },
  },
  {
    vision: {
      title: 'Cooperation vision', direction: 'Direction', initiatives: 'Main initiatives', actions: 'Actions',
      matrix: 'Participation by town', discussing: 'Categories under discussion', candidates: 'Candidate categories',
      topics: 'Topics', participates: 'takes part', lead: 'lead', notStated: 'Participating towns not stated (not in the source document)',
      leadMark: 'lead', nextStage: '{stage} from {from}',
    },
    drill: {
      breadcrumbs: 'Breadcrumbs', field: 'Field', category: 'Category', action: 'Action', categories: 'Categories',
      notFound: 'This {what} is not in the vision of {fy}.', stage: 'Stage', participants: 'Towns taking part', funding: 'Funding',
      viewpoints: 'Viewpoints', records: "Towns' reports", noRecords: 'No reports for this year yet.',
      membersOnly: "Each town's reports and the evaluation are shown to the region's members when signed in.", noKpis: 'No KPIs.',
      noActions: 'No actions in this year.', actionCount: '{n} actions', kpisOf: 'KPIs',
      actionNoId: "This action's own page is for the region's members. Its category page shows what it is.", openCategory: 'Go to the category',
      initiative: 'Initiative', status: 'Status', progressRate: 'Progress', noRate: 'no reports',
    },
    plan: {
      editTitle: 'Edit an initiative', initiative: 'Main initiative', create: 'Create', newRecord: 'New', delete: 'Delete',
      confirmDelete: 'Delete {name}?', deleted: 'Deleted',
    },
    resources: {
      municipalities: 'Municipalities', agreements: 'Agreements', 'policy-areas': 'Policy areas', fields: 'Fields',
      categories: 'Categories', initiatives: 'Main initiatives', actions: 'Actions',
    },
    fields: {
      code: 'Code (5 digits)', name: 'Name', kind: 'Kind', role: 'Role', title: 'Title', municipality: 'Partner (code)',
      signed_on: 'Signed on', resolved_on: 'Resolved on', note: 'Note', policy_area_id: 'Policy area', field_id: 'Field',
      stage: 'Stage', from_fiscal_year: 'From fiscal year', text: 'Text', category_id: 'Category', fiscal_year: 'Fiscal year',
      initiative_id: 'Main initiative', all_participate: 'All towns take part', lead: 'Lead (code)', funding: 'Funding',
      viewpoints: 'Viewpoints (1-6, comma-separated)',
    },
    enum: {
      kind: { city: 'City', town: 'Town', village: 'Village', formation: 'Formation agreement', other: 'Other' },
      role: { central: 'Central city', member: 'Member' },
      stage: { candidate: 'Candidate', discussing: 'Under discussion', active: 'Active', ended: 'Ended' },
    },
  },
)
