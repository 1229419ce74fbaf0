import { defineMessages } from './i18n/define'

// Texts shared by every feature: the shell, roles, common words, status codes.
export default defineMessages(
  {
    app: { name: 'Kyosei 共生ビジョン', skip: '本文へ移動', lang: 'English', langLabel: '表示言語' },
    nav: {
      dashboard: 'ダッシュボード', vision: 'ビジョン', kpis: '成果指標', progress: '取組状況', tasks: '担当の入力', rounds: '照会の管理',
      search: '検索', audit: '監査ログ', users: '利用者', edit: '編集', signIn: 'ログイン', signOut: 'ログアウト',
    },
    role: {
      secretariat: '事務局', municipality_editor: '市町担当', subcommittee_member: '部会員', council_member: '懇談会委員',
      admin: '管理者', public: '一般公開',
    },
    common: {
      fy: '年度', save: '保存', saving: '保存中…', saved: '保存しました', cancel: 'キャンセル', none: 'なし', sample: 'サンプル',
      sampleTitle: '説明用の架空の値です',
      loading: '読み込み中…', error: 'エラー', print: '印刷', table: '表', chart: 'グラフ', reason: '理由', all: '全市町',
      deadline: '締切', state: '状態', town: '市町', field: '分野', category: 'カテゴリ', actions: '取組', total: '合計',
      version: '版', notFound: 'ページが見つかりません', backToStart: 'トップへ戻る',
      noDataYear: '{fy}の取組はまだ登録されていません。', seeYear: '{fy}を見る',
      signInNeeded: 'このページは圏域の関係者（事務局・市町の担当者・委員）向けです。ログインしてください。', signInLink: 'ログインして表示する',
      networkError: 'サーバーに接続できませんでした。入力した内容は残っています。通信を確認して、もう一度保存してください。',
    },
    edit: {
      conflictTitle: '他の人が先に保存しました', conflictHelp: 'あなたの変更はまだ保存されていません。最新の内容を確認し、必要ならあなたの変更をもう一度適用してください。',
      theirs: '保存されている内容（最新）', mine: 'あなたの変更', reapply: '最新の内容にあなたの変更を適用して保存', discard: '最新の内容を表示（自分の変更を破棄）',
    },
    unsaved: {
      title: '保存していない変更があります', body: 'このページを離れると、入力した内容は保存されずに失われます。',
      leave: '変更を破棄して移動する', stay: 'このページに留まる',
    },
    status: { planned: '予定', in_progress: '実施中', done: '実施済', postponed: '延期', cancelled: '中止', not_reported: '未報告' },
    submissionState: { not_submitted: '未提出', submitted: '提出済', returned: '差戻し', confirmed: '確定' },
  },
  {
    app: { name: 'Kyosei cooperation vision', skip: 'Skip to content', lang: '日本語', langLabel: 'Language' },
    nav: {
      dashboard: 'Dashboard', vision: 'Vision', kpis: 'KPIs', progress: 'Progress', tasks: 'My tasks', rounds: 'Rounds',
      search: 'Search', audit: 'Audit trail', users: 'Users', edit: 'Edit', signIn: 'Sign in', signOut: 'Sign out',
    },
    role: {
      secretariat: 'Secretariat', municipality_editor: 'Town editor', subcommittee_member: 'Subcommittee',
      council_member: 'Council member', admin: 'Administrator', public: 'Public',
    },
    common: {
      fy: 'Fiscal year', save: 'Save', saving: 'Saving…', saved: 'Saved', cancel: 'Cancel', none: 'None', sample: 'Sample',
      sampleTitle: 'Invented figures for the demo',
      loading: 'Loading…', error: 'Error', print: 'Print', table: 'Table', chart: 'Chart', reason: 'Reason', all: 'All towns',
      deadline: 'Deadline', state: 'State', town: 'Town', field: 'Field', category: 'Category', actions: 'Actions', total: 'Total',
      version: 'Version', notFound: 'Page not found', backToStart: 'Back to the start',
      noDataYear: 'No actions are recorded for {fy} yet.', seeYear: 'See {fy}',
      signInNeeded: "This page is for the region's members (secretariat, town staff, council). Please sign in.", signInLink: 'Sign in to see it',
      networkError: 'Could not reach the server. What you typed is still here; check the connection and save again.',
    },
    edit: {
      conflictTitle: 'Someone else saved first', conflictHelp: 'Your change has not been saved. Check the latest version and apply your change again if needed.',
      theirs: 'Saved version (latest)', mine: 'Your change', reapply: 'Apply my change to the latest version and save', discard: 'Show the latest version (discard mine)',
    },
    unsaved: {
      title: 'You have unsaved changes', body: 'If you leave this page, what you typed is lost without being saved.',
      leave: 'Discard the changes and leave', stay: 'Stay on this page',
    },
    status: { planned: 'Planned', in_progress: 'In progress', done: 'Done', postponed: 'Postponed', cancelled: 'Cancelled', not_reported: 'Not reported' },
    submissionState: { not_submitted: 'Not submitted', submitted: 'Submitted', returned: 'Returned', confirmed: 'Confirmed' },
  },
)
