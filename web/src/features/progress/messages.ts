import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  {
    progress: {
      title: '取組状況と評価', evidence: '証拠', evidenceFile: '証拠ファイル', evaluation: '評価・検証',
      nextDirection: '次年度の方向性', comment: 'コメント',
    },
    nextDirection: { continue: '継続', expand: '拡充', review: '見直し', end: '終了' },
    units: { sessions: '回', participants: '人', yen: '円' },
    tasks: {
      title: '担当の入力', round: '照会', missing: '未入力', done: '入力済', status: '状況', result: '実施内容',
      sessions: '回数', participants: '参加者数', cost: '事業費（円）', value: '実績値', submit: '提出する',
      pasteHelp: 'Excel などからコピーした範囲を、表の最初のセルに貼り付けられます（列: 状況・実施内容・回数・参加者数・事業費）。',
      kpiPasteHelp: '実績値の列に Excel から値を貼り付けられます。', returned: '差戻しの理由', noRound: '入力する照会はありません。',
      submitted: '提出しました。事務局の確認をお待ちください。', locked: 'この報告は確定済みです。',
      pasted: '{n}個のセルに貼り付けました。保存するまで登録されません。',
      notNumber: '数値ではありません', badStatus: '状況「{value}」は選べません', notCount: '「{value}」は0以上の整数ではありません',
    },
    rounds: {
      title: '照会の管理', open: '照会を開始', titleField: '件名', return: '差戻し', confirm: '確定', reopen: '再開',
      counts: '件数', view: '入力内容', isOpen: '受付中', complete: '完了', operations: '操作',
    },
  },
  {
    progress: {
      title: 'Progress and evaluations', evidence: 'Evidence', evidenceFile: 'evidence file', evaluation: 'Evaluation',
      nextDirection: 'Next year', comment: 'Comment',
    },
    nextDirection: { continue: 'Continue', expand: 'Expand', review: 'Review', end: 'End' },
    units: { sessions: ' sessions', participants: ' people', yen: ' yen' },
    tasks: {
      title: 'My tasks', round: 'Round', missing: 'missing', done: 'entered', status: 'Status', result: 'What was done',
      sessions: 'Sessions', participants: 'Participants', cost: 'Cost (yen)', value: 'Actual', submit: 'Submit',
      pasteHelp: 'You can paste a block copied from Excel into the first cell (columns: status, result, sessions, participants, cost).',
      kpiPasteHelp: 'You can paste values from Excel into the actual column.', returned: 'Returned because',
      noRound: 'No round to fill in.', submitted: 'Submitted. The secretariat will review it.', locked: 'This report is confirmed.',
      pasted: '{n} cells pasted. Nothing is stored until you save.',
      notNumber: 'not a number', badStatus: 'status "{value}" is not one of the choices', notCount: '"{value}" is not a whole number of 0 or more',
    },
    rounds: {
      title: 'Data-collection rounds', open: 'Open a round', titleField: 'Title', return: 'Return', confirm: 'Confirm',
      reopen: 'Reopen', counts: 'Counts', view: 'Entries', isOpen: 'Open', complete: 'Complete', operations: 'Actions',
    },
  },
)
