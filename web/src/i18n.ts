import { createI18n } from 'vue-i18n'

// Japanese first; English switchable (the choice is kept in localStorage).
const ja = {
  app: { name: 'Kyosei 共生ビジョン', skip: '本文へ移動', lang: 'English', langLabel: '表示言語' },
  nav: {
    dashboard: 'ダッシュボード', vision: 'ビジョン', kpis: '成果指標', progress: '取組状況', tasks: '担当の入力', rounds: '照会の管理',
    search: '検索', audit: '監査ログ', users: '利用者', edit: '編集', signIn: 'ログイン', signOut: 'ログアウト',
  },
  role: {
    secretariat: '事務局', municipality_editor: '市町担当', subcommittee_member: '部会員', council_member: '懇談会委員',
    admin: '管理者', public: '一般公開',
  },
  login: {
    title: 'ログイン', login: 'ログインID', password: 'パスワード', submit: 'ログイン', code: '確認コード（6桁）',
    codeTitle: '二要素認証', codeHelp: '認証アプリに表示されている6桁のコードを入力してください。',
    enrolTitle: '二要素認証の登録', enrolHelp: '認証アプリで QR コードを読み取るか、秘密鍵を入力してから、表示された6桁のコードを入力してください。',
    secret: '秘密鍵', confirm: '登録する', verify: '確認する', failed: 'ログインできませんでした。',
  },
  common: {
    fy: '年度', save: '保存', saving: '保存中…', saved: '保存しました', cancel: 'キャンセル', none: 'なし', sample: 'サンプル',
    loading: '読み込み中…', error: 'エラー', print: '印刷', table: '表', chart: 'グラフ', reason: '理由', all: '全市町',
    deadline: '締切', state: '状態', town: '市町', field: '分野', category: 'カテゴリ', actions: '取組', total: '合計',
  },
  dashboard: {
    title: 'ダッシュボード', kpiGrades: '分野別の成果指標の評価', actionsByStatus: '分野別の取組状況',
    submissions: '市町別の提出状況', deadlines: '今後の締切', progressRate: '進捗率', overdue: '期限超過',
    noRound: 'この年度の照会はありません。', schedule: '年間スケジュール', past: '済',
  },
  vision: {
    title: '共生ビジョン', direction: '連携方向', initiatives: '主な取組み', actions: '具体的取組',
    matrix: '取組への参加（市町別）', discussing: '協議中のカテゴリ', candidates: '候補のカテゴリ', topics: '検討項目',
    participates: '参加', lead: '主担当',
  },
  kpi: {
    title: '成果指標', baseline: '基準値', target: '目標値', actual: '実績', grade: '評価', rate: '達成率',
    direction: '方向', source: '出典', byTown: '市町別の実績', explain: '評価の求め方', summed: '市町の合計',
    history: '目標値の変更履歴',
  },
  tasks: {
    title: '担当の入力', round: '照会', missing: '未入力', done: '入力済', status: '状況', result: '実施内容',
    sessions: '回数', participants: '参加者数', cost: '事業費（円）', value: '実績値', submit: '提出する',
    pasteHelp: 'Excel などからコピーした範囲を、表の最初のセルに貼り付けられます（列: 状況・実施内容・回数・参加者数・事業費）。',
    kpiPasteHelp: '実績値の列に Excel から値を貼り付けられます。', returned: '差戻しの理由', noRound: '入力する照会はありません。',
    submitted: '提出しました。事務局の確認をお待ちください。', locked: 'この報告は確定済みです。',
    pasted: '{n}個のセルに貼り付けました。保存するまで登録されません。',
  },
  rounds: {
    title: '照会の管理', open: '照会を開始', titleField: '件名', return: '差戻し', confirm: '確定', reopen: '再開',
    counts: '件数', view: '入力内容',
  },
  edit: {
    title: '取組の編集', conflictTitle: '他の人が先に保存しました', conflictHelp: 'あなたの変更はまだ保存されていません。最新の内容を確認し、必要ならあなたの変更をもう一度適用してください。',
    theirs: '保存されている内容（最新）', mine: 'あなたの変更', reapply: '最新の内容にあなたの変更を適用して保存', discard: '最新の内容を表示（自分の変更を破棄）',
    text: '内容', initiative: '主な取組み',
  },
  search: { title: '検索', query: '検索語', submit: '検索', none: '見つかりませんでした。' },
  audit: { title: '監査ログ', at: '日時', actor: '操作者', action: '操作', record: '対象' },
  users: { title: '利用者と役割', login: 'ログインID', name: '氏名', roles: '役割', state: '状態', disabled: '停止中' },
  status: { planned: '予定', in_progress: '実施中', done: '実施済', postponed: '延期', cancelled: '中止', not_reported: '未報告' },
  submissionState: { not_submitted: '未提出', submitted: '提出済', returned: '差戻し', confirmed: '確定' },
  dashboardMore: {
    sampleNote: '成果指標の数値はサンプル（デモ用の架空の値）を含みます',
    noActions: 'この年度の具体的取組はまだ登録されていません。',
    seeYear: '{fy}を見る',
  },
  roundsMore: { open: '受付中', complete: '完了', operations: '操作' },
  visionMore: { notStated: '参加市町の記載なし（資料に記載がありません）', leadMark: '主担当' },
  searchKind: {
    field: '分野', category: 'カテゴリ', direction: '連携方向', topic: '検討項目', initiative: '主な取組み', action: '具体的取組',
    photo: '写真', kpi: '成果指標', kpi_note: '成果指標の実績メモ', progress: '取組状況', evaluation: '評価',
  },
}

type Messages = typeof ja

const en: Messages = {
  app: { name: 'Kyosei cooperation vision', skip: 'Skip to content', lang: '日本語', langLabel: 'Language' },
  nav: {
    dashboard: 'Dashboard', vision: 'Vision', kpis: 'KPIs', progress: 'Progress', tasks: 'My tasks', rounds: 'Rounds',
    search: 'Search', audit: 'Audit trail', users: 'Users', edit: 'Edit', signIn: 'Sign in', signOut: 'Sign out',
  },
  role: {
    secretariat: 'Secretariat', municipality_editor: 'Town editor', subcommittee_member: 'Subcommittee',
    council_member: 'Council member', admin: 'Administrator', public: 'Public',
  },
  login: {
    title: 'Sign in', login: 'Login', password: 'Password', submit: 'Sign in', code: 'Code (6 digits)',
    codeTitle: 'Second factor', codeHelp: 'Enter the 6-digit code from your authenticator app.',
    enrolTitle: 'Set up the second factor', enrolHelp: 'Scan the QR code or enter the secret in an authenticator app, then enter the code it shows.',
    secret: 'Secret', confirm: 'Set up', verify: 'Verify', failed: 'Could not sign in.',
  },
  common: {
    fy: 'Fiscal year', save: 'Save', saving: 'Saving…', saved: 'Saved', cancel: 'Cancel', none: 'None', sample: 'Sample',
    loading: 'Loading…', error: 'Error', print: 'Print', table: 'Table', chart: 'Chart', reason: 'Reason', all: 'All towns',
    deadline: 'Deadline', state: 'State', town: 'Town', field: 'Field', category: 'Category', actions: 'Actions', total: 'Total',
  },
  dashboard: {
    title: 'Dashboard', kpiGrades: 'KPI grades by field', actionsByStatus: 'Actions by status and field',
    submissions: 'Submissions by town', deadlines: 'Next deadlines', progressRate: 'Progress', overdue: 'Overdue',
    noRound: 'No round for this fiscal year.', schedule: 'Annual schedule', past: 'past',
  },
  vision: {
    title: 'Cooperation vision', direction: 'Direction', initiatives: 'Main initiatives', actions: 'Actions',
    matrix: 'Participation by town', discussing: 'Categories under discussion', candidates: 'Candidate categories',
    topics: 'Topics', participates: 'takes part', lead: 'lead',
  },
  kpi: {
    title: 'KPIs', baseline: 'Baseline', target: 'Target', actual: 'Actual', grade: 'Grade', rate: 'Achievement',
    direction: 'Direction', source: 'Source', byTown: 'Actuals by town', explain: 'How the grade is worked out',
    summed: 'Sum of the towns', history: 'Target changes',
  },
  tasks: {
    title: 'My tasks', round: 'Round', missing: 'missing', done: 'entered', status: 'Status', result: 'What was done',
    sessions: 'Sessions', participants: 'Participants', cost: 'Cost (yen)', value: 'Actual', submit: 'Submit',
    pasteHelp: 'You can paste a block copied from Excel into the first cell (columns: status, result, sessions, participants, cost).',
    kpiPasteHelp: 'You can paste values from Excel into the actual column.', returned: 'Returned because',
    noRound: 'No round to fill in.', submitted: 'Submitted. The secretariat will review it.', locked: 'This report is confirmed.',
    pasted: '{n} cells pasted. Nothing is stored until you save.',
  },
  rounds: {
    title: 'Data-collection rounds', open: 'Open a round', titleField: 'Title', return: 'Return', confirm: 'Confirm',
    reopen: 'Reopen', counts: 'Counts', view: 'Entries',
  },
  edit: {
    title: 'Edit an initiative', conflictTitle: 'Someone else saved first', conflictHelp: 'Your change has not been saved. Check the latest version and apply your change again if needed.',
    theirs: 'Saved version (latest)', mine: 'Your change', reapply: 'Apply my change to the latest version and save', discard: 'Show the latest version (discard mine)',
    text: 'Text', initiative: 'Main initiative',
  },
  search: { title: 'Search', query: 'Search terms', submit: 'Search', none: 'Nothing found.' },
  audit: { title: 'Audit trail', at: 'When', actor: 'Who', action: 'Action', record: 'Record' },
  users: { title: 'Users and roles', login: 'Login', name: 'Name', roles: 'Roles', state: 'State', disabled: 'disabled' },
  status: { planned: 'Planned', in_progress: 'In progress', done: 'Done', postponed: 'Postponed', cancelled: 'Cancelled', not_reported: 'Not reported' },
  submissionState: { not_submitted: 'Not submitted', submitted: 'Submitted', returned: 'Returned', confirmed: 'Confirmed' },
  dashboardMore: {
    sampleNote: 'The KPI figures include samples (invented values for the demo)',
    noActions: 'No actions are recorded for this fiscal year yet.',
    seeYear: 'See {fy}',
  },
  roundsMore: { open: 'Open', complete: 'Complete', operations: 'Actions' },
  visionMore: { notStated: 'Participating towns not stated (not in the source document)', leadMark: 'lead' },
  searchKind: {
    field: 'Field', category: 'Category', direction: 'Direction', topic: 'Topic', initiative: 'Main initiative', action: 'Action',
    photo: 'Photo', kpi: 'KPI', kpi_note: 'KPI actual note', progress: 'Progress', evaluation: 'Evaluation',
  },
}

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem('kyosei.lang') === 'en' ? 'en' : 'ja',
  fallbackLocale: 'ja',
  messages: { ja, en },
})

export function toggleLanguage() {
  const next = i18n.global.locale.value === 'ja' ? 'en' : 'ja'
  i18n.global.locale.value = next
  localStorage.setItem('kyosei.lang', next)
  document.documentElement.lang = next
}
